package dev.tollgate.app.stripe;

import com.google.gson.annotations.SerializedName;
import com.stripe.net.ApiRequestParams;
import com.stripe.param.common.EmptyParam;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which parameters an endpoint takes, read by reflection from the stripe-java params class that stripe-java itself
 * sends for it (InvoiceCreateParams for POST /v1/invoices, ...): every field's {@code @SerializedName} is a parameter;
 * a nested params class is a hash, {@code List<X>} an array, {@code Map<String, X>} a hash with free keys (metadata).
 * Fields typed {@code Object} (or an interface) take several shapes (a list or "" to unset, a string or a hash), so
 * their shapes are read from the params builder's {@code setX(...)} overloads.
 *
 * <p>{@link #validate} answers like Stripe: an unknown name is "Received unknown parameter: lines[0][amout]", a value
 * of the wrong type "Invalid integer: abc", and the result is the tree with arrays turned into lists in index order.
 * stripe-java's {@code extraParams} map is not a parameter (it is how a caller sends names stripe-java does not know,
 * which is exactly what Stripe would reject).
 */
final class StripeParamSchema {

    /** Stripe's limits on metadata, checked wherever a parameter called metadata is a free-keyed hash. */
    static final int METADATA_MAX_KEYS = 50;
    static final int METADATA_MAX_KEY_LENGTH = 40;
    static final int METADATA_MAX_VALUE_LENGTH = 500;

    private static final String EXTRA_PARAMS_NAME = "_stripe_java_extra_param_key";
    private static final Map<Class<?>, HashType> HASHES = new ConcurrentHashMap<>();
    /** For endpoints without a params class (DELETE): only expand. */
    private static final StripeParamSchema EXPAND_ONLY = new StripeParamSchema(new HashType(null));

    private final HashType root;

    private StripeParamSchema(HashType root) {
        this.root = root;
    }

    static StripeParamSchema of(Class<?> paramsClass) {
        return paramsClass == null ? EXPAND_ONLY : new StripeParamSchema(hashOf(paramsClass));
    }

    /** The top-level parameter names, for tests of the schema itself. */
    Set<String> names() {
        return Collections.unmodifiableSet(root.fields().keySet());
    }

    /**
     * Every parameter name the endpoint accepts, nested ones included, as "lines[][amount]" ("[]" for an array
     * element, "[*]" for a free key). Resolves the whole schema, so it also proves that reflection copes with it.
     */
    Set<String> allNames() {
        Set<String> names = new java.util.TreeSet<>();
        collect(root, "", names, new java.util.HashSet<>());
        return names;
    }

    private static void collect(ParamType type, String name, Set<String> names, Set<HashType> visiting) {
        if (!name.isEmpty()) {
            names.add(name);
        }
        if (type instanceof HashType hash) {
            if (!visiting.add(hash)) {
                return; // a params class that contains itself
            }
            hash.fields().forEach((key, field) -> collect(field, StripeForm.child(name, key), names, visiting));
            visiting.remove(hash);
        } else if (type instanceof ArrayType array) {
            collect(array.element, name + "[]", names, visiting);
        } else if (type instanceof MapType map) {
            collect(map.value, name + "[*]", names, visiting);
        } else if (type instanceof UnionType union) {
            union.alternatives.forEach(alternative -> collect(alternative, name, names, visiting));
        }
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> validate(Map<String, Object> raw) {
        return (Map<String, Object>) root.check(raw, "");
    }

    private static HashType hashOf(Class<?> type) {
        return HASHES.computeIfAbsent(type, HashType::new);
    }

    // ---- parameter types ------------------------------------------------------------------------------------------

    /** One parameter's accepted shape; check answers the normalized value or throws Stripe's 400. */
    private abstract static class ParamType {
        abstract Object check(Object value, String name);

        /** Whether this shape is a hash or an array (so a union tries it for a nested value first). */
        boolean structured() {
            return false;
        }
    }

    private enum ScalarKind { STRING, INTEGER, BOOLEAN, DECIMAL, ANY }

    private static final class ScalarType extends ParamType {
        private final ScalarKind kind;

        ScalarType(ScalarKind kind) {
            this.kind = kind;
        }

        @Override
        Object check(Object value, String name) {
            if (kind == ScalarKind.ANY) {
                return value;
            }
            String text = value instanceof String s ? s : null;
            switch (kind) {
                case STRING:
                    if (text == null) {
                        throw StripeApiError.invalid("Invalid string: " + render(value), name);
                    }
                    return text;
                case INTEGER:
                    if (text == null || !text.matches("-?[0-9]{1,19}")) {
                        throw StripeApiError.invalid("Invalid integer: " + render(value), name);
                    }
                    try {
                        Long.parseLong(text);
                    } catch (NumberFormatException e) {
                        throw StripeApiError.invalid("Invalid integer: " + text, name);
                    }
                    return text;
                case BOOLEAN:
                    if (!"true".equals(text) && !"false".equals(text)) {
                        throw StripeApiError.invalid("Invalid boolean: " + render(value), name);
                    }
                    return text;
                case DECIMAL:
                    try {
                        if (text == null || text.isBlank()) {
                            throw new NumberFormatException();
                        }
                        new BigDecimal(text);
                    } catch (NumberFormatException e) {
                        throw StripeApiError.invalid("Invalid decimal: " + render(value), name);
                    }
                    return text;
                default:
                    throw new IllegalStateException(kind.toString());
            }
        }
    }

    private static final class EnumType extends ParamType {
        private final List<String> values;

        EnumType(List<String> values) {
            this.values = values;
        }

        @Override
        Object check(Object value, String name) {
            if (value instanceof String s && values.contains(s)) {
                return s;
            }
            throw StripeApiError.invalid("Invalid " + name + ": must be one of " + oneOf(values), name);
        }

        private static String oneOf(List<String> values) {
            List<String> shown = values.size() > 12 ? values.subList(0, 12) : values;
            String listed = shown.size() == 1 ? shown.get(0)
                    : String.join(", ", shown.subList(0, shown.size() - 1)) + ", or " + shown.get(shown.size() - 1);
            return values.size() > shown.size() ? listed + " (and " + (values.size() - shown.size()) + " more)"
                    : listed;
        }
    }

    /** stripe-java's EmptyParam: the empty string, which unsets a field. */
    private static final class EmptyType extends ParamType {
        @Override
        Object check(Object value, String name) {
            if ("".equals(value)) {
                return "";
            }
            throw StripeApiError.invalid("Invalid " + name + ": expected an empty string", name);
        }
    }

    private static final class ArrayType extends ParamType {
        private final ParamType element;

        ArrayType(ParamType element) {
            this.element = element;
        }

        @Override
        boolean structured() {
            return true;
        }

        @Override
        Object check(Object value, String name) {
            if ("".equals(value)) {
                return List.of(); // stripe-java sends an empty list as "name="
            }
            if (!(value instanceof Map<?, ?> map)) {
                throw StripeApiError.invalid("Invalid array", name);
            }
            Map<Integer, Object> byIndex = new java.util.TreeMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = (String) entry.getKey();
                if (!key.matches("[0-9]{1,6}")) {
                    throw StripeApiError.invalid("Invalid array", name);
                }
                byIndex.put(Integer.parseInt(key), entry.getValue());
            }
            List<Object> list = new ArrayList<>();
            for (Map.Entry<Integer, Object> entry : byIndex.entrySet()) {
                list.add(element.check(entry.getValue(), name + "[" + entry.getKey() + "]"));
            }
            return list;
        }
    }

    /** A hash with free keys, {@code Map<String, X>}; when it is called metadata, Stripe's metadata limits apply. */
    private static final class MapType extends ParamType {
        private final ParamType value;
        private final boolean metadata;

        MapType(ParamType value, boolean metadata) {
            this.value = value;
            this.metadata = metadata;
        }

        @Override
        boolean structured() {
            return true;
        }

        @Override
        Object check(Object given, String name) {
            if ("".equals(given)) {
                return "";
            }
            if (!(given instanceof Map<?, ?> map)) {
                throw StripeApiError.invalid("Invalid hash", name);
            }
            if (metadata && map.size() > METADATA_MAX_KEYS) {
                throw StripeApiError.invalid("Invalid " + name + ": metadata can have at most " + METADATA_MAX_KEYS
                        + " keys, but " + map.size() + " were given.", name);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = (String) entry.getKey();
                String childName = name + "[" + key + "]";
                Object checked = value.check(entry.getValue(), childName);
                if (metadata) {
                    checkMetadataEntry(key, checked, name, childName);
                }
                out.put(key, checked);
            }
            return out;
        }

        private static void checkMetadataEntry(String key, Object value, String name, String childName) {
            if (key.isEmpty()) {
                throw StripeApiError.invalid("Invalid " + name + ": metadata keys can't be empty.", name);
            }
            if (key.length() > METADATA_MAX_KEY_LENGTH) {
                throw StripeApiError.invalid("Invalid " + name + ": metadata keys can have up to "
                        + METADATA_MAX_KEY_LENGTH + " characters, but '" + key + "' has " + key.length() + ".",
                        childName);
            }
            if (!(value instanceof String s)) {
                throw StripeApiError.invalid("Invalid string: " + render(value), childName);
            }
            if (s.length() > METADATA_MAX_VALUE_LENGTH) {
                throw StripeApiError.invalid("Invalid " + childName + ": metadata values can have up to "
                        + METADATA_MAX_VALUE_LENGTH + " characters, but this one has " + s.length() + ".", childName);
            }
        }
    }

    private static final class UnionType extends ParamType {
        private final List<ParamType> alternatives;

        UnionType(List<ParamType> alternatives) {
            this.alternatives = alternatives;
        }

        @Override
        boolean structured() {
            return alternatives.stream().anyMatch(ParamType::structured);
        }

        @Override
        Object check(Object value, String name) {
            boolean nested = value instanceof Map;
            StripeApiError first = null;
            // A nested value is first tried against the hash/array shapes, a plain one against the others, so the
            // error reported is the one about the shape the caller meant.
            for (boolean preferStructured : new boolean[] {nested, !nested}) {
                for (ParamType alternative : alternatives) {
                    if (alternative.structured() != preferStructured) {
                        continue;
                    }
                    try {
                        return alternative.check(value, name);
                    } catch (StripeApiError e) {
                        if (first == null) {
                            first = e;
                        }
                    }
                }
            }
            throw first != null ? first : StripeApiError.invalid("Invalid " + name, name);
        }
    }

    /** A nested params class (or the endpoint's params class itself): a hash whose names are its fields. */
    private static final class HashType extends ParamType {
        private final Class<?> type;
        private volatile Map<String, ParamType> fields;

        HashType(Class<?> type) {
            this.type = type;
        }

        @Override
        boolean structured() {
            return true;
        }

        Map<String, ParamType> fields() {
            Map<String, ParamType> known = fields;
            if (known == null) {
                synchronized (this) {
                    if (fields == null) {
                        fields = readFields(type);
                    }
                    known = fields;
                }
            }
            return known;
        }

        @Override
        Object check(Object value, String name) {
            if (!(value instanceof Map<?, ?> map)) {
                throw StripeApiError.invalid("Invalid hash", name.isEmpty() ? null : name);
            }
            Map<String, ParamType> known = fields();
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = (String) entry.getKey();
                String childName = StripeForm.child(name, key);
                ParamType field = known.get(key);
                if (field == null) {
                    throw StripeApiError.unknownParameter(childName);
                }
                out.put(key, field.check(entry.getValue(), childName));
            }
            return out;
        }
    }

    // ---- reading stripe-java's classes ----------------------------------------------------------------------------

    private static Map<String, ParamType> readFields(Class<?> type) {
        Map<String, ParamType> fields = new LinkedHashMap<>();
        if (type == null) {
            // An endpoint without a params class still takes expand; a params class declares expand itself, and
            // only at the top level (Stripe has no lines[0][expand]).
            fields.put("expand", new ArrayType(new ScalarType(ScalarKind.STRING)));
            return fields;
        }
        for (Field field : type.getDeclaredFields()) {
            SerializedName serialized = field.getAnnotation(SerializedName.class);
            if (serialized == null || Modifier.isStatic(field.getModifiers()) || field.isSynthetic()
                    || EXTRA_PARAMS_NAME.equals(serialized.value())) {
                continue;
            }
            ParamType paramType = typeOf(field.getGenericType(), field, type, serialized.value());
            fields.put(serialized.value(), paramType);
            for (String alternate : serialized.alternate()) {
                fields.put(alternate, paramType);
            }
        }
        return fields;
    }

    private static ParamType typeOf(Type type, Field field, Class<?> owner, String name) {
        if (type instanceof WildcardType wildcard) {
            return typeOf(wildcard.getUpperBounds()[0], null, owner, name);
        }
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            Type[] arguments = parameterized.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw)) {
                return new ArrayType(typeOf(arguments[0], null, owner, name));
            }
            if (Map.class.isAssignableFrom(raw)) {
                return new MapType(typeOf(arguments[1], null, owner, name), "metadata".equals(name));
            }
            return new ScalarType(ScalarKind.ANY);
        }
        if (!(type instanceof Class<?> cls)) {
            return new ScalarType(ScalarKind.ANY);
        }
        if (cls == String.class) {
            return new ScalarType(ScalarKind.STRING);
        }
        if (cls == Long.class || cls == Integer.class || cls == long.class || cls == int.class) {
            return new ScalarType(ScalarKind.INTEGER);
        }
        if (cls == Boolean.class || cls == boolean.class) {
            return new ScalarType(ScalarKind.BOOLEAN);
        }
        if (cls == BigDecimal.class || cls == Double.class || cls == Float.class) {
            return new ScalarType(ScalarKind.DECIMAL);
        }
        if (cls == EmptyParam.class) {
            return new EmptyType();
        }
        if (cls.isEnum()) {
            return new EnumType(enumValues(cls));
        }
        if (cls == Object.class || cls.isInterface() && !List.class.isAssignableFrom(cls)
                && !Map.class.isAssignableFrom(cls)) {
            return field == null ? new ScalarType(ScalarKind.ANY) : fromBuilder(field, owner, name);
        }
        if (List.class.isAssignableFrom(cls)) {
            return new ArrayType(new ScalarType(ScalarKind.ANY));
        }
        if (Map.class.isAssignableFrom(cls)) {
            return new MapType(new ScalarType(ScalarKind.ANY), "metadata".equals(name));
        }
        if (cls.getName().startsWith("com.stripe.param.")) {
            return hashOf(cls);
        }
        return new ScalarType(ScalarKind.ANY);
    }

    /**
     * A field typed Object is set through overloads like {@code setMetadata(Map<String,String>)} and
     * {@code setMetadata(EmptyParam)}; their parameter types are the shapes the field takes.
     */
    private static ParamType fromBuilder(Field field, Class<?> owner, String name) {
        Class<?> builder = null;
        for (Class<?> nested : owner.getDeclaredClasses()) {
            if (nested.getSimpleName().equals("Builder")) {
                builder = nested;
            }
        }
        if (builder == null) {
            return new ScalarType(ScalarKind.ANY);
        }
        String setter = "set" + Character.toUpperCase(field.getName().charAt(0)) + field.getName().substring(1);
        Set<ParamType> alternatives = new LinkedHashSet<>();
        for (Method method : builder.getDeclaredMethods()) {
            if (method.getName().equals(setter) && method.getParameterCount() == 1) {
                alternatives.add(typeOf(method.getGenericParameterTypes()[0], null, owner, name));
            }
        }
        if (alternatives.isEmpty()) {
            return new ScalarType(ScalarKind.ANY);
        }
        return alternatives.size() == 1 ? alternatives.iterator().next() : new UnionType(new ArrayList<>(alternatives));
    }

    private static List<String> enumValues(Class<?> enumClass) {
        List<String> values = new ArrayList<>();
        for (Object constant : enumClass.getEnumConstants()) {
            String value = null;
            try {
                SerializedName serialized =
                        enumClass.getField(((Enum<?>) constant).name()).getAnnotation(SerializedName.class);
                if (serialized != null) {
                    value = serialized.value();
                }
            } catch (NoSuchFieldException e) {
                // fall through to getValue()
            }
            if (value == null && constant instanceof ApiRequestParams.EnumParam enumParam) {
                value = enumParam.getValue();
            }
            values.add(value != null ? value : ((Enum<?>) constant).name().toLowerCase());
        }
        return values;
    }

    private static String render(Object value) {
        return value instanceof String s ? s : StripeJson.write(StripeJson.MAPPER.valueToTree(value));
    }
}

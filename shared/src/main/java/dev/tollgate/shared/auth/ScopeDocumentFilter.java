package dev.tollgate.shared.auth;

import io.quarkus.arc.Arc;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;

/**
 * Writes each operation's required API-key scope into the OpenAPI document as {@code x-tollgate-scope}, read from the
 * same {@link RequiresScope} annotations that {@link ApiKeyAuthFilter} enforces: clients see what a key needs, and
 * the scope test checks every documented operation against what the server does.
 */
@OpenApiFilter(OpenApiFilter.RunStage.RUN)
public class ScopeDocumentFilter implements OASFilter {

    public static final String EXTENSION = "x-tollgate-scope";
    /** What {@link #EXTENSION} says of a {@link SignedRequest} endpoint: no API key, a signature. */
    public static final String SIGNATURE = "signature";
    private static final List<Class<? extends Annotation>> METHODS = List.of(GET.class, POST.class, PUT.class,
            DELETE.class, PATCH.class, HEAD.class);

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        Map<String, String> scopes = declaredScopes();
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((method, operation) -> {
            String scope = scopes.get(method.name() + " " + path);
            if (scope != null) {
                operation.addExtension(EXTENSION, scope);
            }
        }));
    }

    /** "METHOD /path" of every REST operation, to the scope it requires ({@link #SIGNATURE}: none, signed). */
    static Map<String, String> declaredScopes() {
        Map<String, String> scopes = new HashMap<>();
        for (Bean<?> bean : Arc.container().beanManager().getBeans(Object.class, Any.Literal.INSTANCE)) {
            Class<?> type = bean.getBeanClass();
            Path classPath = type.getAnnotation(Path.class);
            if (classPath == null) {
                continue;
            }
            RequiresScope onClass = type.getAnnotation(RequiresScope.class);
            for (Method method : type.getMethods()) {
                for (Class<? extends Annotation> http : METHODS) {
                    if (method.isAnnotationPresent(http)) {
                        Path methodPath = method.getAnnotation(Path.class);
                        RequiresScope onMethod = method.getAnnotation(RequiresScope.class);
                        Scope scope = onMethod != null ? onMethod.value() : onClass != null ? onClass.value()
                                : Scope.ADMIN;
                        scopes.put(http.getSimpleName() + " " + join(classPath.value(),
                                methodPath == null ? "" : methodPath.value()),
                                method.isAnnotationPresent(SignedRequest.class) ? SIGNATURE : scope.wireName());
                    }
                }
            }
        }
        return scopes;
    }

    private static String join(String base, String sub) {
        String path = "/" + base.replaceAll("^/+|/+$", "") + (sub.isEmpty() ? "" : "/" + sub.replaceAll("^/+", ""));
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}

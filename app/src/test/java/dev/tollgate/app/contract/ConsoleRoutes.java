package dev.tollgate.app.contract;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Every route of the console, read from its JAX-RS resources, as the API's contract tests read operations from the
 * OpenAPI document: a page or form added later is checked without touching the tests.
 */
public final class ConsoleRoutes {

    static final String PACKAGE = "dev.tollgate.console";
    /** Every field any console form has. */
    static final List<String> FORM_FIELDS = List.of("csrf", "apiKey", "reason", "lines", "planId",
            "month");

    /** A route: its method, path template, and the parameters it reads from the path, query and form. */
    public record Route(String method, String path, List<String> pathParameters, List<String> queryParameters,
            List<String> formParameters) {

        public String pathWith(String value) {
            String path = this.path;
            for (String name : pathParameters) {
                path = path.replace("{" + name + "}", value);
            }
            return path;
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private ConsoleRoutes() {
    }

    public static List<Route> all() {
        List<Route> routes = new ArrayList<>();
        for (JavaClass type : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(PACKAGE)) {
            Class<?> resource = type.reflect();
            Path base = resource.getAnnotation(Path.class);
            if (base == null) {
                continue;
            }
            for (Method method : resource.getDeclaredMethods()) {
                String verb = method.isAnnotationPresent(GET.class) ? "GET"
                        : method.isAnnotationPresent(POST.class) ? "POST" : null;
                if (verb == null) {
                    continue;
                }
                Path sub = method.getAnnotation(Path.class);
                String path = sub == null ? base.value() : base.value() + sub.value();
                List<String> pathParams = new ArrayList<>();
                List<String> queryParams = new ArrayList<>();
                List<String> formParams = new ArrayList<>();
                for (Parameter parameter : method.getParameters()) {
                    if (parameter.isAnnotationPresent(PathParam.class)) {
                        pathParams.add(parameter.getAnnotation(PathParam.class).value());
                    } else if (parameter.isAnnotationPresent(QueryParam.class)) {
                        queryParams.add(parameter.getAnnotation(QueryParam.class).value());
                    }
                }
                if (verb.equals("POST")) {
                    formParams.addAll(FORM_FIELDS); // forms are read by the console itself (Form), not by JAX-RS
                }
                routes.add(new Route(verb, path, pathParams, queryParams, formParams));
            }
        }
        routes.sort(Comparator.comparing(Route::toString));
        return routes;
    }
}

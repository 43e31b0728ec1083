package dev.tollgate.shared.roles;

import dev.tollgate.shared.auth.RequiresScope;
import dev.tollgate.shared.auth.Scope;
import dev.tollgate.shared.problem.ApiException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ResourceInfo;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Serves only the endpoints of this process's roles: the event endpoints (those that take the ingest scope) in an
 * ingest process, every other one (the console included) in an API process. Another role's endpoint answers 404, as
 * if it were not there, before any key is checked: a load balancer that sends it here is misconfigured.
 */
public class RoleFilter {

    private static final Map<Method, Role> ROLE_OF = new ConcurrentHashMap<>();

    @Inject
    Roles roles;

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION - 100)
    public void servedHere(ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        if (method == null) {
            return;
        }
        Role role = ROLE_OF.computeIfAbsent(method, m -> ingests(m, resource.getResourceClass()) ? Role.INGEST
                : Role.API);
        if (!roles.runs(role)) {
            throw ApiException.notFound("this process does not serve " + name(role) + " endpoints (its roles: "
                    + roles.all().stream().sorted().map(RoleFilter::name).toList() + ")");
        }
    }

    private static String name(Role role) {
        return role.name().toLowerCase(Locale.ROOT);
    }

    private static boolean ingests(Method method, Class<?> resourceClass) {
        RequiresScope scope = method.getAnnotation(RequiresScope.class);
        if (scope == null && resourceClass != null) {
            scope = resourceClass.getAnnotation(RequiresScope.class);
        }
        return scope != null && scope.value() == Scope.INGEST;
    }
}

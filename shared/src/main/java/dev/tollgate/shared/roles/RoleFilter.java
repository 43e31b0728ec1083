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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Serves only the endpoints of this process's roles: the event endpoints (those that take the ingest scope) in an
 * ingest process, every other one (the console included) in an API process, unless the endpoint says otherwise with
 * {@link ServedBy}. Another role's endpoint answers 404, as if it were not there, before any key is checked: a load
 * balancer that sends it here is misconfigured.
 */
public class RoleFilter {

    private static final Map<Method, Set<Role>> ROLES_OF = new ConcurrentHashMap<>();

    @Inject
    Roles roles;

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION - 100)
    public void servedHere(ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        if (method == null) {
            return;
        }
        Set<Role> servedBy = ROLES_OF.computeIfAbsent(method, m -> servedBy(m, resource.getResourceClass()));
        if (servedBy.stream().noneMatch(roles::runs)) {
            throw ApiException.notFound("this process does not serve this endpoint (served by "
                    + servedBy.stream().sorted().map(RoleFilter::name).toList() + "; this process: "
                    + roles.all().stream().sorted().map(RoleFilter::name).toList() + ")");
        }
    }

    private static String name(Role role) {
        return role.name().toLowerCase(Locale.ROOT);
    }

    private static Set<Role> servedBy(Method method, Class<?> resourceClass) {
        ServedBy declared = method.getAnnotation(ServedBy.class);
        if (declared != null) {
            return Set.of(declared.value());
        }
        return Set.of(ingests(method, resourceClass) ? Role.INGEST : Role.API);
    }

    private static boolean ingests(Method method, Class<?> resourceClass) {
        RequiresScope scope = method.getAnnotation(RequiresScope.class);
        if (scope == null && resourceClass != null) {
            scope = resourceClass.getAnnotation(RequiresScope.class);
        }
        return scope != null && scope.value() == Scope.INGEST;
    }
}

package dev.tollgate.shared.roles;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The roles that serve an endpoint, where it is not only its scope's (see {@link RoleFilter}): an endpoint that shares
 * its path with another role's, since a load balancer routes by path, not by method.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ServedBy {

    Role[] value();
}

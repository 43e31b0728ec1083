package dev.tollgate.shared.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The scope a caller's API key must hold. REST endpoints without it require {@link Scope#ADMIN}, so a new endpoint is
 * closed until someone decides otherwise.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
public @interface RequiresScope {
    Scope value();
}

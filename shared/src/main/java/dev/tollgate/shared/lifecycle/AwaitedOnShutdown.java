package dev.tollgate.shared.lifecycle;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a scheduled job that a stopping process lets finish (for a bounded time) before Hibernate, the ClickHouse
 * client and the Kafka producers close under it. Every {@code @Scheduled} method carries it; ArchitectureTest checks.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface AwaitedOnShutdown {
}

package dev.tollgate.shared.lifecycle;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduler;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

/**
 * Pauses every scheduled job as soon as the process begins to shut down. Quarkus stops its scheduler only when the
 * scheduler's bean is destroyed, after Hibernate has closed; until then the jobs that fire every second or two (the
 * access view's changes, the notification outbox, Stripe sync, meter refresh) ran against a closed
 * EntityManagerFactory and logged a warning or an error each on every clean stop. A job already running is not waited
 * for: if it outlasts Hibernate it fails and logs it (a billing run was seen to), and its next run picks up from there.
 */
@ApplicationScoped
public class JobsPausedOnShutdown {

    void pause(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent stopping, Scheduler scheduler) {
        if (scheduler.isRunning()) {
            scheduler.pause();
        }
    }
}

package dev.tollgate.shared.lifecycle;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Counts a job in {@link RunningJobs} while it runs. Outermost of the job's interceptors, so that the job's own
 * transaction has ended before it counts as finished.
 */
@AwaitedOnShutdown
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE)
public class RunningJobsInterceptor {

    @Inject
    RunningJobs jobs;

    @AroundInvoke
    Object count(InvocationContext invocation) throws Exception {
        String job = invocation.getMethod().getDeclaringClass().getSimpleName() + "." + invocation.getMethod().getName();
        if (!jobs.enter(job)) {
            return null;
        }
        try {
            return invocation.proceed();
        } finally {
            jobs.exit(job);
        }
    }
}

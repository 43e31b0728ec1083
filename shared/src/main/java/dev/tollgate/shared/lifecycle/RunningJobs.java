package dev.tollgate.shared.lifecycle;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The scheduled jobs running in this process, so that shutdown can wait for them. Once shutdown has begun, a job
 * whose trigger fired just before the scheduler paused does not start at all.
 */
@ApplicationScoped
public class RunningJobs {

    private final Object lock = new Object();
    private final Map<String, Integer> running = new HashMap<>();
    private boolean stopping;

    /** @return false, and counts nothing, once shutdown has begun: the job must not start */
    boolean enter(String job) {
        synchronized (lock) {
            if (stopping) {
                return false;
            }
            running.merge(job, 1, Integer::sum);
            return true;
        }
    }

    void exit(String job) {
        synchronized (lock) {
            running.computeIfPresent(job, (name, count) -> count == 1 ? null : count - 1);
            lock.notifyAll();
        }
    }

    /**
     * Lets no further job start, and waits at most {@code patience} for the running ones to finish.
     *
     * @return the jobs still running when the patience ran out; empty when all finished
     */
    List<String> stopAndAwait(Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        synchronized (lock) {
            stopping = true;
            long left;
            while (!running.isEmpty() && (left = deadline - System.nanoTime()) > 0) {
                lock.wait(Math.max(1, left / 1_000_000));
            }
            return new ArrayList<>(running.keySet());
        }
    }

    /** The jobs running now, by {@code Class.method}. */
    public List<String> now() {
        synchronized (lock) {
            return new ArrayList<>(running.keySet());
        }
    }
}

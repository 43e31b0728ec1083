package dev.tollgate.app.stripe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

/** The faults queued by the tests; each request takes the first queued fault whose pattern matches it. */
final class FaultPlan {

    /** What happens to a request that takes a fault. */
    enum Kind { FAIL, HOLD_BEFORE, HOLD_AFTER }

    static final class Fault {
        final Kind kind;
        final Pattern pattern;
        final int status;
        final Boolean shouldRetry;
        final Duration hold;
        int remaining;

        Fault(Kind kind, int times, Pattern pattern, int status, Boolean shouldRetry, Duration hold) {
            this.kind = kind;
            this.remaining = times;
            this.pattern = pattern;
            this.status = status;
            this.shouldRetry = shouldRetry;
            this.hold = hold;
        }
    }

    private final List<Fault> faults = new ArrayList<>();

    synchronized void add(Fault fault) {
        if (fault.remaining > 0) {
            faults.add(fault);
        }
    }

    /** The fault for "METHOD /path", if one is queued; consumes one of its repetitions. */
    synchronized Fault take(String methodAndPath) {
        Iterator<Fault> it = faults.iterator();
        while (it.hasNext()) {
            Fault fault = it.next();
            if (fault.pattern == null || fault.pattern.matcher(methodAndPath).matches()) {
                if (--fault.remaining <= 0) {
                    it.remove();
                }
                return fault;
            }
        }
        return null;
    }

    synchronized void clear() {
        faults.clear();
    }

    synchronized int pending() {
        return faults.stream().mapToInt(f -> f.remaining).sum();
    }
}

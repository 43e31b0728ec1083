package dev.tollgate.meters.aggregator;

import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Repeats a call to the store until it answers. The aggregator cannot fold safely without the store, so while it is
 * away folding waits, which is the backpressure Kafka expects; failing instead would stop the consumer for good.
 */
final class UntilStored {

    private static final Logger LOG = Logger.getLogger(UntilStored.class);
    private static final long RETRY_MILLIS = 1_000;

    private UntilStored() {
    }

    static <T> T call(String what, Supplier<T> call) {
        while (true) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                LOG.warnf("cannot %s yet, retrying: %s", what, e.getMessage());
                try {
                    Thread.sleep(RETRY_MILLIS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while trying to " + what, ie);
                }
            }
        }
    }
}

package dev.tollgate.app;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Tollgate's entry point. It turns off the HTTP layer's own URI check, which answers a URI it cannot parse (a raw
 * '{', a bad %-escape) with an empty 400, so that the stricter {@code RequestEdgeGuard} answers it with a problem
 * naming what is wrong. The property must be set before the HTTP server is built, hence here.
 */
@QuarkusMain
public final class TollgateMain {

    static final String URI_VALIDATION = "vertx.disableURIValidation";

    private TollgateMain() {
    }

    public static void main(String... args) {
        if (System.getProperty(URI_VALIDATION) == null) {
            System.setProperty(URI_VALIDATION, "true");
        }
        Quarkus.run(args);
    }
}

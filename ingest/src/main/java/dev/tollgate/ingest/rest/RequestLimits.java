package dev.tollgate.ingest.rest;

import dev.tollgate.ingest.IngestConfig;
import dev.tollgate.shared.problem.ApiException;
import jakarta.enterprise.context.ApplicationScoped;

/** Size limits of ingest requests, answered with 413 problems that name the limit. */
@ApplicationScoped
public class RequestLimits {

    private final IngestConfig config;

    RequestLimits(IngestConfig config) {
        this.config = config;
    }

    /** Counts the body after decompression, so a small gzip body cannot expand past the limit. */
    public void checkBodySize(byte[] body) {
        long limit = config.maxBodySize().asLongValue();
        if (body != null && body.length > limit) {
            throw new ApiException(413, "the request body is " + body.length + " bytes; the limit is " + limit
                    + " bytes (tollgate.ingest.max-body-size)");
        }
    }
}

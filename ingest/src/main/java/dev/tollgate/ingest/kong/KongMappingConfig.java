package dev.tollgate.ingest.kong;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * How Kong http-log records become CloudEvents. A plain value so that the mapping stays free of any framework; the
 * application adapts its own configuration into one of these.
 *
 * @param subjectSource where the CloudEvents {@code subject} (the metered party) comes from
 * @param subjectHeader the request header read when {@code subjectSource} is {@link SubjectSource#HEADER}; may be
 *        {@code null} otherwise. Stored lower-case, because Kong logs header names lower-case
 * @param anonymousSubject the subject used when the chosen source has no value, e.g. no consumer was authenticated
 * @param allowedRequestHeaders the request headers (lower-case names) copied into the event data; every other header
 *        is dropped, since Kong logs credentials such as {@code apikey} in clear
 * @param source the CloudEvents {@code source} attribute; together with {@code id} it is the dedup key
 */
public record KongMappingConfig(SubjectSource subjectSource, String subjectHeader, String anonymousSubject,
        Set<String> allowedRequestHeaders, String source) {

    /** Where the subject of each event comes from. */
    public enum SubjectSource {
        /** {@code consumer.username} */
        CONSUMER_USERNAME,
        /** {@code consumer.id}: always set on an authenticated consumer, and stable across renames */
        CONSUMER_ID,
        /** {@code consumer.custom_id}: usually the id of the customer in another system */
        CONSUMER_CUSTOM_ID,
        /** the request header named by {@code subjectHeader} */
        HEADER
    }

    public static final String DEFAULT_ANONYMOUS_SUBJECT = "anonymous";
    public static final String DEFAULT_SOURCE = "kong";
    public static final Set<String> DEFAULT_ALLOWED_REQUEST_HEADERS =
            Set.of("user-agent", "content-type", "x-consumer-groups", "x-authenticated-groups");

    /**
     * Headers that carry credentials in the common Kong set-ups. They can never be copied into events nor become a
     * subject, whatever the configuration says: events are stored for years and shown to customers. Credential headers
     * with custom names are kept out by the allow-list alone.
     */
    static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "proxy-authorization", "apikey", "api-key",
            "x-api-key", "cookie", "set-cookie", "x-goog-api-key");

    public KongMappingConfig {
        Objects.requireNonNull(subjectSource, "subjectSource");
        subjectHeader = subjectHeader == null || subjectHeader.isBlank() ? null : lowerCase(subjectHeader);
        if (subjectSource == SubjectSource.HEADER && subjectHeader == null) {
            throw new IllegalArgumentException("subjectHeader is required when the subject source is HEADER");
        }
        if (subjectHeader != null && CREDENTIAL_HEADERS.contains(subjectHeader)) {
            throw new IllegalArgumentException(
                    "subjectHeader \"" + subjectHeader + "\" carries credentials and cannot be a subject");
        }
        if (anonymousSubject == null || anonymousSubject.isBlank()) {
            throw new IllegalArgumentException("anonymousSubject must be a non-empty string");
        }
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("source must be a non-empty string");
        }
        allowedRequestHeaders = normalise(Objects.requireNonNull(allowedRequestHeaders, "allowedRequestHeaders"));
    }

    /**
     * Subject from {@code consumer.id}: unlike username and custom_id it is set on every consumer, so no
     * authenticated call is ever billed to the anonymous subject by accident.
     */
    public static KongMappingConfig defaults() {
        return new KongMappingConfig(SubjectSource.CONSUMER_ID, null, DEFAULT_ANONYMOUS_SUBJECT,
                DEFAULT_ALLOWED_REQUEST_HEADERS, DEFAULT_SOURCE);
    }

    public KongMappingConfig withSubject(SubjectSource subjectSource, String subjectHeader) {
        return new KongMappingConfig(subjectSource, subjectHeader, anonymousSubject, allowedRequestHeaders, source);
    }

    public KongMappingConfig withAnonymousSubject(String anonymousSubject) {
        return new KongMappingConfig(subjectSource, subjectHeader, anonymousSubject, allowedRequestHeaders, source);
    }

    public KongMappingConfig withAllowedRequestHeaders(Set<String> allowedRequestHeaders) {
        return new KongMappingConfig(subjectSource, subjectHeader, anonymousSubject, allowedRequestHeaders, source);
    }

    public KongMappingConfig withSource(String source) {
        return new KongMappingConfig(subjectSource, subjectHeader, anonymousSubject, allowedRequestHeaders, source);
    }

    private static Set<String> normalise(Set<String> headers) {
        Set<String> names = new LinkedHashSet<>();
        for (String header : headers) {
            if (header == null || header.isBlank()) {
                throw new IllegalArgumentException("allowedRequestHeaders must not hold blank names");
            }
            String name = lowerCase(header);
            if (CREDENTIAL_HEADERS.contains(name)) {
                throw new IllegalArgumentException(
                        "request header \"" + name + "\" carries credentials and cannot be copied into events");
            }
            names.add(name);
        }
        return Set.copyOf(names);
    }

    private static String lowerCase(String header) {
        return header.trim().toLowerCase(Locale.ROOT);
    }
}

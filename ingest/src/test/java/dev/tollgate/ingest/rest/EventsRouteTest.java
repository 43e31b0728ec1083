package dev.tollgate.ingest.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which requests the route takes; the rest go on to the resource (IngestFormatsAndLimitsTest checks both alike). */
class EventsRouteTest {

    @Test
    void theStructuredMediaTypesAreTakenWhateverTheirParametersAndCase() {
        assertThat(EventsRoute.structuredType("application/cloudevents+json")).contains(EventsResource.CLOUDEVENT);
        assertThat(EventsRoute.structuredType("Application/CloudEvents-Batch+JSON; charset=utf-8"))
                .contains(EventsResource.CLOUDEVENT_BATCH);
        assertThat(EventsRoute.structuredType(" application/json ;charset=UTF-8")).contains("application/json");
    }

    @Test
    void anyOtherMediaTypeGoesToTheResource() {
        assertThat(EventsRoute.structuredType(null)).isEmpty();
        assertThat(EventsRoute.structuredType("")).isEmpty();
        assertThat(EventsRoute.structuredType("text/plain")).isEmpty();
        assertThat(EventsRoute.structuredType("application/*")).isEmpty();
        assertThat(EventsRoute.structuredType("application/json-patch+json")).isEmpty();
    }

    @Test
    void aBodyWithoutAValidLengthGoesToTheResource() {
        assertThat(EventsRoute.contentLength("42")).isEqualTo(42);
        assertThat(EventsRoute.contentLength(" 7 ")).isEqualTo(7);
        assertThat(EventsRoute.contentLength(null)).isEqualTo(-1);
        assertThat(EventsRoute.contentLength("lots")).isEqualTo(-1);
    }
}

package dev.tollgate.ingest.kong;

import static dev.tollgate.ingest.kong.KongFixtures.BATCH_SAMPLE;
import static dev.tollgate.ingest.kong.KongFixtures.REST_SAMPLE;
import static dev.tollgate.ingest.kong.KongFixtures.minimalRecord;
import static dev.tollgate.ingest.kong.KongFixtures.parse;
import static dev.tollgate.ingest.kong.KongFixtures.sample;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.ingest.kong.KongMappingConfig.SubjectSource;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class KongSubjectTest {

    private static List<ObjectNode> map(JsonNode record, KongMappingConfig config) {
        return KongLogMapper.map(record, config);
    }

    private static String subject(JsonNode record, KongMappingConfig config) {
        List<ObjectNode> events = map(record, config);
        events.forEach(e -> assertThat(e.path("subject").asText()).isEqualTo(events.get(0).path("subject").asText()));
        return events.get(0).path("subject").asText();
    }

    private static KongMappingConfig subjectFrom(SubjectSource source) {
        return KongMappingConfig.defaults().withSubject(source, source == SubjectSource.HEADER ? "x-tenant" : null);
    }

    private static ObjectNode withRequestHeaders(ObjectNode record, String headersJson) {
        ((ObjectNode) record.get("request")).set("headers", parse(headersJson));
        return record;
    }

    @Nested
    class Subject {

        @ParameterizedTest
        @CsvSource({
            "CONSUMER_USERNAME, acme-corp",
            "CONSUMER_ID, b3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
            "CONSUMER_CUSTOM_ID, cust_0042"
        })
        void fromTheConsumer(SubjectSource source, String expected) {
            assertThat(subject(sample(REST_SAMPLE), subjectFrom(source))).isEqualTo(expected);
        }

        @Test
        void defaultIsTheConsumerId() {
            assertThat(KongMappingConfig.defaults().subjectSource()).isEqualTo(SubjectSource.CONSUMER_ID);
            assertThat(subject(sample(REST_SAMPLE), KongMappingConfig.defaults()))
                    .isEqualTo("b3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d");
        }

        @Test
        void fromAHeader() {
            ObjectNode record = withRequestHeaders(minimalRecord(), "{\"x-tenant\": \" tenant-7 \"}");
            assertThat(subject(record, subjectFrom(SubjectSource.HEADER))).isEqualTo("tenant-7");
        }

        @Test
        void fromTheFirstValueOfARepeatedHeader() {
            ObjectNode record = withRequestHeaders(minimalRecord(), "{\"x-tenant\": [\"tenant-7\", \"tenant-8\"]}");
            assertThat(subject(record, subjectFrom(SubjectSource.HEADER))).isEqualTo("tenant-7");
        }

        @Test
        void headerNameIsMatchedWhateverItsCase() {
            ObjectNode record = withRequestHeaders(minimalRecord(), "{\"X-Tenant\": \"tenant-7\"}");
            KongMappingConfig config = KongMappingConfig.defaults().withSubject(SubjectSource.HEADER, "X-TENANT");
            assertThat(config.subjectHeader()).isEqualTo("x-tenant");
            assertThat(subject(record, config)).isEqualTo("tenant-7");
        }

        @ParameterizedTest
        @EnumSource(SubjectSource.class)
        void anonymousWhenNoConsumerOrHeader(SubjectSource source) {
            JsonNode noRouteMatched = sample(BATCH_SAMPLE).get(2);
            assertThat(subject(noRouteMatched, subjectFrom(source))).isEqualTo("anonymous");
        }

        @Test
        void anonymousWhenTheChosenFieldIsMissingOrBlank() {
            ObjectNode record = minimalRecord();
            record.set("consumer", parse("{\"id\": \"c-id\", \"username\": \"  \"}"));
            assertThat(subject(record, subjectFrom(SubjectSource.CONSUMER_CUSTOM_ID))).isEqualTo("anonymous");
            assertThat(subject(record, subjectFrom(SubjectSource.CONSUMER_USERNAME))).isEqualTo("anonymous");
        }

        @Test
        void anonymousWhenTheRepeatedHeaderIsEmpty() {
            ObjectNode record = withRequestHeaders(minimalRecord(), "{\"x-tenant\": []}");
            assertThat(subject(record, subjectFrom(SubjectSource.HEADER))).isEqualTo("anonymous");
        }

        @Test
        void anonymousSubjectIsConfigurable() {
            JsonNode noRouteMatched = sample(BATCH_SAMPLE).get(2);
            KongMappingConfig config = KongMappingConfig.defaults().withAnonymousSubject("unauthenticated");
            assertThat(subject(noRouteMatched, config)).isEqualTo("unauthenticated");
        }

        @Test
        void llmEventsShareTheSubject() {
            KongMappingConfig config = subjectFrom(SubjectSource.CONSUMER_USERNAME);
            assertThat(map(sample(KongFixtures.AI_SAMPLE), config))
                    .allSatisfy(e -> assertThat(e.path("subject").asText()).isEqualTo("globex"));
        }
    }

    @Nested
    class ConsumerGroupsField {

        private JsonNode groups(ObjectNode record) {
            return KongLogMapper.map(record, KongMappingConfig.defaults()).get(0).path("data").path("consumer_groups");
        }

        @Test
        void fromTheAclHeaderTrimmedAndSplit() {
            ObjectNode record = withRequestHeaders(minimalRecord(), "{\"x-consumer-groups\": \" gold , beta,,\"}");
            assertThat(groups(record)).isEqualTo(parse("[\"gold\", \"beta\"]"));
        }

        @Test
        void fromTheAuthenticatedGroupsHeader() {
            ObjectNode record = withRequestHeaders(minimalRecord(), "{\"x-authenticated-groups\": \"admins\"}");
            assertThat(groups(record)).isEqualTo(parse("[\"admins\"]"));
        }

        @Test
        void fromARepeatedHeader() {
            ObjectNode record = withRequestHeaders(minimalRecord(),
                    "{\"x-consumer-groups\": [\"gold, beta\", \"gold\", \"silver\"]}");
            assertThat(groups(record)).isEqualTo(parse("[\"gold\", \"beta\", \"silver\"]"));
        }

        @Test
        void fromTheCustomFieldAsNames() {
            ObjectNode record = minimalRecord();
            record.set("consumer_groups", parse("[\"enterprise\", \"eu\"]"));
            assertThat(groups(record)).isEqualTo(parse("[\"enterprise\", \"eu\"]"));
        }

        @Test
        void fromTheCustomFieldAsEntities() {
            ObjectNode record = minimalRecord();
            record.set("consumer_groups", parse("[{\"id\": \"g-1\", \"name\": \"enterprise\"}, {\"id\": \"g-2\"}]"));
            assertThat(groups(record)).isEqualTo(parse("[\"enterprise\", \"g-2\"]"));
        }

        @Test
        void customFieldWinsOverTheHeader() {
            ObjectNode record = withRequestHeaders(minimalRecord(), "{\"x-consumer-groups\": \"acl-group\"}");
            record.set("consumer_groups", parse("[\"enterprise\"]"));
            assertThat(groups(record)).isEqualTo(parse("[\"enterprise\"]"));
        }

        @Test
        void emptyCustomFieldFallsBackToTheHeader() {
            ObjectNode record = withRequestHeaders(minimalRecord(), "{\"x-consumer-groups\": \"acl-group\"}");
            record.set("consumer_groups", parse("[]"));
            assertThat(groups(record)).isEqualTo(parse("[\"acl-group\"]"));
        }

        @Test
        void absentWhenNoGroupIsLogged() {
            assertThat(groups(minimalRecord()).isMissingNode()).isTrue();
            assertThat(groups((ObjectNode) sample(REST_SAMPLE)).isMissingNode()).isTrue();
        }
    }
}

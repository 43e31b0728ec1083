package dev.tollgate.finance.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.catalog.api.CustomerHierarchy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DepartmentResolverTest {

    private static CustomerHierarchy.Member member(String id, String parent, Map<String, String> metadata) {
        return new CustomerHierarchy.Member(id, id, id, parent, metadata, null);
    }

    private final DepartmentResolver resolver = new DepartmentResolver(List.of(
            member("org", null, Map.of("costCenter", "corp")), member("eng", "org", Map.of("costCenter", "cc-eng")),
            member("ml", "eng", Map.of()), member("alice", "ml", Map.of("costCenter", "cc-ml")),
            member("loop-a", "loop-b", Map.of()), member("loop-b", "loop-a", Map.of())));

    @Test
    void theAncestorAtTheLevelOrTheCustomerItselfWhenHigherUp() {
        assertThat(resolver.departmentOf("alice", null, 0)).isEqualTo("org");
        assertThat(resolver.departmentOf("alice", null, 1)).isEqualTo("eng");
        assertThat(resolver.departmentOf("alice", null, 2)).isEqualTo("ml");
        assertThat(resolver.departmentOf("alice", null, 3)).isEqualTo("alice");
        assertThat(resolver.departmentOf("alice", null, 7)).isEqualTo("alice");
        assertThat(resolver.departmentOf("org", null, 1)).isEqualTo("org");
        assertThat(resolver.departmentOf(null, null, 1)).isNull();
        assertThat(resolver.departmentOf("stranger", null, 1)).isNull();
        assertThat(resolver.departmentOf("loop-a", null, 0)).isIn("loop-a", "loop-b");
    }

    @Test
    void aMetadataKeyIsInheritedFromTheNearestAncestorThatHasIt() {
        assertThat(resolver.departmentOf("alice", "costCenter", 0)).isEqualTo("cc-ml");
        assertThat(resolver.departmentOf("ml", "costCenter", 0)).isEqualTo("cc-eng");
        assertThat(resolver.departmentOf("org", "costCenter", 0)).isEqualTo("corp");
        assertThat(resolver.departmentOf("ml", "region", 0)).isNull();
    }
}

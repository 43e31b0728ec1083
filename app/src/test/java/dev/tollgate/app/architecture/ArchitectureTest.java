package dev.tollgate.app.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import dev.tollgate.shared.lifecycle.AwaitedOnShutdown;
import io.quarkus.scheduler.Scheduled;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries of docs/architecture.md, enforced: each domain module is used by others only through its
 * {@code api} package, and no packages form a cycle. The fixture test proves that the rules do catch what they claim
 * to, so that a rule that silently matches nothing cannot pass.
 */
class ArchitectureTest {

    private static final String ROOT = "dev.tollgate";
    private static final Set<String> LIBRARIES = Set.of("shared");
    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
        assertThat(production.size()).as("production classes imported").isGreaterThan(200);
    }

    @Test
    void modulesUseEachOtherOnlyThroughTheirApiPackage() {
        ModuleRules.internalsStayInternal(ROOT, LIBRARIES).check(production);
    }

    /**
     * The console is a client of the public REST API, as the SDKs are: it may use only the shared library, never a
     * domain module, not even its api package, so what a person sees and may do is what the API answers their key.
     */
    @Test
    void theConsoleUsesNoDomainModule() {
        ArchRuleDefinition.noClasses().that().resideInAPackage(ROOT + ".console..").should().dependOnClassesThat(
                JavaClass.Predicates.resideInAPackage(ROOT + "..").and(DescribedPredicate.not(
                        JavaClass.Predicates.resideInAnyPackage(ROOT + ".console..", ROOT + ".shared.."))))
                .check(production);
    }

    /** A stopping process waits only for the jobs it counts (see JobsPausedOnShutdown). */
    @Test
    void everyScheduledJobIsAwaitedOnShutdown() {
        ArchRuleDefinition.methods().that().areAnnotatedWith(Scheduled.class).should()
                .beAnnotatedWith(AwaitedOnShutdown.class).check(production);
    }

    @Test
    void packagesHaveNoCycles() {
        ModuleRules.noPackageCycles(ROOT).check(production);
    }

    @Test
    void theRulesCatchAPlantedViolationAndCycle() {
        String fixtureRoot = "dev.tollgate.app.architecture.fixture";
        JavaClasses fixture = new ClassFileImporter().importPackages(fixtureRoot);

        EvaluationResult internals = ModuleRules.internalsStayInternal(fixtureRoot, Set.of()).evaluate(fixture);
        assertThat(internals.hasViolation()).isTrue();
        assertThat(internals.getFailureReport().getDetails()).isNotEmpty().allSatisfy(detail -> assertThat(detail)
                .contains("module beta uses internals of module alpha").contains("fixture.alpha.store.AlphaStore"));

        EvaluationResult cycles = ModuleRules.noPackageCycles(fixtureRoot).evaluate(fixture);
        assertThat(cycles.hasViolation()).isTrue();
        assertThat(cycles.getFailureReport().toString()).contains("beta.cycle.one").contains("beta.cycle.two");
    }
}

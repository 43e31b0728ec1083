package dev.tollgate.app.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import java.util.Optional;
import java.util.Set;

/**
 * Tollgate's module rules, for any root package: every package directly under the root is a module; a module's
 * {@code api} package (and its subpackages) is all that other modules may use of it. Modules listed as libraries
 * ({@code shared}) are open to all. A module added later falls under the same rules without any change here.
 */
final class ModuleRules {

    static final String PUBLIC_PACKAGE = "api";

    private ModuleRules() {
    }

    /** No class uses another module's internals: only its {@code api} package. */
    static ArchRule internalsStayInternal(String root, Set<String> libraries) {
        return ArchRuleDefinition.classes().that().resideInAPackage(root + "..")
                .should(new ArchCondition<JavaClass>("use other modules only through their " + PUBLIC_PACKAGE
                        + " package") {
                    @Override
                    public void check(JavaClass origin, ConditionEvents events) {
                        Optional<String> from = moduleOf(root, origin);
                        for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                            JavaClass target = dependency.getTargetClass().getBaseComponentType();
                            Optional<String> to = moduleOf(root, target);
                            if (from.isEmpty() || to.isEmpty() || from.equals(to) || libraries.contains(to.get())) {
                                continue;
                            }
                            String published = root + "." + to.get() + "." + PUBLIC_PACKAGE;
                            String targetPackage = target.getPackageName();
                            if (!targetPackage.equals(published) && !targetPackage.startsWith(published + ".")) {
                                events.add(SimpleConditionEvent.violated(dependency, "module " + from.get()
                                        + " uses internals of module " + to.get() + ": "
                                        + dependency.getDescription()));
                            }
                        }
                    }
                })
                .allowEmptyShould(true);
    }

    /** No cycles between packages, inside a module or across modules. */
    static ArchRule noPackageCycles(String root) {
        return slices().matching(root + ".(**)").should().beFreeOfCycles().allowEmptyShould(true);
    }

    private static Optional<String> moduleOf(String root, JavaClass type) {
        String name = type.getPackageName();
        if (!name.startsWith(root + ".")) {
            return Optional.empty();
        }
        String rest = name.substring(root.length() + 1);
        int dot = rest.indexOf('.');
        return Optional.of(dot < 0 ? rest : rest.substring(0, dot));
    }
}

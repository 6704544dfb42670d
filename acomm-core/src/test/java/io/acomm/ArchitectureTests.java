package io.acomm;

import java.util.ArrayList;
import java.util.List;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering the package docs describe, checked on the compiled classes: the layers under {@code io.acomm} depend
 * on each other one way only, never on the endpoints, and the API an application uses shows no junixsocket type.
 */
class ArchitectureTests {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.acomm");

    @Test
    void theLayersUnderTheApiHaveNoCycles() {
        slices().matching("io.acomm.(**)").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void noLayerDependsOnTheEndpoints() {
        noClasses().that().resideInAnyPackage("io.acomm.internal..", "io.acomm.transport..")
                .should().dependOnClassesThat().belongToAnyOf(Tracker.class, Provider.class, MultiRequest.class)
                .check(CLASSES);
    }

    @Test
    void theUtilitiesDependOnNothingElseInAcomm() {
        noClasses().that().resideInAPackage("io.acomm.internal.util")
                .should().dependOnClassesThat()
                .resideOutsideOfPackages("io.acomm.internal.util", "java..", "org.jspecify..", "org.slf4j..")
                .check(CLASSES);
    }

    @Test
    void theApiShowsNoJunixsocketType() {
        classes().that().resideInAnyPackage("io.acomm", "io.acomm.transport").and().arePublic()
                .should(exposeNoJunixsocketType()).check(CLASSES);
    }

    private static ArchCondition<JavaClass> exposeNoJunixsocketType() {
        return new ArchCondition<>("expose no junixsocket type in a public or protected signature") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                for (JavaMember member : type.getMembers()) {
                    if (!member.getModifiers().contains(JavaModifier.PUBLIC)
                            && !member.getModifiers().contains(JavaModifier.PROTECTED)) {
                        continue;
                    }
                    List<JavaClass> signature = new ArrayList<>();
                    if (member instanceof JavaField field) {
                        signature.add(field.getRawType());
                    }
                    if (member instanceof JavaCodeUnit codeUnit) {
                        signature.addAll(codeUnit.getRawParameterTypes());
                        signature.add(codeUnit.getRawReturnType());
                        signature.addAll(codeUnit.getThrowsClause().getTypes());
                    }
                    boolean exposes = signature.stream()
                            .anyMatch(part -> part.getPackageName().startsWith("org.newsclub"));
                    if (exposes) {
                        events.add(SimpleConditionEvent.violated(member, member.getFullName()
                                + " has a junixsocket type in its signature"));
                    }
                }
            }
        };
    }
}

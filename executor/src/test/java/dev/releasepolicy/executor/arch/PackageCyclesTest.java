package dev.releasepolicy.executor.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The executor's packages form no cycle, and the executor uses neither of the front ends built on it
 * ({@code core <- executor <- {cli, maven-plugin}}) nor picocli or the Maven API.
 */
@AnalyzeClasses(packages = "dev.releasepolicy.executor", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageCyclesTest {

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles =
            slices().matching("dev.releasepolicy.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule executorUsesNoFrontEnd = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "dev.releasepolicy.cli..",
                    "dev.releasepolicy.maven..",
                    "picocli..",
                    "org.apache.maven..",
                    "org.codehaus.plexus..",
                    "org.eclipse.aether..");
}

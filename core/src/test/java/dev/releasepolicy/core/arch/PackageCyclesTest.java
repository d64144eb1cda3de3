package dev.releasepolicy.core.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * core's packages form no cycle, and core uses nothing of the modules built on it ({@code core <- executor <-
 * {cli, maven-plugin}}) nor of Kubernetes, picocli or Maven: it is the part every front end shares.
 */
@AnalyzeClasses(packages = "dev.releasepolicy.core", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageCyclesTest {

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles =
            slices().matching("dev.releasepolicy.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule coreUsesNoOuterModuleOrFrontEndLibrary = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "dev.releasepolicy.executor..",
                    "dev.releasepolicy.cli..",
                    "dev.releasepolicy.maven..",
                    "io.fabric8..",
                    "picocli..",
                    "org.apache.maven..",
                    "org.codehaus.plexus..",
                    "org.eclipse.aether..");
}

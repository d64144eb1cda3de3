package dev.releasepolicy.cli.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The cli's packages form no cycle, and the cli never uses the Maven plugin or Maven (they are siblings). */
@AnalyzeClasses(packages = "dev.releasepolicy.cli", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageCyclesTest {

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles =
            slices().matching("dev.releasepolicy.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule cliUsesNoMavenPlugin = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "dev.releasepolicy.maven..", "org.apache.maven..", "org.codehaus.plexus..", "org.eclipse.aether..");
}

package dev.releasepolicy.maven.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The plugin's packages form no cycle, and the plugin never uses the cli or picocli (they are siblings). */
@AnalyzeClasses(packages = "dev.releasepolicy.maven", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageCyclesTest {

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles =
            slices().matching("dev.releasepolicy.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule pluginUsesNoCli =
            noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.releasepolicy.cli..", "picocli..");
}

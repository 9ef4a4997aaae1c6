package dev.patgate.gateway.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The gateway's packages form no cycle, and only the CLI sits above the gateway itself. */
@AnalyzeClasses(packages = "dev.patgate.gateway", importOptions = ImportOption.DoNotIncludeTests.class)
class GatewayPackagesTest {

    @ArchTest
    static final ArchRule packagesFormNoCycle =
            slices().matching("dev.patgate.gateway.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule onlyTheCliStartsTheProgram = noClasses()
            .that()
            .resideOutsideOfPackage("dev.patgate.gateway.cli..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.patgate.gateway.cli..");
}

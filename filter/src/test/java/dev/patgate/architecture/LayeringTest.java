package dev.patgate.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The filter library's packages follow the request's path, each depending only on those before it:
 * {@code token} ← {@code store} ← {@code auth} ← {@code scope} ← {@code filter}, with {@code json} a
 * leaf that anyone may use, and {@code time} (clock helpers) another. docs/architecture.md draws the same map.
 */
@AnalyzeClasses(packages = "dev.patgate", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    @ArchTest
    static final ArchRule packagesFormNoCycle =
            slices().matching("dev.patgate.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule packagesFollowTheRequestPath = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("token")
            .definedBy("dev.patgate.token..")
            .layer("store")
            .definedBy("dev.patgate.store..")
            .layer("auth")
            .definedBy("dev.patgate.auth..")
            .layer("scope")
            .definedBy("dev.patgate.scope..")
            .layer("filter")
            .definedBy("dev.patgate.filter..")
            .layer("json")
            .definedBy("dev.patgate.json..")
            .layer("time")
            .definedBy("dev.patgate.time..")
            .whereLayer("filter")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("scope")
            .mayOnlyBeAccessedByLayers("filter")
            .whereLayer("auth")
            .mayOnlyBeAccessedByLayers("scope", "filter")
            .whereLayer("store")
            .mayOnlyBeAccessedByLayers("auth", "scope", "filter")
            .whereLayer("token")
            .mayOnlyBeAccessedByLayers("store", "auth", "scope", "filter")
            .whereLayer("json")
            .mayOnlyBeAccessedByLayers("scope", "filter")
            .whereLayer("time")
            .mayOnlyBeAccessedByLayers("token", "store", "auth", "scope", "filter");
}

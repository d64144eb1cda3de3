package dev.releasepolicy.core.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.manifest.LoadedFile;
import dev.releasepolicy.core.manifest.ManifestLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The traffic routers and the header and mirror steps: exactly one router, a subset split or a host split
 * for Istio (never both), Gateway API with its two Services, header matches with exactly one value;
 * each mistake one finding at the place to fix, with a hint.
 */
class RouterSchemaTest {

    static List<String> findings(String canary) {
        String text = """
                apiVersion: releasepolicy.dev/v1
                kind: Release
                metadata: {name: shop-2-0-0}
                spec:
                  application: shop
                  version: "2.0.0"
                  image: registry.example.com/shop:2.0.0
                  strategy:
                    type: Canary
                    canary: %s
                """.formatted(canary);
        LoadedFile loaded = new ManifestLoader().parse("r.yaml", text);
        assertThat(loaded.findings()).isEmpty();
        return StrategyBlocksSchemaTest.SCHEMA.validate(loaded.manifests().get(0)).stream()
                .map(f -> f.location().line() + " " + f.pointer() + " " + f.message() + " | " + f.hint())
                .toList();
    }

    static final String STEPS = "steps: [{setWeight: 100}]";

    @Test
    void eachRouterKind_passes() {
        assertThat(findings("{trafficRouting: {istio: {virtualService: vs, destinationRule: dr}}, " + STEPS + "}"))
                .isEmpty();
        assertThat(findings("{trafficRouting: {istio: {virtualService: vs, stableService: s, canaryService: c}}, "
                        + STEPS + "}"))
                .isEmpty();
        assertThat(findings("{trafficRouting: {gatewayAPI: {httpRoute: r, rules: [api], stableService: s,"
                        + " canaryService: c}}, " + STEPS + "}"))
                .isEmpty();
    }

    @Test
    void istio_subsetAndHostSplitTogether_isAnErrorAtTheServices() {
        assertThat(findings("{trafficRouting: {istio: {virtualService: vs, destinationRule: dr, stableService: s,"
                        + " canaryService: c}}, " + STEPS + "}"))
                .hasSize(2)
                .allSatisfy(f -> assertThat(f)
                        .contains("/spec/strategy/canary/trafficRouting/istio/")
                        .contains("remove destinationRule for a host split"));
    }

    @Test
    void istio_withNeitherDestinationRuleNorServices_namesWhatIsMissing() {
        assertThat(findings("{trafficRouting: {istio: {virtualService: vs}}, " + STEPS + "}"))
                .anySatisfy(f -> assertThat(f)
                        .contains("is missing required property 'stableService'")
                        .contains("or name a destinationRule for a subset split"));
    }

    @Test
    void twoRouters_isRefused() {
        assertThat(findings("{trafficRouting: {istio: {virtualService: vs, destinationRule: dr}, gatewayAPI:"
                        + " {httpRoute: r, stableService: s, canaryService: c}}, " + STEPS + "}"))
                .singleElement()
                .satisfies(f -> assertThat(f)
                        .startsWith("10 /spec/strategy/canary/trafficRouting ")
                        .contains("exactly one of istio or gatewayAPI"));
    }

    @Test
    void gatewayApi_withoutCanaryService_namesIt() {
        assertThat(findings("{trafficRouting: {gatewayAPI: {httpRoute: r, stableService: s}}, " + STEPS + "}"))
                .singleElement()
                .satisfies(f -> assertThat(f).contains("missing required property 'canaryService'"));
    }

    @Test
    void headerMatch_withoutValue_orWithTwo_isAnErrorAtTheItem() {
        String router = "trafficRouting: {istio: {virtualService: vs, destinationRule: dr}}, ";
        assertThat(findings("{" + router + "steps: [{setHeaderRoute: {name: testers, match: [{header: canary}]}},"
                        + " {setWeight: 100}]}"))
                .singleElement()
                .satisfies(f -> assertThat(f)
                        .startsWith("10 /spec/strategy/canary/steps/0/setHeaderRoute/match/0 ")
                        .contains("exactly one of exact, prefix or regex"));
        assertThat(findings("{" + router + "steps: [{setHeaderRoute: {name: testers, match: [{header: canary,"
                        + " exact: \"1\", regex: \"x\"}]}}, {setWeight: 100}]}"))
                .singleElement()
                .satisfies(f -> assertThat(f).contains("/match/0 "));
        assertThat(findings("{" + router + "steps: [{setMirrorRoute: {name: shadow, percentage: 0}},"
                        + " {setWeight: 100}]}"))
                .singleElement()
                .satisfies(f -> assertThat(f).contains("/setMirrorRoute/percentage"));
    }
}

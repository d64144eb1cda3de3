package dev.releasepolicy.core.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.manifest.LoadedFile;
import dev.releasepolicy.core.manifest.ManifestLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A strategy block of another type than {@code spec.strategy.type} is a schema error at the block. */
class StrategyBlocksSchemaTest {

    static final SchemaValidator SCHEMA = SchemaValidator.releaseManifest();

    static List<String> findings(String strategy) {
        String text = """
                apiVersion: releasepolicy.dev/v1
                kind: Release
                metadata: {name: shop-2-0-0}
                spec:
                  application: shop
                  version: "2.0.0"
                  image: registry.example.com/shop:2.0.0
                  strategy: %s
                """.formatted(strategy);
        LoadedFile loaded = new ManifestLoader().parse("r.yaml", text);
        assertThat(loaded.findings()).isEmpty();
        return SCHEMA.validate(loaded.manifests().get(0)).stream()
                .map(f -> f.location().line() + ":" + f.location().column() + " " + f.pointer() + " " + f.message()
                        + " | " + f.hint())
                .toList();
    }

    @Test
    void blockOfTheChosenType_passes() {
        assertThat(findings("{type: Canary, canary: {steps: [{setWeight: 100}]}}"))
                .isEmpty();
        assertThat(findings("{type: BlueGreen, blueGreen: {service: shop}}")).isEmpty();
        assertThat(findings("{type: Rolling, rolling: {maxSurge: 1}}")).isEmpty();
        assertThat(findings("{type: Rolling}")).isEmpty();
    }

    @Test
    void rollingBlockInACanary_isAnErrorAtTheBlock() {
        assertThat(findings("{type: Canary, canary: {steps: [{setWeight: 100}]}, rolling: {maxSurge: 1}}"))
                .containsExactly("8:65 /spec/strategy/rolling spec.strategy.rolling does not belong here:"
                        + " spec.strategy.type is Canary, so it would be ignored"
                        + " | spec.strategy.rolling applies only to type Rolling: remove it, or set"
                        + " spec.strategy.type to Rolling");
    }

    @Test
    void everyOtherBlock_isOneFindingEach() {
        assertThat(findings("{type: Rolling, canary: {steps: [{setWeight: 100}]}, blueGreen: {service: shop}}"))
                .extracting(f -> f.split(" ")[1])
                .containsExactlyInAnyOrder("/spec/strategy/canary", "/spec/strategy/blueGreen");
        assertThat(findings("{type: BlueGreen, blueGreen: {service: shop}, canary: {steps: [{setWeight: 100}]}}"))
                .extracting(f -> f.split(" ")[1])
                .containsExactly("/spec/strategy/canary");
    }
}

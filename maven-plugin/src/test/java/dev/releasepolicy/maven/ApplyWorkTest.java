package dev.releasepolicy.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.plan.Fingerprint;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

class ApplyWorkTest {

    private final Fingerprint current =
            Fingerprint.of(JsonNodeFactory.instance.objectNode().put("kind", "Release"), "sha256:policies", "1.0");

    @Test
    void stale_sameFingerprint_isCurrent() {
        assertThat(ApplyWork.stale(saved(current), current)).isEmpty();
    }

    @Test
    void stale_otherManifest_saysTheManifestChanged() {
        Fingerprint old =
                Fingerprint.of(JsonNodeFactory.instance.objectNode().put("kind", "Other"), "sha256:policies", "1.0");
        assertThat(ApplyWork.stale(saved(old), current)).contains("the manifest changed");
    }

    @Test
    void stale_otherPoliciesAndVersion_namesBoth() {
        Fingerprint old =
                Fingerprint.of(JsonNodeFactory.instance.objectNode().put("kind", "Release"), "sha256:old", "0.9");
        assertThat(ApplyWork.stale(saved(old), current))
                .contains("the policies changed, the tool version changed from 0.9 to 1.0");
    }

    private static ObjectNode saved(Fingerprint f) {
        return JsonNodeFactory.instance
                .objectNode()
                .put("value", f.value())
                .put("manifestDigest", f.manifestDigest())
                .put("policySetDigest", f.policySetDigest())
                .put("toolVersion", f.toolVersion());
    }
}

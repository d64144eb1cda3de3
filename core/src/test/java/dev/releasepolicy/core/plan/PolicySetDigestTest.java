package dev.releasepolicy.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.policy.PolicyConfig;
import dev.releasepolicy.core.policy.PolicyFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What makes two policy sets the same rules, and what makes them different. */
class PolicySetDigestTest {

    private static final String POLICY = "export const meta = {id: 'owner', severity: 'error', description: 'x'};\n"
            + "export function check(r, c) { return []; }\n";

    private static String digest(PolicyFile... files) {
        return PolicySetDigest.of(List.of(files), PolicyConfig.NONE);
    }

    @Test
    void sameFolderWrittenDifferently_sameDigest() {
        assertThat(digest(new PolicyFile("./team/owner.js", POLICY)))
                .isEqualTo(digest(new PolicyFile("team/owner.js", POLICY)))
                .isEqualTo(digest(new PolicyFile("team//owner.js", POLICY)));
    }

    @Test
    void otherTextOtherNameOrAnExtraPolicy_otherDigest() {
        String base = digest(new PolicyFile("team/owner.js", POLICY));
        assertThat(digest(new PolicyFile("team/owner.js", POLICY + "// changed\n")))
                .isNotEqualTo(base);
        assertThat(digest(new PolicyFile("other/owner.js", POLICY))).isNotEqualTo(base);
        assertThat(digest(new PolicyFile("team/owner.js", POLICY), new PolicyFile("team/more.js", POLICY)))
                .isNotEqualTo(base);
    }

    @Test
    void builtinSet_isStableAndNamesNoConfig() {
        assertThat(PolicySetDigest.current()).startsWith("sha256:").isEqualTo(PolicySetDigest.current());
    }

    /**
     * Included files count by content and by their place beside the configuration, not by the working
     * directory: {@code apply} recomputes the digest, maybe elsewhere or with the configuration named otherwise.
     */
    @Test
    void includedFiles_countByContent_notByHowTheConfigurationIsNamed(@TempDir Path dir) throws Exception {
        Path config = dir.resolve(".release-policy.yaml");
        Files.writeString(config, "include: [shared/templates.yaml]\n");
        Files.createDirectories(dir.resolve("shared"));
        Path included = dir.resolve("shared/templates.yaml");
        Files.writeString(included, "metricTemplates: {t: {query: up, max: 1}}\n");
        Path relative = Path.of("").toAbsolutePath().relativize(config.toAbsolutePath());
        String absolute = PolicySetDigest.of(List.of(), PolicyConfig.load(config.toAbsolutePath()));
        assertThat(PolicyConfig.load(relative).includes())
                .singleElement()
                .asString()
                .doesNotStartWith("/");
        assertThat(PolicySetDigest.of(List.of(), PolicyConfig.load(relative))).isEqualTo(absolute);

        Files.writeString(included, "metricTemplates: {t: {query: up, max: 2}}\n");
        String changed = PolicySetDigest.of(List.of(), PolicyConfig.load(config));
        assertThat(changed).isNotEqualTo(absolute);
        assertThat(Files.readString(config))
                .as("the configuration itself did not change")
                .contains("include:");
    }
}

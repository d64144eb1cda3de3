package dev.releasepolicy.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.policy.PolicyConfig;
import dev.releasepolicy.core.policy.PolicyFile;
import java.util.List;
import org.junit.jupiter.api.Test;

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
}

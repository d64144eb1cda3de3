package dev.releasepolicy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A manifest with a token planted in an invalid webhook URL: no report format may show it. */
class SecretRedactionTest {

    static final Path PLANTED = Path.of("src", "test", "resources", "secrets", "planted-token.yaml");

    @ParameterizedTest
    @ValueSource(strings = {"text", "json"})
    void verify_reportsTheBadWebhook_withoutItsSecrets(String format) {
        VerifyCommandTest.Run r =
                VerifyCommandTest.run("verify", "--now", VerifyCommandTest.NOW, "--format", format, PLANTED.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("ftp://***@hooks.example.com/x?token=***");
        assertThat(r.out() + r.err()).doesNotContain("PLANTED");
    }
}

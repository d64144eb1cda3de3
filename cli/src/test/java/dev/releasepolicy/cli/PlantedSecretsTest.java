package dev.releasepolicy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: secrets planted in every sensitive position of a manifest (header values, also unquoted
 * numbers and times that draw YAML-1.1 warnings and schema errors; URLs with user information, also
 * containing '/', and malformed; query parameters named pass, pwd, sig, signature, apikey, auth, key,
 * access_token) never appear in any report format, plan format, dry run or audit record.
 */
class PlantedSecretsTest {

    static final Path VERIFY = Path.of("src", "test", "resources", "secrets", "planted-verify.yaml");
    static final Path PLAN = Path.of("src", "test", "resources", "secrets", "planted-plan.yaml");

    /** Every planted value, and what a YAML reader makes of some of them (0731946285 → 731946285). */
    static final List<String> SECRETS = List.of("PLANTED", "0731946285", "731946285", "22:14:07", "1.10");

    @TempDir
    Path dir;

    private static void assertNoSecret(String what, String text) {
        for (String s : SECRETS) {
            assertThat(text).as(what + " shows " + s).doesNotContain(s);
        }
    }

    @Test
    void verify_everyFormat_flagsTheFieldsWithoutShowingASecret() throws Exception {
        Path audit = dir.resolve("audit.jsonl");
        for (String format : List.of("text", "json", "sarif", "junit", "github", "markdown")) {
            VerifyCommandTest.Run r = VerifyCommandTest.run(
                    "verify",
                    "--now",
                    VerifyCommandTest.NOW,
                    "--format",
                    format,
                    "--audit-log",
                    audit.toString(),
                    VERIFY.toString());
            assertThat(r.exit()).as(format + ": " + r.err()).isEqualTo(1);
            assertNoSecret("verify --format " + format, r.out() + r.err());
            // The findings are there, only the values are hidden (Markdown escapes the mask's asterisks).
            assertThat(r.out()).contains(format.equals("markdown") ? "\\*\\*\\*" : "***");
        }
        VerifyCommandTest.Run text = VerifyCommandTest.run("verify", "--now", VerifyCommandTest.NOW, VERIFY.toString());
        assertThat(text.out())
                .contains("***")
                .contains("YAML 1.1")
                .contains("https//***@hooks.example.com")
                .contains("X-Secret-Token must be a string");
        assertNoSecret("audit log of verify", Files.readString(audit));
    }

    @Test
    void planDryRunAndAudit_showNoSecret() throws Exception {
        Path audit = dir.resolve("audit.jsonl");
        Path planJson = dir.resolve("plan.json");
        VerifyCommandTest.Run json = VerifyCommandTest.run(
                "plan",
                "--now",
                VerifyCommandTest.NOW,
                "--format",
                "json",
                "--output",
                planJson.toString(),
                "--audit-log",
                audit.toString(),
                PLAN.toString());
        assertThat(json.exit()).as(json.out() + json.err()).isZero();
        assertNoSecret("plan json", Files.readString(planJson) + json.out() + json.err());
        for (String format : List.of("text", "markdown")) {
            VerifyCommandTest.Run r =
                    VerifyCommandTest.run("plan", "--now", VerifyCommandTest.NOW, "--format", format, PLAN.toString());
            assertThat(r.exit()).as(r.err()).isZero();
            assertNoSecret("plan --format " + format, r.out() + r.err());
        }
        VerifyCommandTest.Run dry = VerifyCommandTest.run(
                "apply", "--dry-run", "--offline", "--audit-log", audit.toString(), planJson.toString());
        assertThat(dry.exit()).as(dry.err()).isZero();
        assertThat(dry.out()).isNotBlank();
        assertNoSecret("dry run", dry.out() + dry.err());
        assertNoSecret("audit log of plan and dry run", Files.readString(audit));
    }
}

package dev.releasepolicy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

/** The top-level command: which subcommands a run registers, and that help still shows them all. */
class MainTest {

    @Test
    void commandTable_namesMatchTheCommandsOwnNames() {
        for (String name : Main.NAMES) {
            Class<?> c = Main.commandClass(name);
            assertThat(c).as(name).isNotNull();
            assertThat(c.getAnnotation(Command.class).name()).isEqualTo(name);
        }
        assertThat(Main.commandClass("nope")).isNull();
    }

    @Test
    void topLevelHelp_listsEveryCommand() {
        VerifyCommandTest.Run r = VerifyCommandTest.run("--help");
        assertThat(r.exit()).isZero();
        for (String name : Main.NAMES) {
            assertThat(r.out()).containsPattern("(?m)^\\s+" + name + "\\s");
        }
    }

    @Test
    void helpCommand_showsAnotherCommandsHelp() {
        VerifyCommandTest.Run r = VerifyCommandTest.run("help", "plan");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("Usage: release-policy plan");
    }

    @Test
    void misspelledCommand_isAUsageErrorThatSuggestsTheRightOne() {
        VerifyCommandTest.Run r = VerifyCommandTest.run("verfy", "x.yaml");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("verify");
    }

    @Test
    void inheritedOptionBeforeTheCommand_stillRunsThatCommand() {
        VerifyCommandTest.Run r = VerifyCommandTest.run("--stacktrace", "policies");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("release-window");
    }

    /** LC_ALL=C makes the JVM's console encoding ASCII; the report on stdout must still be UTF-8. */
    @Test
    void main_withCLocale_writesUtf8() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "verify",
                "--now",
                "2026-12-01T15:00:00Z",
                "--format",
                "sarif",
                Path.of("..", "examples", "invalid", "wrong-type-replicas.yaml").toString());
        pb.environment().put("LC_ALL", "C");
        pb.environment().put("LANG", "C");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();

        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(text).isEqualTo(1);
        assertThat(text).contains(" — ").doesNotContain(" ? ");
    }
}

package dev.releasepolicy.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
}

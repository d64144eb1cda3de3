package dev.releasepolicy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Help for people: every option listed, text wrapped between words, examples on one line each, colour rules. */
class HelpTest {

    private static String help(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(exit).as(err.toString()).isZero();
        return out.toString();
    }

    private static List<CommandSpec> commands() {
        List<CommandSpec> specs = new ArrayList<>();
        specs.add(new CommandLine(new Main()).getCommandSpec());
        for (String name : Main.NAMES) {
            if (!name.equals("help")) {
                specs.add(new CommandLine(Main.commandClass(name)).getCommandSpec());
            }
        }
        return specs;
    }

    private static String[] helpArgs(CommandSpec spec) {
        return spec.name().equals("release-policy") ? new String[] {"--help"} : new String[] {spec.name(), "--help"};
    }

    @Test
    void everyCommandsHelp_listsEveryOption() {
        for (CommandSpec spec : commands()) {
            String help = help(helpArgs(spec));
            for (OptionSpec o : spec.options()) {
                if (!o.hidden()) {
                    assertThat(help).as(spec.name() + " --help").contains(o.longestName());
                }
            }
            // Inherited from the top level.
            assertThat(help).as(spec.name()).contains("--stacktrace", "--no-color");
        }
    }

    @Test
    void everyDescription_isWrappedBetweenWordsAndEveryExampleStaysOnOneLine() {
        for (CommandSpec spec : commands()) {
            String help = help(helpArgs(spec));
            String flowing = help.replaceAll("\\s+", " ");
            List<String> texts =
                    new ArrayList<>(Arrays.asList(spec.usageMessage().description()));
            spec.options().stream().filter(o -> !o.hidden()).forEach(o -> texts.addAll(List.of(o.description())));
            spec.positionalParameters().forEach(p -> texts.addAll(List.of(p.description())));
            for (String text : texts) {
                for (String word : text.replace("%n", " ").split("\\s+")) {
                    if (!word.isEmpty() && !word.contains("${")) {
                        assertThat(flowing)
                                .as(spec.name() + ": the word '" + word + "' is split")
                                .contains(word);
                    }
                }
            }
            for (String line : spec.usageMessage().description()) {
                if (line.startsWith("  release-policy ")) {
                    assertThat(help.lines()).as(spec.name()).contains(line);
                }
            }
            assertThat(help.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(Main.HELP_WIDTH));
        }
    }

    @Test
    void colour_onlyOnATerminalWithoutNoColor() {
        assertThat(Colour.enabled(false, Map.of(), true)).isTrue();
        assertThat(Colour.enabled(false, Map.of(), false)).as("a pipe").isFalse();
        assertThat(Colour.enabled(false, Map.of("NO_COLOR", "1"), true)).isFalse();
        assertThat(Colour.enabled(false, Map.of("NO_COLOR", ""), true))
                .as("empty NO_COLOR")
                .isTrue();
        assertThat(Colour.enabled(true, Map.of(), true)).as("--no-color").isFalse();
        assertThat(Colour.enabled(false, Map.of("TERM", "dumb"), true)).isFalse();
    }

    @Test
    void verifyOnATerminal_coloursErrors_noColorOptionTurnsItOff() {
        String file = VerifyCommandTest.EXAMPLES
                .resolve("invalid/wrong-type-replicas.yaml")
                .toString();
        String[] args = {"verify", "--now", VerifyCommandTest.NOW, file};

        StringWriter coloured = new StringWriter();
        Main.execute(args, new PrintWriter(coloured, true), new PrintWriter(new StringWriter()), true, Map.of());
        StringWriter plain = new StringWriter();
        Main.execute(
                new String[] {"--no-color", "verify", "--now", VerifyCommandTest.NOW, file},
                new PrintWriter(plain, true),
                new PrintWriter(new StringWriter()),
                true,
                Map.of());
        StringWriter noColorEnv = new StringWriter();
        Main.execute(
                args,
                new PrintWriter(noColorEnv, true),
                new PrintWriter(new StringWriter()),
                true,
                Map.of("NO_COLOR", "1"));

        assertThat(coloured.toString()).contains(": " + Colour.BOLD_RED + "error" + Colour.RESET + ": ");
        assertThat(plain.toString()).doesNotContain("\u001B").contains(": error: ");
        assertThat(noColorEnv.toString()).isEqualTo(plain.toString());
    }

    @Test
    void planOnATerminal_coloursTheObjectSymbols() {
        StringWriter out = new StringWriter();
        Main.execute(
                new String[] {
                    "plan",
                    "--now",
                    VerifyCommandTest.NOW,
                    VerifyCommandTest.EXAMPLES.resolve("canary-api.yaml").toString()
                },
                new PrintWriter(out, true),
                new PrintWriter(new StringWriter()),
                true,
                Map.of());

        assertThat(out.toString())
                .contains("       " + Colour.GREEN + "+ apps/v1 Deployment prod/orders-api-2-7-0" + Colour.RESET)
                .contains(Colour.YELLOW + "~ v1 ConfigMap");
    }
}

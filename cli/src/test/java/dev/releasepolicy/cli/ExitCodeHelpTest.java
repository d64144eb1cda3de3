package dev.releasepolicy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.releasepolicy.core.options.ExitCode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every command's --help lists its exit codes, and the numbers are those of {@link ExitCode}. */
class ExitCodeHelpTest {

    private static final Pattern LINE = Pattern.compile("^\\s+(\\d+)\\s+(\\S.*)$");

    /** The "Exit codes:" section of a help text: code to its text. */
    static Map<Integer, String> exitCodeSection(String help) {
        Map<Integer, String> codes = new LinkedHashMap<>();
        List<String> lines = help.lines().toList();
        int start = lines.indexOf("Exit codes:");
        assertThat(start).as("an 'Exit codes:' section in\n" + help).isNotNegative();
        Integer last = null;
        for (int i = start + 1; i < lines.size() && !lines.get(i).isBlank(); i++) {
            Matcher m = LINE.matcher(lines.get(i));
            if (m.matches()) {
                last = Integer.parseInt(m.group(1));
                codes.put(last, m.group(2).strip());
            } else if (last != null) { // picocli wraps a long text onto indented lines
                codes.merge(last, lines.get(i).strip(), (a, b) -> a + " " + b);
            }
        }
        return codes;
    }

    @Test
    void enum_hasTheDocumentedNumbers() {
        assertThat(ExitCode.OK.code()).isZero();
        assertThat(ExitCode.FINDINGS.code()).isEqualTo(1);
        assertThat(ExitCode.ROLLED_BACK.code()).isEqualTo(1);
        assertThat(ExitCode.USAGE.code()).isEqualTo(2);
        assertThat(ExitCode.REFUSED.code()).isEqualTo(3);
    }

    @Test
    void topLevelHelp_listsEveryExitCodeOfTheEnum() {
        VerifyCommandTest.Run r = VerifyCommandTest.run("--help");
        Map<Integer, String> section = exitCodeSection(r.out());
        assertThat(section.keySet())
                .containsExactly(0, 1, 2, 3)
                .containsExactlyElementsOf(Arrays.stream(ExitCode.values())
                        .map(ExitCode::code)
                        .distinct()
                        .toList());
        assertThat(section.get(1))
                .contains(ExitCode.FINDINGS.meaning().substring(0, 20))
                .contains(ExitCode.ROLLED_BACK.meaning().substring(0, 20));
        assertThat(section.get(3)).startsWith(ExitCode.REFUSED.meaning().substring(0, 20));
    }

    @Test
    void everyCommandsHelp_listsTheCodesItDeclares_withTheEnumsNumbers() {
        List<String> commands =
                Arrays.stream(Main.NAMES).filter(n -> !n.equals("help")).collect(Collectors.toList());
        commands.add("audit verify");
        commands.add("audit export");
        for (String command : commands) {
            String[] args = (command + " --help").split(" ");
            VerifyCommandTest.Run r = VerifyCommandTest.run(args);
            assertThat(r.exit()).as(command + ": " + r.err()).isZero();
            Map<ExitCode, String> declared = ExitCodeHelp.meanings(command);
            Map<Integer, String> expected = new LinkedHashMap<>();
            ExitCodeHelp.list(declared).forEach((code, text) -> expected.put(Integer.parseInt(code), text));
            assertThat(exitCodeSection(r.out())).as(command).isEqualTo(expected);
            assertThat(declared).as(command).containsKey(ExitCode.USAGE);
        }
        assertThat(exitCodeSection(VerifyCommandTest.run("verify", "--help").out()))
                .containsEntry(0, "no errors (warnings allowed unless --fail-on-warn)")
                .containsEntry(1, "at least one error finding (or a warning with --fail-on-warn)")
                .containsEntry(2, "usage or tool error")
                .doesNotContainKey(3);
        assertThat(exitCodeSection(VerifyCommandTest.run("apply", "--help").out()))
                .containsOnlyKeys(0, 1, 2, 3);
    }

    @Test
    void aCommandWithoutDocumentedCodes_isAnError() {
        assertThatThrownBy(() -> ExitCodeHelp.meanings("deploy")).hasMessageContaining("ExitCodeHelp.meanings");
    }
}

package dev.releasepolicy.cli;

import dev.releasepolicy.core.options.ExitCode;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/**
 * The "Exit codes:" section of every command's {@code --help}, built from {@link ExitCode} so the numbers in
 * the help are the numbers the commands return. Each command says what each of its codes means for it.
 */
final class ExitCodeHelp {

    static final String HEADING = "%nExit codes:%n";

    private static final String DONE = "done, or stopped at a planned wait or manual approval";
    private static final String ROLLED_BACK = "the release failed and was rolled back (or the rollback failed)";
    private static final String TOOL = "usage or tool error (unreadable plan, unreachable cluster)";
    private static final String REFUSED = "refused, nothing changed (another release in progress, nothing to do)";

    private ExitCodeHelp() {}

    /** Adds the section to {@code command} and every subcommand below it. */
    static void addTo(CommandLine command) {
        String name = command.getCommandSpec().qualifiedName(" ").replaceFirst("^release-policy ?", "");
        Map<ExitCode, String> meanings = meanings(name);
        if (!meanings.isEmpty()) {
            command.getCommandSpec().usageMessage().exitCodeListHeading(HEADING).exitCodeList(list(meanings));
        }
        command.getSubcommands().values().forEach(ExitCodeHelp::addTo);
    }

    /**
     * What each exit code means for one command, by its name below {@code release-policy} (empty for the
     * top level). Empty only for {@code help}, which prints help and nothing else.
     */
    static Map<ExitCode, String> meanings(String command) {
        return switch (command) {
            case "" -> {
                Map<ExitCode, String> all = new LinkedHashMap<>();
                for (ExitCode c : ExitCode.values()) {
                    all.put(c, c.meaning());
                }
                yield all;
            }
            case "verify" ->
                ordered(
                        ExitCode.OK,
                        "no errors (warnings allowed unless --fail-on-warn)",
                        ExitCode.FINDINGS,
                        "at least one error finding (or a warning with --fail-on-warn)",
                        ExitCode.USAGE,
                        "usage or tool error");
            case "plan" ->
                ordered(
                        ExitCode.OK,
                        "planned",
                        ExitCode.FINDINGS,
                        "the manifest has error findings",
                        ExitCode.USAGE,
                        "usage or tool error");
            case "apply" -> releaseCodes("refused, nothing changed (another release in progress, stale plan)");
            case "status", "resume", "approve", "rollback" -> releaseCodes(REFUSED);
            case "test" ->
                ordered(
                        ExitCode.OK,
                        "all cases pass",
                        ExitCode.FINDINGS,
                        "a case failed",
                        ExitCode.USAGE,
                        "usage or tool error");
            case "policies" ->
                ordered(
                        ExitCode.OK,
                        "listed",
                        ExitCode.FINDINGS,
                        "a policy does not load",
                        ExitCode.USAGE,
                        "usage or tool error");
            case "audit" -> ordered(ExitCode.USAGE, "no subcommand given: use audit verify or audit export");
            case "audit verify" ->
                ordered(
                        ExitCode.OK,
                        "intact",
                        ExitCode.FINDINGS,
                        "tampered (the line is printed)",
                        ExitCode.USAGE,
                        "usage or tool error");
            case "audit export" ->
                ordered(
                        ExitCode.OK,
                        "exported",
                        ExitCode.USAGE,
                        "tool error (cluster unreachable)",
                        ExitCode.REFUSED,
                        "no trail for the application");
            case "help" -> Map.of();
            default ->
                throw new IllegalArgumentException(
                        "no exit codes documented for command '" + command + "': add them to ExitCodeHelp.meanings");
        };
    }

    /** The help lines: one per code, meanings of codes that share a number joined with "; or". */
    static Map<String, String> list(Map<ExitCode, String> meanings) {
        Map<String, String> lines = new LinkedHashMap<>();
        meanings.forEach(
                (code, meaning) -> lines.merge(String.valueOf(code.code()), meaning, (a, b) -> a + "; or " + b));
        return lines;
    }

    /** The codes of the commands that run a release on a cluster; only the meaning of a refusal differs. */
    private static Map<ExitCode, String> releaseCodes(String refused) {
        return ordered(
                ExitCode.OK, DONE, ExitCode.ROLLED_BACK, ROLLED_BACK, ExitCode.USAGE, TOOL, ExitCode.REFUSED, refused);
    }

    private static Map<ExitCode, String> ordered(Object... codesAndMeanings) {
        Map<ExitCode, String> out = new LinkedHashMap<>();
        for (int i = 0; i < codesAndMeanings.length; i += 2) {
            out.put((ExitCode) codesAndMeanings[i], (String) codesAndMeanings[i + 1]);
        }
        return out;
    }
}

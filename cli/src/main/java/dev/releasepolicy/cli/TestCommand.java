package dev.releasepolicy.cli;

import dev.releasepolicy.core.options.ExitCode;
import dev.releasepolicy.core.options.UsageException;
import dev.releasepolicy.core.policy.PolicyTestRunner;
import dev.releasepolicy.core.policy.WindowContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code release-policy test}: runs the test cases of built-in or team policies. */
@Command(
        name = "test",
        mixinStandardHelpOptions = true,
        description = {
            "Run policies' own test cases: each case is a manifest and the findings the policy must report.",
            "Without DIR, runs the cases of the built-in policies. A policy folder holds *.js modules",
            "and tests/<policy-id>/<case>.yaml with <case>.findings.txt ('error /spec/rollback/to' per line).",
            "",
            "Examples:",
            "  release-policy test",
            "  release-policy test policies/team"
        })
final class TestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(
            paramLabel = "DIR",
            arity = "0..*",
            description = "Team policy folders to test (default: the built-in policies).")
    List<Path> dirs = new ArrayList<>();

    @Override
    public Integer call() {
        List<PolicyTestRunner.Suite> suites = new ArrayList<>();
        if (dirs.isEmpty()) {
            suites.add(PolicyTestRunner.builtinSuite());
        }
        for (Path d : dirs) {
            try {
                suites.add(PolicyTestRunner.folderSuite(d));
            } catch (IOException e) {
                throw new UsageException(d + ": not a folder of policies");
            }
        }
        var out = spec.commandLine().getOut();
        int failed = new PolicyTestRunner(WindowContext.EVALUATED).runAndPrint(suites, out);
        out.flush();
        return (failed == 0 ? ExitCode.OK : ExitCode.FINDINGS).code();
    }
}

package dev.releasepolicy.cli;

import dev.releasepolicy.core.options.ExitCode;
import dev.releasepolicy.core.options.UsageException;
import dev.releasepolicy.core.policy.Policy;
import dev.releasepolicy.core.policy.PolicyCheck;
import dev.releasepolicy.core.policy.PolicyConfig;
import dev.releasepolicy.core.policy.PolicyEngine;
import dev.releasepolicy.core.policy.PolicyFailure;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code release-policy policies}: lists the policies that {@code verify} would run. */
@Command(
        name = "policies",
        mixinStandardHelpOptions = true,
        description = {
            "List the policies: id, severity and description.",
            "Built-in ones, those of --policies folders and of the configuration; a policy that",
            "does not load is listed as broken.",
            "",
            "Examples:",
            "  release-policy policies",
            "  release-policy policies --policies policies/team"
        })
final class PoliciesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--policies", paramLabel = "DIR", description = "A folder of team policies to include. Repeatable.")
    List<Path> policyDirs = new ArrayList<>();

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Policy configuration (default: .release-policy.yaml in the current folder, if present).")
    Path config;

    @Override
    public Integer call() {
        PolicyConfig cfg = PolicyConfig.loadDefault(Optional.ofNullable(config));
        var out = spec.commandLine().getOut();
        try (PolicyEngine engine = PolicyEngine.create(PolicyCheck.files(policyDirs, cfg))) {
            int width = 4;
            for (Policy p : engine.policies()) {
                width = Math.max(width, p.id().length());
            }
            out.printf("%-" + width + "s  %-8s  %s%n", "ID", "SEVERITY", "DESCRIPTION");
            for (Policy p : engine.policies()) {
                String state = cfg.rule(p.id())
                        .map(r -> r.disabled() ? " (disabled)" : "")
                        .orElse("");
                String severity = cfg.rule(p.id())
                        .flatMap(PolicyConfig.Rule::severity)
                        .orElse(p.severity())
                        .label();
                out.printf("%-" + width + "s  %-8s  %s%s%n", p.id(), severity, p.description(), state);
            }
            for (PolicyFailure f : engine.loadFailures()) {
                out.printf(
                        "%-" + width + "s  %-8s  BROKEN: %s:%d: %s%n",
                        f.policyId(),
                        "error",
                        f.file(),
                        f.line(),
                        f.message());
            }
            out.flush();
            return (engine.loadFailures().isEmpty() ? ExitCode.OK : ExitCode.FINDINGS).code();
        } catch (UncheckedIOException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }
}

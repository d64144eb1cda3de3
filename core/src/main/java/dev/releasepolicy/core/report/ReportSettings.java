package dev.releasepolicy.core.report;

import dev.releasepolicy.core.ToolVersion;
import dev.releasepolicy.core.finding.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a report needs to know beyond the findings, for formats that place them in a repository (SARIF):
 * the folder the findings' file names are relative to, the repository root code scanning resolves
 * {@code %SRCROOT%} against, the tool's version, and the rules (policies) that were checked.
 *
 * @param baseDirectory the folder file names in findings are relative to (the working directory on the
 *                      command line, the module's folder in Maven); absolute
 * @param sourceRoot    the repository root: SARIF URIs are relative to it; absolute
 * @param toolVersion   {@code tool.driver.version}
 * @param rules         the policies checked, with their {@code meta}
 */
public record ReportSettings(Path baseDirectory, Path sourceRoot, String toolVersion, List<Rule> rules) {

    /**
     * One rule as the policy's {@code meta} declares it.
     *
     * @param id          {@code meta.id}
     * @param severity    {@code meta.severity}
     * @param description {@code meta.description}
     * @param source      the policy file, as findings name it
     */
    public record Rule(String id, Severity severity, String description, String source) {}

    public ReportSettings {
        baseDirectory = baseDirectory.toAbsolutePath().normalize();
        sourceRoot = sourceRoot.toAbsolutePath().normalize();
        rules = List.copyOf(rules);
    }

    /** For findings relative to the working directory, in the repository around it, with no policy rules. */
    public static ReportSettings workingDirectory() {
        Path cwd = Path.of("").toAbsolutePath();
        return new ReportSettings(cwd, repositoryRoot(cwd), ToolVersion.get(), List.of());
    }

    /**
     * For findings relative to {@code baseDirectory}: the source root is {@code sourceRoot} when given, else
     * the repository around {@code baseDirectory}.
     */
    public static ReportSettings of(Path baseDirectory, Optional<Path> sourceRoot, List<Rule> rules) {
        Path base = baseDirectory.toAbsolutePath().normalize();
        return new ReportSettings(base, sourceRoot.orElseGet(() -> repositoryRoot(base)), ToolVersion.get(), rules);
    }

    /**
     * The git top level around {@code dir}: the nearest folder, from {@code dir} upwards, that holds a
     * {@code .git} folder or file (a worktree or submodule); {@code dir} itself when there is none.
     */
    public static Path repositoryRoot(Path dir) {
        Path start = dir.toAbsolutePath().normalize();
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(".git"))) {
                return p;
            }
        }
        return start;
    }

    /** This setting with other rules. */
    public ReportSettings withRules(List<Rule> newRules) {
        return new ReportSettings(baseDirectory, sourceRoot, toolVersion, newRules);
    }
}

package dev.releasepolicy.maven;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.finding.Location;
import dev.releasepolicy.core.plan.Plan;
import dev.releasepolicy.core.plan.PlanMetadata;
import dev.releasepolicy.core.verify.FileResult;
import dev.releasepolicy.core.verify.ManifestResult;
import dev.releasepolicy.core.verify.VerifyReport;
import java.nio.file.Path;

/**
 * Shows file names relative to the project's base directory ({@code release/api.yaml:12:5} rather
 * than a long absolute path). Maven hands the plugin absolute paths, because a module's folder is
 * not the working directory in a multi-module build; this shortens them back for messages and
 * reports. Files outside the base directory keep their absolute path.
 */
final class RelativePaths {

    private final Path base;
    private final String prefix;

    RelativePaths(Path base) {
        this.base = base.toAbsolutePath().normalize();
        this.prefix = slashes(this.base.toString()) + "/";
    }

    /** A file name as core displays it, relative to the base directory when it lies inside it. */
    String display(String file) {
        String f = slashes(file);
        if (f.startsWith(prefix)) {
            return f.substring(prefix.length());
        }
        if (f.equals(prefix.substring(0, prefix.length() - 1))) {
            return ".";
        }
        return f;
    }

    /** A path for a log message. */
    String display(Path path) {
        return display(path.toAbsolutePath().normalize().toString());
    }

    /** The same report with every file name (and absolute paths in messages) made relative. */
    VerifyReport apply(VerifyReport report) {
        return new VerifyReport(
                report.files().stream()
                        .map(f -> new FileResult(
                                display(f.file()),
                                f.findings().stream().map(this::apply).toList()))
                        .toList(),
                report.manifests().stream()
                        .map(m -> new ManifestResult(
                                display(m.file()),
                                m.document(),
                                m.name(),
                                m.findings().stream().map(this::apply).toList(),
                                m.cached()))
                        .toList());
    }

    /** The same plan with its source file and its findings' files made relative. */
    Plan apply(Plan plan) {
        PlanMetadata m = plan.metadata();
        return new Plan(
                plan.apiVersion(),
                new PlanMetadata(
                        m.release(),
                        display(m.source()),
                        m.application(),
                        m.namespace(),
                        m.version(),
                        m.previousVersion(),
                        m.strategy()),
                plan.fingerprint(),
                plan.timeline(),
                plan.rollback(),
                plan.steps(),
                plan.runtime(),
                plan.findings().stream().map(this::apply).toList());
    }

    Finding apply(Finding f) {
        Location l = f.location();
        return new Finding(
                f.policyId(),
                f.severity(),
                slashes(f.message()).replace(prefix, ""),
                f.hint(),
                new Location(display(l.file()), l.line(), l.column()),
                f.pointer(),
                f.waiver());
    }

    private static String slashes(String s) {
        return s.replace('\\', '/');
    }

    Path base() {
        return base;
    }
}

package dev.releasepolicy.maven;

import dev.releasepolicy.core.options.ExitCode;
import dev.releasepolicy.core.options.VerifyOptions;
import dev.releasepolicy.core.report.ReportSettings;
import dev.releasepolicy.core.runner.VerifyRunner;
import dev.releasepolicy.core.verify.VerifyReport;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The work of the {@code verify} goal, with no Maven type in it, so that it runs the same in Maven's
 * JVM ({@link VerifyMojo}) and in the verify daemon ({@link VerifyDaemon}): check the manifests, write
 * the report files, and answer with the log lines, the counts and the exit code. Both callers run
 * this one method; the daemon only carries its request and result over a socket.
 */
final class VerifyGoal {

    /** A Maven log level. */
    enum Level {
        DEBUG,
        INFO,
        WARN,
        ERROR
    }

    /** One line for the Maven log. */
    record Line(Level level, String text) {}

    /**
     * What to check, with every path absolute and the clock fixed, so that the answer does not depend
     * on the JVM's working directory or time of day. The components are {@link VerifyOptions}'s.
     *
     * @param basedir    the module's folder: file names in findings are relative to it
     * @param paths      the manifests
     * @param configFile the configuration file; empty means none (the goal has already looked for the
     *                   module's {@code .release-policy.yaml})
     * @param now        the clock, always present
     * @param formats    report formats to write into {@code outputDirectory}
     * @param cacheDirectory the verify cache's folder; empty means none ({@code noCache})
     */
    record Request(
            Path basedir,
            List<Path> paths,
            List<Path> policyDirs,
            Optional<Path> configFile,
            Optional<Instant> now,
            boolean failOnWarn,
            List<String> formats,
            Path outputDirectory,
            Optional<Path> cacheDirectory)
            implements VerifyOptions {

        Request {
            paths = List.copyOf(paths);
            policyDirs = List.copyOf(policyDirs);
            formats = List.copyOf(formats);
            if (now.isEmpty()) {
                throw new IllegalArgumentException("a verify request fixes its clock");
            }
        }

        @Override
        public boolean configFromWorkingDirectory() {
            return false;
        }

        /** The text report goes to a buffer (logged with -X); findings are logged one per line instead. */
        @Override
        public String format() {
            return "text";
        }

        @Override
        public Optional<Path> output() {
            return Optional.empty();
        }
    }

    /**
     * The outcome.
     *
     * @param exitCode the CLI's exit code for the same check ({@link ExitCode#OK} passes, FINDINGS fails the build);
     *                 an int, as the verify daemon sends it
     * @param summary  the closing line, e.g. {@code 1 manifest, 0 errors, 0 warnings}
     * @param lines    what to log, in order
     */
    record Result(int exitCode, String summary, long manifests, long errors, long warnings, List<Line> lines) {

        Result {
            lines = List.copyOf(lines);
        }
    }

    private VerifyGoal() {}

    /**
     * Checks, writes the reports, and answers.
     *
     * @throws dev.releasepolicy.core.options.UsageException for a missing manifest or a bad configuration
     */
    static Result run(Request request) {
        StringBuilder text = new StringBuilder();
        return answer(request, new VerifyRunner().run(request, text), text);
    }

    /**
     * Answers from the verify cache alone, as {@link #run} would (the same log lines, counts, exit code
     * and report files), when the stored result of every manifest still holds; else empty, having written
     * nothing. It starts neither the policy engine nor the schema: cheap enough to try in Maven's JVM
     * before forking a JVM that checks.
     *
     * @throws dev.releasepolicy.core.options.UsageException as {@link #run}
     */
    static Optional<Result> fromCache(Request request) {
        StringBuilder text = new StringBuilder();
        return new VerifyRunner().runFromCache(request, text).map(outcome -> answer(request, outcome, text));
    }

    private static Result answer(Request request, VerifyRunner.Outcome outcome, StringBuilder text) {
        RelativePaths relative = new RelativePaths(request.basedir());
        List<Line> lines = new ArrayList<>();
        lines.add(new Line(Level.DEBUG, text.toString()));
        VerifyReport report = relative.apply(outcome.report());
        lines.addAll(FindingLog.lines(report));
        ReportSettings settings = ReportSettings.of(request.basedir(), Optional.empty(), outcome.rules());
        List<Path> written = new ReportFiles(
                        request.outputDirectory(), warning -> lines.add(new Line(Level.WARN, warning)), settings)
                .write(report, request.formats());
        if (!written.isEmpty()) {
            lines.add(new Line(
                    Level.INFO,
                    MojoErrors.PREFIX + "reports written to "
                            + relative.display(request.outputDirectory()) + "/ ("
                            + String.join(
                                    ", ",
                                    written.stream()
                                            .map(p -> p.getFileName().toString())
                                            .toList()) + ")"));
        }
        String summary = report.summary();
        if (outcome.exitCode() != ExitCode.OK && report.errors() == 0) {
            summary += " (failOnWarning is set)";
        }
        return new Result(
                outcome.exitCode().code(),
                summary,
                report.manifests().size(),
                report.errors(),
                report.warnings(),
                lines);
    }
}

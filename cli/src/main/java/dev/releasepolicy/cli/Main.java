package dev.releasepolicy.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code release-policy}: the command line. Subcommands parse options and delegate to core. */
@Command(name = "release-policy",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Validate, plan and apply software releases described in YAML release manifests.",
            "",
            "Examples:",
            "  release-policy verify release/",
            "  release-policy verify --now 2026-12-01T15:00:00Z --format json examples/canary-api.yaml",
            "  release-policy plan --now 2026-12-01T15:00:00Z examples/canary-api.yaml"
        },
        subcommands = {VerifyCommand.class, PlanCommand.class, ApplyCommand.class, StatusCommand.class,
            ResumeCommand.class, ApproveCommand.class, RollbackCommand.class, AuditCommand.class,
            CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 no errors, 1 error findings, 2 usage or tool error.",
            "Run 'release-policy help COMMAND' for a command's options."})
public final class Main implements Runnable {

    @Option(names = "--stacktrace", scope = CommandLine.ScopeType.INHERIT,
            description = "Print the stack trace of a tool failure (for bug reports).")
    boolean stacktrace;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: try 'release-policy verify PATH...'");
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams and returns the exit code (used by tests). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        Main main = new Main();
        CommandLine cli = new CommandLine(main);
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> ErrorMapper.report(e, main.stacktrace, err));
        cli.setParameterExceptionHandler((e, args1) -> {
            err.println("release-policy: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
            err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ErrorMapper.EXIT_USAGE;
        });
        return cli.execute(args);
    }

    /** Reads the version from the core jar (filtered at build time). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"release-policy " + dev.releasepolicy.core.ToolVersion.get()};
        }
    }

}

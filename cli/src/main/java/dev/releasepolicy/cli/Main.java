package dev.releasepolicy.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code release-policy}: the command line. Subcommands parse options and delegate to core. */
@Command(
        name = "release-policy",
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
        footer = {"", "Run 'release-policy help COMMAND' for a command's options."})
public final class Main implements Runnable {

    @Option(
            names = "--stacktrace",
            scope = CommandLine.ScopeType.INHERIT,
            description = "Print the stack trace of a tool failure (for bug reports).")
    boolean stacktrace;

    @Option(
            names = "--no-color",
            scope = CommandLine.ScopeType.INHERIT,
            description = "No colour, even on a terminal (so does the environment variable NO_COLOR).")
    boolean noColor;

    /** Whether standard output is a terminal (set by {@link #main}; tests run as a pipe unless they say). */
    boolean terminal;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * The subcommands, in the order help lists them; the names are their {@code @Command} names
     * (a test keeps them equal). Building picocli's model of a command reads its annotations by
     * reflection, ~10-20 ms per command in a cold JVM, so a run registers only the command it runs
     * when the first argument names one; otherwise (help, --version, a typo) it registers all.
     */
    static final String[] NAMES = {
        "verify", "plan", "apply", "status", "resume", "approve", "rollback", "test", "policies", "audit", "help"
    };

    static Class<?> commandClass(String name) {
        return switch (name) {
            case "verify" -> VerifyCommand.class;
            case "plan" -> PlanCommand.class;
            case "apply" -> ApplyCommand.class;
            case "status" -> StatusCommand.class;
            case "resume" -> ResumeCommand.class;
            case "approve" -> ApproveCommand.class;
            case "rollback" -> RollbackCommand.class;
            case "test" -> TestCommand.class;
            case "policies" -> PoliciesCommand.class;
            case "audit" -> AuditCommand.class;
            case "help" -> CommandLine.HelpCommand.class;
            default -> null;
        };
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "missing command: try 'release-policy verify PATH...'");
    }

    public static void main(String[] args) {
        // UTF-8 whatever the locale: with LC_ALL=C (common in containers) the JVM's default console encoding is
        // ASCII and would turn every non-ASCII character (→, —, a manifest's text) into '?', corrupting JSON and
        // SARIF on standard output.
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
        PrintWriter out = utf8(System.out);
        PrintWriter err = utf8(System.err);
        int code = execute(args, out, err, Colour.terminal(), System.getenv());
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** A writer that encodes as UTF-8 and flushes on each line. */
    static PrintWriter utf8(OutputStream stream) {
        return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
    }

    /** Runs the command line with the given streams, as a pipe, and returns the exit code (used by tests). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return execute(args, out, err, false, Map.of());
    }

    /**
     * Runs the command line.
     *
     * @param terminal whether standard output is a terminal (colour unless NO_COLOR or --no-color)
     * @param env      the environment ({@code NO_COLOR}, {@code TERM})
     */
    static int execute(String[] args, PrintWriter out, PrintWriter err, boolean terminal, Map<String, String> env) {
        Main main = new Main();
        main.terminal = terminal;
        main.env = Map.copyOf(env);
        CommandLine cli = new CommandLine(main);
        String first = firstCommandArgument(args);
        if (first != null && !first.equals("help") && commandClass(first) != null) {
            cli.addSubcommand(commandClass(first));
        } else {
            for (String name : NAMES) {
                cli.addSubcommand(commandClass(name));
            }
        }
        ExitCodeHelp.addTo(cli);
        boolean colour = Colour.enabled(List.of(args).contains("--no-color"), env, terminal);
        cli.setColorScheme(
                CommandLine.Help.defaultColorScheme(colour ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
        HelpWrap.install(cli, HELP_WIDTH);
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

    /** The width help is wrapped at, between words (wide enough for the examples, each on one line). */
    static final int HELP_WIDTH = 100;

    /** The environment the run was started with (for {@code NO_COLOR}). */
    Map<String, String> env = Map.of();

    /**
     * Where a human text format goes: the command's standard output, coloured on a terminal unless
     * {@code NO_COLOR} or {@code --no-color} says otherwise.
     */
    static PrintWriter textOut(CommandLine.Model.CommandSpec spec) {
        PrintWriter out = spec.commandLine().getOut();
        Main main = (Main) spec.root().userObject();
        if (!Colour.enabled(main.noColor, main.env, main.terminal)) {
            return out;
        }
        return new PrintWriter(Colour.lines(out), true);
    }

    /** The first argument that is not an option of the top-level command, or null. */
    private static String firstCommandArgument(String[] args) {
        for (String a : args) {
            if (!a.startsWith("-")) {
                return a;
            }
        }
        return null;
    }

    /** Reads the version from the core jar (filtered at build time). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"release-policy " + dev.releasepolicy.core.ToolVersion.get()};
        }
    }
}

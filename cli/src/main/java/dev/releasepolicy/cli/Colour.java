package dev.releasepolicy.cli;

import java.io.Console;
import java.io.IOException;
import java.io.Writer;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Colour for people at a terminal, as terraform and conftest users expect: errors red, warnings yellow,
 * waived findings and hints dim, and the plan's {@code +}/{@code ~}/{@code -} objects green, yellow and red.
 * Off when standard output is not a terminal (a pipe, a file, CI logs), when {@code NO_COLOR} is set
 * (https://no-color.org) or with {@code --no-color}. Only the human text formats are coloured; the escape
 * sequences are ours alone, since report text from manifests and policies has its control characters escaped.
 */
final class Colour {

    static final String RED = "\u001B[31m";
    static final String BOLD_RED = "\u001B[1;31m";
    static final String YELLOW = "\u001B[33m";
    static final String GREEN = "\u001B[32m";
    static final String DIM = "\u001B[2m";
    static final String RESET = "\u001B[0m";

    private static final Pattern SEVERITY = Pattern.compile(": (waived (?:error|warning)|error|warning): ");
    private static final Pattern OBJECT = Pattern.compile("^(\\s+)([+~-])( \\S)");
    private static final Pattern DETAIL = Pattern.compile("^(\\s{4}(?:hint|at|waived): )");

    private Colour() {}

    /**
     * Whether to colour: a terminal, no {@code NO_COLOR} (any non-empty value) and no {@code --no-color}; a
     * {@code TERM} of {@code dumb} has no colour either.
     */
    static boolean enabled(boolean noColorOption, Map<String, String> env, boolean terminal) {
        String noColor = env.get("NO_COLOR");
        return terminal && !noColorOption && (noColor == null || noColor.isEmpty()) && !"dumb".equals(env.get("TERM"));
    }

    /** Whether this JVM's standard input and output are a terminal. */
    static boolean terminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // JDK 22+ returns a Console for redirected streams too; isTerminal() tells them apart.
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** One line of a text report or plan, coloured. */
    static String paint(String line) {
        Matcher m = SEVERITY.matcher(line);
        if (m.find()) {
            String word = m.group(1);
            String colour = word.startsWith("waived") ? DIM : word.equals("error") ? BOLD_RED : YELLOW;
            return line.substring(0, m.start(1)) + colour + word + RESET + line.substring(m.end(1));
        }
        Matcher o = OBJECT.matcher(line);
        if (o.find()) {
            String colour = switch (o.group(2)) {
                case "+" -> GREEN;
                case "~" -> YELLOW;
                case "-" -> RED;
                default -> throw new IllegalStateException("unexpected plan symbol " + o.group(2));
            };
            return o.group(1) + colour + line.substring(o.end(1)) + RESET;
        }
        Matcher d = DETAIL.matcher(line);
        if (d.find()) {
            return DIM + d.group(1) + RESET + line.substring(d.end(1));
        }
        return line;
    }

    /** A writer that colours each complete line written to {@code out}. */
    static Writer lines(Writer out) {
        return new Writer() {
            private final StringBuilder line = new StringBuilder();

            @Override
            public void write(char[] cbuf, int off, int len) throws IOException {
                for (int i = off; i < off + len; i++) {
                    char c = cbuf[i];
                    if (c == '\n') {
                        out.write(paint(line.toString()));
                        out.write('\n');
                        line.setLength(0);
                    } else {
                        line.append(c);
                    }
                }
            }

            @Override
            public void flush() throws IOException {
                if (!line.isEmpty()) {
                    out.write(paint(line.toString()));
                    line.setLength(0);
                }
                out.flush();
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}

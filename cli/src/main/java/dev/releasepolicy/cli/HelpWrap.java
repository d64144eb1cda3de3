package dev.releasepolicy.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Wraps help text between words only. Picocli wraps where Java's line BreakIterator allows, which includes
 * after the dot of {@code *.yaml} or {@code ../}, so a path or an example in a description was split across
 * lines; here picocli lays help out on one long line per entry, and each line is re-wrapped at spaces, with
 * continuation lines hanging under the option's description (or the synopsis's first option). A word longer
 * than a line is kept whole.
 */
final class HelpWrap {

    /** An option or exit-code row: its label, at least two spaces, then its description. */
    private static final Pattern ROW = Pattern.compile("^(\\s*\\S(?:.*?\\S)?\\s{2,})\\S");

    private HelpWrap() {}

    /** Lays out {@code command}'s help (and its subcommands') unwrapped, then wraps it at {@code width}. */
    static void install(CommandLine command, int width) {
        command.setUsageHelpWidth(10_000);
        command.setUsageHelpLongOptionsMaxWidth(30);
        var sections = command.getHelpSectionMap();
        sections.replaceAll((key, renderer) -> key.equals(UsageMessageSpec.SECTION_KEY_SYNOPSIS)
                // The synopsis follows its heading ("Usage: ") on the same line: wrap the two together.
                ? help -> {
                    String heading = help.synopsisHeading();
                    return wrap(heading + renderer.render(help), width).substring(heading.length());
                }
                : help -> wrap(renderer.render(help), width));
        command.setHelpSectionMap(sections);
        command.getSubcommands().values().forEach(sub -> install(sub, width));
    }

    /** Every line of {@code text} no longer than {@code width} where it has a space to break at. */
    static String wrap(String text, int width) {
        StringBuilder out = new StringBuilder(text.length() + 64);
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                out.append('\n');
            }
            wrapLine(lines[i], width, out);
        }
        return out.toString();
    }

    private static void wrapLine(String line, int width, StringBuilder out) {
        if (line.length() <= width) {
            out.append(line);
            return;
        }
        int hang = hangingIndent(line);
        int floor = hang == 0 ? leading(line) : Math.min(hang, leading(line) + 1);
        String rest = line;
        boolean first = true;
        while (rest.length() > width) {
            int cut = rest.lastIndexOf(' ', width);
            int minimum = first ? floor : hang;
            if (cut <= minimum) {
                cut = rest.indexOf(' ', width);
                if (cut < 0) {
                    break;
                }
            }
            out.append(rest, 0, cut).append('\n');
            rest = " ".repeat(hang) + rest.substring(cut).stripLeading();
            first = false;
            if (rest.isBlank()) {
                return;
            }
        }
        out.append(rest);
    }

    private static int hangingIndent(String line) {
        if (line.contains("Usage: ")) {
            int option = line.indexOf(" [");
            return option > 0 ? option + 1 : 7;
        }
        Matcher m = ROW.matcher(line);
        if (m.find()) {
            return m.end(1) + 2;
        }
        return leading(line);
    }

    private static int leading(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }
}

package dev.releasepolicy.executor.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Countdowns: redrawn in place on a terminal, a line a minute in logs. */
class ProgressTest {

    @Test
    void terminal_countdown_redrawsOneLine() {
        StringWriter w = new StringWriter();
        Progress p = Progress.terminal(new PrintWriter(w));
        p.countdown("pause", Duration.ofSeconds(65));
        p.countdown("pause", Duration.ofSeconds(63));
        p.line("next");
        assertThat(w.toString())
                .isEqualTo("\r  pause: 1m05s left   \r  pause: 1m03s left   " + System.lineSeparator() + "next"
                        + System.lineSeparator());
    }

    @Test
    void plain_countdown_oneLinePerMinute() {
        StringWriter w = new StringWriter();
        Progress p = Progress.plain(new PrintWriter(w));
        for (int s = 130; s >= 0; s -= 2) {
            p.countdown("pause", Duration.ofSeconds(s));
        }
        assertThat(w.toString().lines())
                .containsExactly("  pause: 2m10s left", "  pause: 1m58s left", "  pause: 58s left");
    }

    @Test
    void format_hoursMinutesSeconds() {
        assertThat(Progress.format(Duration.ofHours(24).plusSeconds(61))).isEqualTo("24h01m01s");
        assertThat(Progress.format(Duration.ofSeconds(42))).isEqualTo("42s");
    }
}

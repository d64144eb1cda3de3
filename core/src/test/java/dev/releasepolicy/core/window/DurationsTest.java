package dev.releasepolicy.core.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
        "30s,PT30S",
        "10m,PT10M",
        "24h,PT24H",
        "1h30m,PT1H30M",
        "2d,PT48H",
        "1d2h3m4s,PT26H3M4S",
        "0s,PT0S",
        "90m,PT1H30M"
    })
    void parse_validText_givesDuration(String text, String iso) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "10", "m", "1.5h", "30m1h", "10min", "-5m", "PT10M", "1h 30m"})
    void parse_invalidText_throwsWithExample(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1h30m");
        assertThat(Durations.isValid(text)).isFalse();
    }

    @Test
    void parse_null_throws() {
        assertThatThrownBy(() -> Durations.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parse_hugeNumber_throwsTooLarge() {
        assertThatThrownBy(() -> Durations.parse("99999999999999999999d"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too large");
    }

    @ParameterizedTest
    @CsvSource({"PT0S,0s", "PT30S,30s", "PT1H30M,1h30m", "PT48H,2d", "PT26H3M4S,1d2h3m4s"})
    void format_roundTrips(String iso, String text) {
        assertThat(Durations.format(Duration.parse(iso))).isEqualTo(text);
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
    }
}

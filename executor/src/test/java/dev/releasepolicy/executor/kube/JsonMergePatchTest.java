package dev.releasepolicy.executor.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

/** RFC 7386's own examples (appendix A), and the retry backoff. */
class JsonMergePatchTest {

    private static final JsonMapper M = JsonMapper.builder().build();

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"a\":\"b\"}|{\"a\":\"c\"}|{\"a\":\"c\"}",
                "{\"a\":\"b\"}|{\"b\":\"c\"}|{\"a\":\"b\",\"b\":\"c\"}",
                "{\"a\":\"b\"}|{\"a\":null}|{}",
                "{\"a\":\"b\",\"b\":\"c\"}|{\"a\":null}|{\"b\":\"c\"}",
                "{\"a\":[\"b\"]}|{\"a\":\"c\"}|{\"a\":\"c\"}",
                "{\"a\":\"c\"}|{\"a\":[\"b\"]}|{\"a\":[\"b\"]}",
                "{\"a\":{\"b\":\"c\"}}|{\"a\":{\"b\":\"d\",\"c\":null}}|{\"a\":{\"b\":\"d\"}}",
                "{\"a\":[{\"b\":\"c\"}]}|{\"a\":[1]}|{\"a\":[1]}",
                "[\"a\",\"b\"]|[\"c\",\"d\"]|[\"c\",\"d\"]",
                "{\"a\":\"b\"}|[\"c\"]|[\"c\"]",
                "{\"a\":\"foo\"}|null|null",
                "{\"e\":null}|{\"a\":1}|{\"e\":null,\"a\":1}",
                "[1,2]|{\"a\":\"b\",\"c\":null}|{\"a\":\"b\"}",
                "{}|{\"a\":{\"bb\":{\"ccc\":null}}}|{\"a\":{\"bb\":{}}}"
            })
    void apply_rfc7386Examples(String target, String patch, String result) {
        assertThat(Json.same(JsonMergePatch.apply(M.readTree(target), M.readTree(patch)), M.readTree(result)))
                .isTrue();
    }

    @Test
    void retryPolicy_doublesUpToTheMaximum() {
        RetryPolicy p = new RetryPolicy(6, Duration.ofMillis(200), Duration.ofSeconds(1));
        assertThat(p.delayAfter(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(p.delayAfter(2)).isEqualTo(Duration.ofMillis(400));
        assertThat(p.delayAfter(3)).isEqualTo(Duration.ofMillis(800));
        assertThat(p.delayAfter(4)).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.delayAfter(5)).isEqualTo(Duration.ofSeconds(1));
    }
}

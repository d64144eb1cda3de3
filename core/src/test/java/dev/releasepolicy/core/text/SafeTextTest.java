package dev.releasepolicy.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SafeTextTest {

    @Test
    void line_escapesControlCharactersAndSeparators() {
        assertThat(SafeText.line("a\u001B[2Jb\u0000c\u0007d\u0085e\u2028f\u2029g\u202Eh\u007Fi\tj\nk\rl"))
                .isEqualTo("a\\x1B[2Jb\\x00c\\x07d\\x85e\\u2028f\\u2029g\\u202Eh\\x7Fi\tj\\x0Ak\\x0Dl");
        assertThat(SafeText.line("plain → text — ok 😀")).isEqualTo("plain → text — ok 😀");
    }

    @Test
    void lines_indentsEveryContinuationAndDisarmsWorkflowCommands() {
        String forged = "fix it\n::error file=bad.yaml,line=1::FORGED\r\n  ::warning::x\rlast";

        assertThat(SafeText.lines(forged, "    "))
                .isEqualTo("fix it\n    \\x3A:error file=bad.yaml,line=1::FORGED\n      \\x3A:warning::x\n    last");
    }

    @Test
    void lines_needsAnIndent() {
        assertThatThrownBy(() -> SafeText.lines("a\nb", "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void line_disarmsTheOlderCommandSyntax() {
        assertThat(SafeText.line("x ##[error]FORGED")).isEqualTo("x ##\\x5Berror]FORGED");
    }

    @Test
    void markdown_escapesHtmlLinksAndSchemes() {
        assertThat(SafeText.markdown("<script>alert(1)</script> [click](javascript:alert(1)) `x` *b* a|b"))
                .isEqualTo("&lt;script&gt;alert(1)&lt;/script&gt; \\[click\\](javascript&#58;alert(1)) \\`x\\` \\*b\\*"
                        + " a\\|b");
        assertThat(SafeText.markdown("<img src=x onerror=alert(1)>\nDATA:text/html,x"))
                .isEqualTo("&lt;img src=x onerror=alert(1)&gt; DATA&#58;text/html,x");
        assertThat(SafeText.markdown("see https://example.com/a_b & more"))
                .isEqualTo("see https://example.com/a\\_b &amp; more");
    }

    @Test
    void markdownCode_keepsTheSpanClosed() {
        assertThat(SafeText.markdownCode("a`b|c\u001Bd")).isEqualTo("a'b\\|c\\x1Bd");
    }
}

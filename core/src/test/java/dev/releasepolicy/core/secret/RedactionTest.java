package dev.releasepolicy.core.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactionTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "https://hooks.slack.com/services/T0AAAA111/B0BBBB222/abcdefGHIJKL1234567890xy | https://hooks.slack.com/services/***",
                "https://hooks.example.com/releases/payments | https://hooks.example.com/releases/payments",
                "https://hooks.example.com/release?token=s3cr3t-Value&channel=ops | https://hooks.example.com/release?token=***&channel=ops",
                "https://x.example.com/h?key=abc&sig=def&api_key=ghi | https://x.example.com/h?key=***&sig=***&api_key=***",
                "https://bob:hunter22@hooks.example.com:8443/a | https://***@hooks.example.com:8443/a",
                "https://discord.com/api/webhooks/123456/abcDEF123ghiJKL456mno | https://discord.com/api/webhooks/***",
                "https://acme.webhook.office.com/webhookb2/1234-abcd@5678/IncomingWebhook/xyz/abc | https://acme.webhook.office.com/webhookb2/***",
                "https://api.telegram.org/bot123456:ABCdefGHI/sendMessage | https://api.telegram.org/***",
                "https://ci.example.com/hook/Zq8vK2mP9xL4nR7tY1wB3cD5 | https://ci.example.com/hook/***",
                "https://ci.example.com/hook/0123456789abcdef0123456789abcdef/x | https://ci.example.com/hook/***/x",
                "https://ci.example.com/releases/payments-service-5-4-1 | https://ci.example.com/releases/payments-service-5-4-1",
                "https://ci.example.com/a#access_token=xyz | https://ci.example.com/a#***",
                "http://prometheus.monitoring.svc:9090 | http://prometheus.monitoring.svc:9090",
                "not a url | not a url",
            })
    void url_masksSecretParts(String in, String expected) {
        assertThat(Redaction.url(in)).isEqualTo(expected);
    }

    @Test
    void secretsOf_listsEveryMaskedPart() {
        assertThat(Redaction.secretsOf("https://u:p4ss@h.example.com/x?token=abcd&x=1"))
                .containsExactly("u:p4ss", "abcd");
    }

    @Test
    void headers_masksCredentialsOnly() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Authorization", "Bearer abc");
        h.put("X-Severity", "high");
        h.put("X-Hook-Token", "t0k3n");
        h.put("X-Api-Key", "k3y");
        h.put("Cookie", "session=1");
        assertThat(Redaction.headers(h))
                .containsExactly(
                        Map.entry("Authorization", "***"),
                        Map.entry("X-Severity", "high"),
                        Map.entry("X-Hook-Token", "***"),
                        Map.entry("X-Api-Key", "***"),
                        Map.entry("Cookie", "***"));
    }

    @Test
    void scrub_masksKnownSecretsUrlsAndCredentialPatterns() {
        Redactor r = Redactor.none()
                .withUrl("https://hooks.example.com/r?token=PLANTED-url-token")
                .withHeaders(Map.of("Authorization", "Bearer PLANTED-header-token"));
        String text = "POST failed: PLANTED-url-token rejected; sent Authorization: Bearer PLANTED-header-token to "
                + "https://other.example.com/x?sig=zzz, password=hunter2 and a bare PLANTED-header-token";
        String out = r.scrub(text);
        assertThat(out)
                .doesNotContain("PLANTED", "zzz", "hunter2")
                .contains("https://other.example.com/x?sig=***, password=***", "Authorization: ***");
        assertThat(Redactor.none().scrub("header Authorization: Bearer abc.def"))
                .isEqualTo("header Authorization: Bearer ***");
    }

    @Test
    void scrub_keepsOrdinaryText() {
        String text = "errorRate = 0.043 above max 0.01 at step 2 (setWeight 10)";
        assertThat(Redactor.none().scrub(text)).isEqualTo(text);
        assertThat(Redactor.none().with(List.of("ab")).scrub("about")).isEqualTo("about");
        assertThat(Redactor.none().scrub(null)).isEmpty();
        String prose = "duplicate key: replicas; monitoring key 'alerts' is missing; api_key: hidden";
        assertThat(Redactor.none().scrub(prose))
                .isEqualTo("duplicate key: replicas; monitoring key 'alerts' is missing; api_key: ***");
    }

    @Test
    void toString_neverShowsSecrets() {
        assertThat(Redactor.none().with(List.of("supersecret")).toString()).doesNotContain("supersecret");
    }

    @Test
    void finding_neverShowsASecretQuotedFromTheManifest() {
        var f = dev.releasepolicy.core.finding.Finding.error(
                "schema",
                "spec.notifications[0].webhook 'ftp://bob:PLANTEDpw@hooks.example.com/x?token=PLANTEDtok' is not valid",
                "use https://hooks.example.com/x?token=YOUR-TOKEN",
                new dev.releasepolicy.core.finding.Location("a.yaml", 1, 1),
                "");
        assertThat(f.message())
                .isEqualTo("spec.notifications[0].webhook 'ftp://***@hooks.example.com/x?token=***' is not valid");
        assertThat(f.toString()).doesNotContain("PLANTED");
    }

    @Test
    void scrub_masksWholeCredentialsNeverWordsOfProse() {
        String prose = "spec.notifications[0].headers.X-Num-Token must be a string; headers.X-Num-Token: must be"
                + " a string; the token expired";
        assertThat(Redactor.none().scrub(prose)).isEqualTo(prose);
        assertThat(Redactor.none().with(List.of("pass")).scrub("password bypass pass"))
                .isEqualTo("password bypass ***");
        assertThat(Redactor.none().with(List.of("s3cr3t")).scrub("token%3Ds3cr3t"))
                .isEqualTo("token%3D***");
        assertThat(Redactor.none().scrub("Authorization: Bearer abc.def, Token 9f8e7d, Basic dXNlcg=="))
                .isEqualTo("Authorization: Bearer ***, Token ***, Basic ***");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {"pass", "pwd", "key", "sig", "signature", "auth", "apikey", "access_token", "client_secret"})
    void url_masksQueryParametersNamedLikeSecrets(String name) {
        assertThat(Redaction.url("https://h.example.com/x?" + name + "=V4lue&page=2"))
                .isEqualTo("https://h.example.com/x?" + name + "=***&page=2");
    }

    @Test
    void url_masksUserInformationContainingSlashOrQuestionMark() {
        assertThat(Redaction.url("https://bob:pa/ss@h.example.com/x")).isEqualTo("https://***@h.example.com/x");
        assertThat(Redaction.url("https://bob:pa?ss@h.example.com/x?token=t0k"))
                .isEqualTo("https://***@h.example.com/x?token=***");
        assertThat(Redaction.url("https://h.example.com/x?mail=a@b.example.com"))
                .isEqualTo("https://h.example.com/x?mail=a@b.example.com");
        assertThat(Redaction.url("https://h.example.com/@scope/pkg")).isEqualTo("https://h.example.com/@scope/pkg");
        assertThat(Redaction.url("https://registry.example.com:5000/v2/app@sha256:ab12"))
                .isEqualTo("https://registry.example.com:5000/v2/app@sha256:ab12");
        assertThat(Redactor.none().scrub("image 'registry:5000/app@sha256:ab12' is not valid"))
                .isEqualTo("image 'registry:5000/app@sha256:ab12' is not valid");
    }

    @Test
    void scrub_masksCredentialsOfMalformedUrls() {
        assertThat(Redactor.none().scrub("webhook 'https//carol:S3cret1@hooks.example.com/x' is not valid"))
                .isEqualTo("webhook 'https//***@hooks.example.com/x' is not valid");
        assertThat(Redactor.none().scrub("'http://dave:S3cret2@exa mple.com/'"))
                .isEqualTo("'http://***@exa mple.com/'");
        assertThat(Redactor.none().scrub("carol:S3cret3@hooks.example.com")).isEqualTo("***@hooks.example.com");
    }

    @Test
    void shownValue_hidesSensitiveFieldsOnly() {
        assertThat(Redaction.shownValue("/spec/notifications/0/headers/X-Api-Key", "0731946285"))
                .isEqualTo(Redaction.MASK);
        assertThat(Redaction.shownValue("/spec/notifications/0/headers/Authorization", "22:14:07"))
                .isEqualTo(Redaction.MASK);
        assertThat(Redaction.shownValue("/spec/checklist/testsPassed", "no")).isEqualTo("no");
        assertThat(Redaction.shownValue("/spec/notifications/0/headers/X-Severity", "high"))
                .isEqualTo("high");
        assertThat(Redaction.shownValue("/spec/notifications/0/webhook", "https://u:p4ss@h.example.com/"))
                .isEqualTo("https://***@h.example.com/");
    }
}

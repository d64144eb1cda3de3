package dev.releasepolicy.executor.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The request signatures the chat robots define for a secret, so that a leaked webhook URL alone cannot
 * post into a group. Both sign {@code timestamp + "\n" + secret} with HmacSHA256, but differently:
 * DingTalk uses it as the data keyed by the secret (timestamp in milliseconds, sent in the URL), Feishu
 * uses it as the key over empty data (timestamp in seconds, sent in the body).
 */
final class Signatures {

    private Signatures() {}

    /** DingTalk: Base64(HmacSHA256(key = secret, data = timestampMillis + "\n" + secret)), not yet URL-encoded. */
    static String dingTalk(String secret, long timestampMillis) {
        return hmac(secret, timestampMillis + "\n" + secret);
    }

    /** Feishu / Lark: Base64(HmacSHA256(key = timestampSeconds + "\n" + secret, data = "")). */
    static String feishu(String secret, long timestampSeconds) {
        return hmac(timestampSeconds + "\n" + secret, "");
    }

    private static String hmac(String key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            // HmacSHA256 is a required algorithm of every Java platform
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}

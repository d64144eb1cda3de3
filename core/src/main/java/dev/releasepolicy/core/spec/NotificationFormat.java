package dev.releasepolicy.core.spec;

import java.util.Arrays;

/**
 * The body a notification webhook expects ({@code notifications[].format}): the tool's own JSON
 * ({@code generic}) or the documented webhook message of a chat service, so that people read a message
 * rather than a JSON dump.
 */
public enum NotificationFormat {
    /** {@code {"text", "event", "application", ...}}: for scripts and receivers that read {@code text}. */
    GENERIC("generic", false),
    /** A Slack incoming webhook: {@code text} plus Block Kit {@code blocks}. */
    SLACK("slack", false),
    /** A Microsoft Teams incoming webhook or workflow: a message with one Adaptive Card attachment. */
    TEAMS("teams", false),
    /** A DingTalk custom robot: {@code msgtype: markdown}; with a secret, the URL is signed. */
    DINGTALK("dingtalk", true),
    /** A WeCom (WeChat Work) group robot: {@code msgtype: markdown}. */
    WECOM("wecom", false),
    /** A Feishu / Lark custom bot: {@code msg_type: interactive}; with a secret, the body is signed. */
    FEISHU("feishu", true);

    private final String label;
    private final boolean signed;

    NotificationFormat(String label, boolean signed) {
        this.label = label;
        this.signed = signed;
    }

    /** The name written in manifests and plans, e.g. {@code dingtalk}. */
    public String label() {
        return label;
    }

    /** Whether the service defines a signature made with a {@code secret}. */
    public boolean signed() {
        return signed;
    }

    /** The format with this label; an unknown one is an {@link IllegalArgumentException} naming the known ones. */
    public static NotificationFormat parse(String label) {
        return Arrays.stream(values())
                .filter(f -> f.label.equals(label))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown notification format '" + label
                        + "': use generic, slack, teams, dingtalk, wecom or feishu"));
    }
}

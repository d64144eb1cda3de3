package dev.releasepolicy.executor.notify;

import dev.releasepolicy.core.spec.NotificationFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The body of a notification in each {@link NotificationFormat}: the message each chat service documents
 * for its incoming webhook, carrying the one-line text and a compact summary (application, version,
 * event, step, weight, reason, dashboard link). Every text is passed through {@code scrub} first, so no
 * secret reaches a chat. Signatures are not made here ({@link Signatures}): a body is the same on every
 * attempt, a signature is not.
 */
final class ChatMessages {

    private static final JsonNodeFactory NF = JsonNodeFactory.instance;

    private ChatMessages() {}

    /** One line of the summary, e.g. ("Weight", "20%"). */
    record Fact(String name, String value) {}

    static ObjectNode body(NotificationFormat format, Notification n, UnaryOperator<String> scrub) {
        Notification s = scrubbed(n, scrub);
        return switch (format) {
            case GENERIC -> generic(s);
            case SLACK -> slack(s);
            case TEAMS -> teams(s);
            case DINGTALK -> dingTalk(s);
            case WECOM -> weCom(s);
            case FEISHU -> feishu(s);
        };
    }

    /** The summary shown by every chat format; empty values are left out. */
    static List<Fact> facts(Notification n) {
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact("Application", n.application()));
        facts.add(new Fact("Version", n.version()));
        facts.add(new Fact("Event", n.event().manifestName()));
        facts.add(new Fact("Step", n.step()));
        n.weight().ifPresent(w -> facts.add(new Fact("Weight", w + "%")));
        facts.add(new Fact("Reason", n.reason()));
        return facts.stream().filter(f -> !f.value().isEmpty()).toList();
    }

    private static Notification scrubbed(Notification n, UnaryOperator<String> scrub) {
        return new Notification(
                n.event(),
                scrub.apply(n.application()),
                scrub.apply(n.version()),
                scrub.apply(n.step()),
                scrub.apply(n.reason()),
                n.time(),
                n.weight(),
                scrub.apply(n.dashboard()));
    }

    /** The tool's own JSON: {@code text} for Slack-style receivers, the fields for machines. */
    private static ObjectNode generic(Notification n) {
        ObjectNode o = NF.objectNode();
        o.put("text", n.text());
        o.put("event", n.event().manifestName());
        o.put("application", n.application());
        o.put("version", n.version());
        o.put("step", n.step());
        o.put("reason", n.reason());
        o.put("time", n.time().toString());
        n.weight().ifPresent(w -> o.put("weight", w));
        if (!n.dashboard().isEmpty()) {
            o.put("dashboard", n.dashboard());
        }
        return o;
    }

    /**
     * Slack incoming webhook: {@code text} (the notification line and the fallback) and Block Kit
     * {@code blocks}: a header, the summary as section fields, the dashboard as a link.
     */
    private static ObjectNode slack(Notification n) {
        ObjectNode o = NF.objectNode();
        o.put("text", n.text());
        ArrayNode blocks = o.putArray("blocks");
        ObjectNode header = blocks.addObject();
        header.put("type", "header");
        ObjectNode title = header.putObject("text");
        title.put("type", "plain_text");
        title.put("text", abbreviate(n.title(), 150));
        ObjectNode section = blocks.addObject();
        section.put("type", "section");
        ArrayNode fields = section.putArray("fields");
        for (Fact f : facts(n)) {
            ObjectNode field = fields.addObject();
            field.put("type", "mrkdwn");
            field.put("text", abbreviate("*" + f.name() + "*\n" + slackEscape(f.value()), 2000));
        }
        if (!n.dashboard().isEmpty()) {
            ObjectNode link = blocks.addObject();
            link.put("type", "section");
            ObjectNode text = link.putObject("text");
            text.put("type", "mrkdwn");
            text.put("text", "<" + slackEscape(n.dashboard()) + "|Dashboard>");
        }
        return o;
    }

    /**
     * Microsoft Teams (incoming webhook or a Workflows webhook): {@code type: message} with one attachment
     * of content type {@code application/vnd.microsoft.card.adaptive} holding an Adaptive Card: a title,
     * the line, the summary as a FactSet and the dashboard as an OpenUrl action.
     */
    private static ObjectNode teams(Notification n) {
        ObjectNode o = NF.objectNode();
        o.put("type", "message");
        ObjectNode attachment = o.putArray("attachments").addObject();
        attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
        ObjectNode card = attachment.putObject("content");
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("type", "AdaptiveCard");
        card.put("version", "1.4");
        ArrayNode body = card.putArray("body");
        ObjectNode title = body.addObject();
        title.put("type", "TextBlock");
        title.put("text", n.title());
        title.put("weight", "Bolder");
        title.put("size", "Medium");
        title.put("wrap", true);
        ObjectNode factSet = body.addObject();
        factSet.put("type", "FactSet");
        ArrayNode facts = factSet.putArray("facts");
        for (Fact f : facts(n)) {
            ObjectNode fact = facts.addObject();
            fact.put("title", f.name());
            fact.put("value", f.value());
        }
        if (!n.dashboard().isEmpty()) {
            ObjectNode open = card.putArray("actions").addObject();
            open.put("type", "Action.OpenUrl");
            open.put("title", "Dashboard");
            open.put("url", n.dashboard());
        }
        return o;
    }

    /** DingTalk custom robot: {@code msgtype: markdown} with {@code markdown.title} and {@code markdown.text}. */
    private static ObjectNode dingTalk(Notification n) {
        ObjectNode o = NF.objectNode();
        o.put("msgtype", "markdown");
        ObjectNode md = o.putObject("markdown");
        md.put("title", n.title());
        md.put("text", "### " + n.title() + "\n\n" + markdown(n));
        return o;
    }

    /** WeCom group robot: {@code msgtype: markdown} with {@code markdown.content} (at most 4096 bytes). */
    private static ObjectNode weCom(Notification n) {
        ObjectNode o = NF.objectNode();
        o.put("msgtype", "markdown");
        o.putObject("markdown").put("content", abbreviate("### " + n.title() + "\n" + markdown(n), 1300));
        return o;
    }

    /**
     * Feishu / Lark custom bot: {@code msg_type: interactive} with a card (a header title, one
     * {@code lark_md} block). The signature fields {@code timestamp} and {@code sign} are added when sent.
     */
    private static ObjectNode feishu(Notification n) {
        ObjectNode o = NF.objectNode();
        o.put("msg_type", "interactive");
        ObjectNode card = o.putObject("card");
        ObjectNode title = card.putObject("header").putObject("title");
        title.put("tag", "plain_text");
        title.put("content", n.title());
        ObjectNode div = card.putArray("elements").addObject();
        div.put("tag", "div");
        ObjectNode text = div.putObject("text");
        text.put("tag", "lark_md");
        text.put("content", markdown(n));
        return o;
    }

    /** The summary as Markdown lines, then the dashboard link. */
    private static String markdown(Notification n) {
        StringBuilder sb = new StringBuilder();
        for (Fact f : facts(n)) {
            sb.append("- **").append(f.name()).append(":** ").append(f.value()).append('\n');
        }
        if (!n.dashboard().isEmpty()) {
            sb.append("\n[Dashboard](").append(n.dashboard()).append(")\n");
        }
        return sb.toString();
    }

    /** Slack reads {@code &}, {@code <} and {@code >} as markup ({@code <!channel>} pings everyone). */
    private static String slackEscape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String abbreviate(String s, int max) {
        return s.length() > max ? s.substring(0, max - 3) + "..." : s;
    }
}

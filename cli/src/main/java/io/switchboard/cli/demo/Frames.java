// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli.demo;

import io.switchboard.client.WireEvent;
import io.switchboard.protocol.id.GroupId;
import io.switchboard.protocol.node.Node;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Says in a few words what a frame means to the person watching the demo, and which kind it is for the summary.
 * Knows the stanzas of PROTOCOL.md §11–13; anything else is shown by its tag. Stateless.
 */
final class Frames {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    /** What one frame says, and the row of the summary it counts in. */
    record Description(String text, String kind) {
    }

    private final Glyphs glyphs;
    private final UnaryOperator<String> names;

    /** @param names turns an address into the name the demo gives it (alice, Demo), or leaves it as it is */
    Frames(Glyphs glyphs, UnaryOperator<String> names) {
        this.glyphs = glyphs;
        this.names = names;
    }

    Description describe(WireEvent event) {
        Node node = event.node();
        boolean sent = event.direction() == WireEvent.Direction.SENT;
        return switch (node.tag()) {
            case "message" -> message(node, sent);
            case "ack" -> ack(node, sent);
            case "receipt" -> receipt(node, sent);
            case "iq" -> iq(node, sent);
            case "presence" -> presence(node, sent);
            case "chatstate" -> chatState(node, sent);
            case "notification" -> new Description(name(node.attr("from")) + ": " + name(node.attr("participant"))
                    + " " + verb(node) + " the group", "group notification");
            case "success" -> new Description("register".equals(node.attr("mode")) ? "ready to register"
                    : "logged in as " + name(node.attr("user")), "login reply");
            case "error" -> new Description("error " + node.attr("code") + ": " + node.attr("text"), "error");
            default -> new Description("<" + node.tag() + ">", node.tag());
        };
    }

    private Description message(Node node, boolean sent) {
        String text = node.child("enc") != null ? encrypted(node.child("enc")) : quoted(node.child("body"));
        if (sent) {
            boolean group = GroupId.isGroupAddress(node.attr("to"));
            return new Description((group ? "group message to " : "message to ") + name(node.attr("to")) + " "
                    + text, group ? "group message, sent" : "message, sent");
        }
        if (node.attr("participant") != null) {
            return new Description(name(node.attr("from")) + ": " + name(node.attr("participant")) + " says "
                    + text, "group message, delivered");
        }
        return new Description("message from " + name(node.attr("from")) + " " + text, "message, delivered");
    }

    private Description ack(Node node, boolean sent) {
        String kind = String.valueOf(node.attr("class"));
        if (sent) {
            String of = "message".equals(kind) ? "got " + owner(node) + "'s " + node.attr("id")
                    : "got the " + kind + " " + node.attr("id");
            return new Description("ack: " + of, "ack from a client");
        }
        if (node.attr("error") != null) {
            return new Description("refused " + node.attr("id") + ": " + node.attr("error") + " "
                    + node.attr("text"), "ack from the server");
        }
        return new Description("message".equals(kind) ? glyphs.stored() + " stored (id " + node.attr("id") + ")"
                : kind + " " + node.attr("id") + " stored", "ack from the server");
    }

    private Description receipt(Node node, boolean sent) {
        boolean read = "read".equals(node.attr("type"));
        if (sent) {
            return new Description("read " + (node.attr("participant") != null
                    ? name(node.attr("participant")) + "'s " + node.attr("id") + " in " + name(node.attr("to"))
                    : name(node.attr("to")) + "'s " + node.attr("id")), "read receipt, sent");
        }
        String from = node.attr("from");
        String who = GroupId.isGroupAddress(from) ? "all in " + name(from) : name(from);
        return new Description(read ? glyphs.read() + " read by " + who + " (id " + node.attr("id") + ")"
                : glyphs.delivered() + " delivered to " + who + " (id " + node.attr("id") + ")", "receipt, delivered");
    }

    private Description iq(Node node, boolean sent) {
        List<Node> children = node.children();
        Node payload = children.isEmpty() ? null : children.get(0);
        if (payload == null) {
            return new Description(sent ? "reply " + node.attr("id") : "done (" + node.attr("id") + ")", "iq");
        }
        return switch (payload.tag()) {
            case "ping" -> new Description("ping", "keepalive");
            case "register" -> new Description(sent ? "register " + payload.attr("phone")
                    : "code sent" + (payload.attr("code") == null ? "" : " (dev mode: " + payload.attr("code") + ")"),
                    "registration");
            case "verify" -> new Description("verify code " + payload.attr("code"), "registration");
            case "success" -> new Description("registered as " + name(payload.attr("user")), "registration");
            case "create" -> new Description("create group \"" + payload.attr("subject") + "\" with "
                    + names(payload.children()), "group request");
            case "group" -> new Description("group \"" + payload.attr("subject") + "\" created, "
                    + payload.children().stream().filter(c -> c.tag().equals("participant")).count() + " members",
                    "group request");
            default -> new Description("iq " + payload.tag(), "iq");
        };
    }

    private Description presence(Node node, boolean sent) {
        if (sent) {
            return new Description(node.attr("type") + " to " + name(node.attr("to")) + "'s presence", "presence");
        }
        String who = name(node.attr("from"));
        if ("available".equals(node.attr("type"))) {
            return new Description(who + " is online", "presence");
        }
        String last = node.attr("last");
        return new Description(who + " is offline" + (last == null ? ""
                : ", last seen " + CLOCK.format(Instant.ofEpochSecond(Long.parseLong(last)))), "presence");
    }

    private Description chatState(Node node, boolean sent) {
        boolean composing = "composing".equals(node.attr("type"));
        String state = composing ? "typing" + glyphs.ellipsis() : "stopped typing";
        return new Description(sent ? state + " (to " + name(node.attr("to")) + ")"
                : name(node.attr("from")) + (composing ? " is " : " ") + state, "typing");
    }

    private static String verb(Node notification) {
        List<Node> children = notification.children();
        String change = children.isEmpty() ? "changed" : children.get(0).tag();
        return switch (change) {
            case "create" -> "created";
            case "add" -> "added members to";
            case "remove" -> "removed members from";
            case "leave" -> "left";
            case "join" -> "joined";
            default -> "changed (" + change + ")";
        };
    }

    private String names(List<Node> participants) {
        return String.join(", ", participants.stream().map(p -> name(p.attr("jid"))).toList());
    }

    private String owner(Node ack) {
        return ack.attr("participant") != null ? name(ack.attr("participant")) : name(ack.attr("from"));
    }

    private String name(String address) {
        return address == null ? "?" : names.apply(address);
    }

    /** End-to-end ciphertext (PROTOCOL.md §14.6): what the server, and this tap on the wire, can see of it. */
    private static String encrypted(Node enc) {
        byte[] bytes = enc.bytes();
        return "[encrypted " + enc.attr("type") + ", " + (bytes == null ? 0 : bytes.length) + " B]";
    }

    private static String quoted(Node body) {
        byte[] bytes = body == null ? null : body.bytes();
        return bytes == null ? "" : "\"" + new String(bytes, StandardCharsets.UTF_8) + "\"";
    }
}

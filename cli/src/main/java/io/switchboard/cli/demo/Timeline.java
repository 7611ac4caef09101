// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli.demo;

import io.switchboard.client.WireEvent;
import io.switchboard.protocol.node.Node;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prints the demo as it happens, one line per frame or event, times in seconds since the demo started, and keeps
 * per-kind totals for the closing table. Lines fit 100 columns. Called from every client's event loop and from the
 * script's thread; each line is printed whole, in the order calls arrive.
 */
final class Timeline {
    private static final int TEXT_WIDTH = 46;

    private final PrintStream out;
    private final Glyphs glyphs;
    private final long start;
    private final Map<String, String> names = new ConcurrentHashMap<>();
    private final Frames frames;
    private final Map<String, Totals> kinds = new LinkedHashMap<>();

    /** Frames of one kind: how many, and their bytes in binary and as XML. */
    private static final class Totals {
        int count;
        long binary;
        long xml;
    }

    Timeline(PrintStream out, Glyphs glyphs, long startNanos) {
        this.out = out;
        this.glyphs = glyphs;
        this.start = startNanos;
        this.frames = new Frames(glyphs, address -> names.getOrDefault(address, address));
    }

    /** From now on {@code address} shows as {@code name}. */
    void name(String address, String name) {
        names.put(address, name);
    }

    /** One frame {@code client} sent or received, with its size and its XML equivalent's. */
    synchronized void frame(String client, WireEvent event) {
        learnGroupName(event.node());
        Frames.Description what = frames.describe(event);
        int xml = XmppXml.size(event.node());
        Totals totals = kinds.computeIfAbsent(what.kind(), k -> new Totals());
        totals.count++;
        totals.binary += event.frameBytes();
        totals.xml += xml;
        String route = event.direction() == WireEvent.Direction.SENT
                ? client + " " + glyphs.arrow() + " server" : "server " + glyphs.arrow() + " " + client;
        out.printf(Locale.ROOT, "%8.3fs  %-16s %-" + TEXT_WIDTH + "s %5d B  (XML %d B)%n", seconds(), route,
                fit(what.text()), event.frameBytes(), xml);
    }

    /** Something that is not a frame: a client going offline, a step's result. Printed whole. */
    synchronized void note(String who, String text) {
        out.printf(Locale.ROOT, "%8.3fs  %-16s %s%n", seconds(), who, text);
    }

    /** The title of a step, after a blank line. */
    synchronized void section(String title) {
        out.println();
        out.println(title);
    }

    /** The table of frame kinds seen: count, average sizes, and how many times larger the XML is. */
    synchronized void summary() {
        out.println();
        out.println("Frame sizes (binary: whole frame, 3-byte header + node + 16-byte Noise tag;"
                + " XML: the stanza alone)");
        out.printf(Locale.ROOT, "  %-28s %7s %12s %9s %7s%n", "kind", "frames", "avg binary", "avg XML", "ratio");
        Totals all = new Totals();
        kinds.forEach((kind, totals) -> {
            row(kind, totals);
            all.count += totals.count;
            all.binary += totals.binary;
            all.xml += totals.xml;
        });
        row("all frames", all);
        out.printf(Locale.ROOT, "  in all: %d B binary, %d B as XML%n", all.binary, all.xml);
    }

    private void row(String kind, Totals totals) {
        if (totals.count == 0) {
            return;
        }
        out.printf(Locale.ROOT, "  %-28s %7d %10d B %7d B %6.1fx%n", kind, totals.count, totals.binary / totals.count,
                totals.xml / totals.count, (double) totals.xml / totals.binary);
    }

    /** A group shows by its subject, learnt from whichever frame names it first: the create result or notification. */
    private void learnGroupName(Node node) {
        Node group = node.tag().equals("iq") ? node.child("group") : null;
        if (group != null && group.attr("jid") != null && group.attr("subject") != null) {
            names.putIfAbsent(group.attr("jid"), group.attr("subject"));
        }
        Node create = node.tag().equals("notification") ? node.child("create") : null;
        if (create != null && node.attr("from") != null && create.attr("subject") != null) {
            names.putIfAbsent(node.attr("from"), create.attr("subject"));
        }
    }

    private double seconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    private String fit(String text) {
        return text.length() <= TEXT_WIDTH ? text
                : text.substring(0, TEXT_WIDTH - glyphs.ellipsis().length()) + glyphs.ellipsis();
    }
}

// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli.demo;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.client.ClientTransport;
import io.switchboard.client.GroupInfo;
import io.switchboard.client.GroupNotification;
import io.switchboard.client.IncomingMessage;
import io.switchboard.client.MessageAck;
import io.switchboard.client.PresenceUpdate;
import io.switchboard.client.Receipt;
import io.switchboard.client.RegistrationCode;
import io.switchboard.client.TypingUpdate;
import io.switchboard.crypto.SignalX25519;
import io.switchboard.protocol.id.GroupId;
import io.switchboard.protocol.id.MessageId;
import io.switchboard.protocol.id.UserId;
import io.switchboard.protocol.noise.X25519;
import io.switchboard.server.ServerNode;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The demo, step by step: an embedded dev-mode server on free loopback ports in a temporary directory; Alice, Bob
 * and Carol register; Alice writes to Bob (one check, two checks, read); Bob goes offline and gets Alice's next two
 * messages, in order, when he logs in again; presence and typing; a group of three; a table of frame sizes. Each
 * step waits for what it shows before the next begins, all within one deadline. Whatever happens, everything it
 * started is stopped and the temporary directory deleted before {@link #run} returns.
 */
public final class DemoScript {
    private static final String ALICE = "+15550100001";
    private static final String BOB = "+15550100002";
    private static final String CAROL = "+15550100003";

    private final PrintStream out;
    private final Timeline timeline;
    private final long deadlineNanos;
    private final X25519 x25519 = new SignalX25519();
    private final List<DemoClient> clients = new ArrayList<>();
    private Path root;
    private ServerNode server;
    private ClientTransport transport;
    private InetSocketAddress address;

    public DemoScript(PrintStream out, Glyphs glyphs, Duration timeout) {
        long start = System.nanoTime();
        this.out = out;
        this.timeline = new Timeline(out, glyphs, start);
        this.deadlineNanos = start + timeout.toNanos();
    }

    /**
     * Runs the whole demo.
     *
     * @throws DemoStepFailedException naming the step that did not happen in time or failed
     * @throws Exception if the server or a client directory could not be set up
     */
    public void run() throws Exception {
        try {
            start();
            DemoClient alice = register("alice", ALICE);
            DemoClient bob = register("bob", BOB);
            DemoClient carol = register("carol", CAROL);
            chat(alice, bob);
            DemoClient bobAgain = offlineAndBack(alice, bob);
            presenceAndTyping(alice, bobAgain);
            group(alice, bobAgain, carol);
            timeline.section("6. Bob leaves, Alice sees his last seen; what it all cost on the wire");
            bobAgain.close();
            alice.await(PresenceUpdate.class, p -> p.user().equals(bob.user()) && !p.available(),
                    "alice seeing bob go offline");
            timeline.summary();
        } finally {
            stop();
        }
    }

    private void start() throws Exception {
        root = Files.createTempDirectory("switchboard-demo-");
        timeline.section("1. An embedded server and three people registering (dev mode: the code comes back)");
        timeline.note("server", "starting a dev-mode server on free loopback ports in a temporary directory...");
        Map<String, Object> settings = new HashMap<>();
        settings.put("switchboard.data-dir", root.resolve("server").toString());
        settings.put("switchboard.dev", true);
        settings.put("switchboard.transport.host", "127.0.0.1");
        settings.put("switchboard.transport.port", 0);
        settings.put("switchboard.admin.host", "127.0.0.1");
        settings.put("switchboard.admin.port", 0);
        settings.put("switchboard.store.kind", "embedded");
        settings.put("switchboard.store.jdbc-url", "");
        Config config = ConfigFactory.parseMap(settings).withFallback(ConfigFactory.load()).resolve();
        // The start takes seconds (store, actor system, cluster): each step gets a line as it begins.
        server = ServerNode.start(config, step -> timeline.note("server", step + "..."));
        address = new InetSocketAddress("127.0.0.1", server.port());
        transport = ClientTransport.create(1);
        timeline.note("server", "listening on 127.0.0.1:" + server.port());
        timeline.note("server", "data in " + root);
    }

    private DemoClient register(String name, String phone) throws Exception {
        UserId user = UserId.fromPhone(phone);
        timeline.name(user.address(), name);
        DemoClient client = DemoClient.open(name, user, root.resolve(name), address, transport, x25519, timeline,
                deadlineNanos);
        clients.add(client);
        RegistrationCode code = client.await(client.sdk().register(phone), name + "'s registration request");
        String dev = code.devCode().orElseThrow(() -> new DemoStepFailedException("the server sent no dev code",
                null));
        client.await(client.sdk().verify(phone, dev), name + "'s verification");
        return client;
    }

    private void chat(DemoClient alice, DemoClient bob) throws DemoStepFailedException {
        timeline.section("2. Alice writes to Bob: stored, delivered, read");
        MessageAck ack = alice.await(alice.sdk().send(bob.user(), "hi Bob"), "the server's ack of \"hi Bob\"");
        IncomingMessage hi = bob.await(IncomingMessage.class, m -> m.id().equals(ack.id()), "bob receiving \"hi Bob\"");
        awaitReceipt(alice, Receipt.Type.DELIVERY, ack.id(), "alice's two checks");
        timeline.note("bob", "reads \"" + hi.text() + "\"");
        bob.await(bob.sdk().markRead(alice.user(), hi.id()), "bob's read receipt");
        awaitReceipt(alice, Receipt.Type.READ, ack.id(), "alice's read checks");
    }

    private DemoClient offlineAndBack(DemoClient alice, DemoClient bob) throws Exception {
        timeline.section("3. Bob goes offline; the server keeps Alice's messages until he is back");
        bob.close();
        clients.remove(bob);
        timeline.note("bob", "offline (client closed)");
        List<MessageAck> acks = new ArrayList<>();
        for (String text : List.of("are you there?", "call me when you're back")) {
            acks.add(alice.await(alice.sdk().send(bob.user(), text), "the server's ack of \"" + text + "\""));
        }
        timeline.note("alice", "one check each: stored, not delivered");
        DemoClient back = DemoClient.open("bob", bob.user(), root.resolve("bob"), address, transport, x25519, timeline,
                deadlineNanos);
        clients.add(back);
        timeline.note("bob", "back: a new client on the same directory logs in");
        back.await(back.sdk().login(), "bob's login");
        for (MessageAck ack : acks) {
            back.await(IncomingMessage.class, m -> m.id().equals(ack.id()), "bob receiving message " + ack.id());
        }
        for (MessageAck ack : acks) {
            awaitReceipt(alice, Receipt.Type.DELIVERY, ack.id(), "alice's two checks for " + ack.id());
        }
        return back;
    }

    private void presenceAndTyping(DemoClient alice, DemoClient bob) throws DemoStepFailedException {
        timeline.section("4. Presence and typing");
        alice.await(alice.sdk().subscribePresence(bob.user()), "alice's presence subscription");
        alice.await(PresenceUpdate.class, p -> p.user().equals(bob.user()) && p.available(),
                "alice seeing bob online");
        bob.await(bob.sdk().sendTyping(alice.user(), true), "bob's typing notification");
        alice.await(TypingUpdate.class, t -> t.from().equals(bob.user()) && t.composing(), "alice seeing bob type");
        bob.await(bob.sdk().sendTyping(alice.user(), false), "bob's typing notification");
        alice.await(TypingUpdate.class, t -> t.from().equals(bob.user()) && !t.composing(),
                "alice seeing bob stop typing");
    }

    private void group(DemoClient alice, DemoClient bob, DemoClient carol) throws DemoStepFailedException {
        timeline.section("5. A group: one upload from Alice, the server fans out to Bob and Carol");
        GroupInfo info = alice.await(alice.sdk().createGroup("Demo", List.of(bob.user(), carol.user())),
                "creating the group");
        GroupId group = info.id();
        for (DemoClient member : List.of(alice, bob, carol)) {
            member.await(GroupNotification.class, n -> n.group().equals(group), member.name()
                    + " hearing of the group");
        }
        MessageAck ack = alice.await(alice.sdk().sendToGroup(group, "hello group"), "the ack of \"hello group\"");
        for (DemoClient member : List.of(bob, carol)) {
            member.await(IncomingMessage.class, m -> m.group().isPresent() && m.id().equals(ack.id()),
                    member.name() + " receiving \"hello group\"");
        }
        awaitReceipt(alice, Receipt.Type.DELIVERY, ack.id(), "the group's delivery receipt");
        for (DemoClient member : List.of(bob, carol)) {
            member.await(member.sdk().markGroupRead(group, alice.user(), ack.id()), member.name() + "'s read receipt");
        }
        awaitReceipt(alice, Receipt.Type.READ, ack.id(), "the group's read receipt");
    }

    private static void awaitReceipt(DemoClient sender, Receipt.Type type, MessageId id, String what)
            throws DemoStepFailedException {
        sender.await(Receipt.class, r -> r.type() == type && r.id().equals(id), what);
    }

    /** Stops clients, transport and server, then deletes the temporary directory; never throws. */
    private void stop() {
        clients.forEach(DemoClient::close);
        if (transport != null) {
            transport.close();
        }
        if (server != null) {
            server.close();
        }
        if (root != null) {
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                out.println("switchboard demo: could not delete " + root + ": " + e.getMessage());
            }
            out.println();
            out.println(Files.exists(root) ? "Stopped; " + root + " is still there, delete it by hand."
                    : "Stopped the clients and the server, deleted " + root + ".");
        }
    }
}

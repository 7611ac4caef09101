// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every published Noise_*_25519_AESGCM_SHA256 vector (cacophony format) through both handshake sides built on
 * one {@link X25519} implementation: each handshake and transport message must be byte-for-byte the published
 * ciphertext, decrypt back to its payload, and both sides must end on the published handshake hash.
 *
 * <p>The vector file lives outside the repository, in the directory named by the system property
 * {@value #VECTORS_DIR_PROPERTY} (surefire sets it to {@code ../shared/vectors}); without it the tests are skipped,
 * not failed. Cacophony's convention: messages alternate initiator, responder, initiator... across the handshake
 * and then the transport phase.
 */
public abstract class NoiseVectorsContract {
    public static final String VECTORS_DIR_PROPERTY = "switchboard.vectors.dir";
    public static final String VECTORS_FILE = "noise-25519-AESGCM-SHA256.json";

    private static final HexFormat HEX = HexFormat.of();

    /** The implementation under test. */
    protected abstract X25519 x25519();

    @TestFactory
    public Stream<DynamicTest> everyPublishedVectorProducesTheExactBytes() throws IOException {
        return forEachVectorOrSkip(vectors -> vectors.stream()
                .map(v -> DynamicTest.dynamicTest(v.get("protocol_name").asText(), () -> run(v))));
    }

    @TestFactory
    public Stream<DynamicTest> vectorFileCoversEveryDefinedPattern() throws IOException {
        return forEachVectorOrSkip(vectors -> {
            List<String> names = vectors.stream().map(v -> v.get("protocol_name").asText()).toList();
            return Stream.of(HandshakePattern.NN, HandshakePattern.XN, HandshakePattern.IK, HandshakePattern.XX)
                    .map(p -> DynamicTest.dynamicTest(p.protocolName(),
                            () -> assertThat(names).contains(p.protocolName())));
        });
    }

    /**
     * The vectors in the file beside the checkout, or empty when it is absent. Absence is not a failure: a
     * checkout without {@code ../shared/vectors} still builds, and the tests say why they were skipped.
     */
    public static Optional<List<JsonNode>> loadVectors() throws IOException {
        Optional<Path> file = vectorFile();
        if (file.isEmpty() || !Files.isRegularFile(file.get())) {
            return Optional.empty();
        }
        JsonNode root = new ObjectMapper().readTree(file.get().toFile());
        return Optional.of(StreamSupport.stream(root.get("vectors").spliterator(), false).toList());
    }

    private static Optional<Path> vectorFile() {
        return Optional.ofNullable(System.getProperty(VECTORS_DIR_PROPERTY)).map(d -> Path.of(d).resolve(VECTORS_FILE));
    }

    /** Builds tests from the vectors, or one skipped test whose message says where the file was expected. */
    private static Stream<DynamicTest> forEachVectorOrSkip(Function<List<JsonNode>, Stream<DynamicTest>> tests)
            throws IOException {
        Optional<List<JsonNode>> vectors = loadVectors();
        if (vectors.isEmpty()) {
            String where = vectorFile().map(f -> f.toAbsolutePath().normalize().toString())
                    .orElse("(system property " + VECTORS_DIR_PROPERTY + " is not set)");
            return Stream.of(DynamicTest.dynamicTest("Noise vectors absent", () -> assumeTrue(false,
                    "Noise vector file " + where + " is absent (it lives in ../shared/vectors beside the checkout);"
                            + " skipping the published Noise vectors")));
        }
        assertThat(vectors.get()).as("vectors in " + VECTORS_FILE).isNotEmpty();
        return tests.apply(vectors.get());
    }

    private void run(JsonNode vector) throws Exception {
        String protocolName = vector.get("protocol_name").asText();
        String patternName = protocolName.split("_")[1];
        HandshakePattern pattern = HandshakePattern.byName(patternName).orElseThrow();
        assertThat(pattern.protocolName()).isEqualTo(protocolName);

        HandshakeState initiator = side(true, pattern, vector, "init_");
        HandshakeState responder = side(false, pattern, vector, "resp_");

        JsonNode messages = vector.get("messages");
        NoiseTransport initiatorTransport = null;
        NoiseTransport responderTransport = null;
        for (int i = 0; i < messages.size(); i++) {
            byte[] payload = bytes(messages.get(i), "payload");
            byte[] expected = bytes(messages.get(i), "ciphertext");
            boolean fromInitiator = i % 2 == 0;
            byte[] ciphertext;
            byte[] received;
            if (!initiator.isComplete()) {
                HandshakeState sender = fromInitiator ? initiator : responder;
                HandshakeState receiver = fromInitiator ? responder : initiator;
                ciphertext = sender.writeMessage(payload);
                received = receiver.readMessage(ciphertext);
                if (initiator.isComplete()) {
                    assertThat(responder.isComplete()).as("both sides finish together").isTrue();
                    initiatorTransport = initiator.split();
                    responderTransport = responder.split();
                }
            } else {
                NoiseTransport sender = fromInitiator ? initiatorTransport : responderTransport;
                NoiseTransport receiver = fromInitiator ? responderTransport : initiatorTransport;
                ciphertext = sender.encrypt(payload);
                received = receiver.decrypt(ciphertext);
            }
            assertThat(HEX.formatHex(ciphertext)).as("ciphertext of message %d", i).isEqualTo(HEX.formatHex(expected));
            assertThat(received).as("payload of message %d", i).isEqualTo(payload);
        }

        String expectedHash = vector.get("handshake_hash").asText();
        assertThat(initiatorTransport).as("handshake finished within the vector's messages").isNotNull();
        assertThat(HEX.formatHex(initiatorTransport.handshakeHash())).isEqualTo(expectedHash);
        assertThat(HEX.formatHex(responderTransport.handshakeHash())).isEqualTo(expectedHash);
        assertRemoteStatics(vector, initiatorTransport, responderTransport);
    }

    private void assertRemoteStatics(JsonNode vector, NoiseTransport initiator, NoiseTransport responder) {
        if (vector.has("init_static")) {
            assertThat(responder.remoteStatic()).as("responder learned the initiator's static key")
                    .hasValueSatisfying(k -> assertThat(k).isEqualTo(x25519().publicKey(bytes(vector, "init_static"))));
        }
        if (vector.has("resp_static")) {
            assertThat(initiator.remoteStatic()).as("initiator knows the responder's static key")
                    .hasValueSatisfying(k -> assertThat(k).isEqualTo(x25519().publicKey(bytes(vector, "resp_static"))));
        }
    }

    private HandshakeState side(boolean initiator, HandshakePattern pattern, JsonNode vector, String prefix) {
        X25519 x = x25519();
        X25519KeyPair localStatic = vector.has(prefix + "static") ? x.keyPair(bytes(vector, prefix + "static")) : null;
        byte[] remoteStatic = vector.has(prefix + "remote_static") ? bytes(vector, prefix + "remote_static") : null;
        X25519KeyPair ephemeral = x.keyPair(bytes(vector, prefix + "ephemeral"));
        return HandshakeState.withFixedEphemeral(initiator, pattern, x, bytes(vector, prefix + "prologue"),
                localStatic, remoteStatic, ephemeral);
    }

    private static byte[] bytes(JsonNode node, String field) {
        return HEX.parseHex(node.get(field).asText());
    }
}

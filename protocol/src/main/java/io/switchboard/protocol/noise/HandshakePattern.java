// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.noise;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Noise handshake pattern (revision 34, section 7): pre-message tokens for each side and the token list of each
 * handshake message, the initiator sending message 0, 2, 4... Immutable.
 *
 * <p>Switchboard uses {@link #XX}: the client learns the server's static key in message 2 and proves its own in
 * message 3, so no certificates or pre-shared keys are needed. {@link #NN}, {@link #XN} and {@link #IK} exist so
 * that every published test vector for this cipher suite runs.
 */
public record HandshakePattern(
        String name, List<Token> initiatorPreMessage, List<Token> responderPreMessage, List<List<Token>> messages) {

    /** A Noise token; DH tokens name the initiator's key first ({@code es}: initiator's e, responder's s). */
    public enum Token { E, S, EE, ES, SE, SS }

    /** {@code -> e; <- e, ee}. */
    public static final HandshakePattern NN = new HandshakePattern("NN", List.of(), List.of(),
            List.of(List.of(Token.E), List.of(Token.E, Token.EE)));

    /** {@code -> e; <- e, ee; -> s, se}. */
    public static final HandshakePattern XN = new HandshakePattern("XN", List.of(), List.of(),
            List.of(List.of(Token.E), List.of(Token.E, Token.EE), List.of(Token.S, Token.SE)));

    /** {@code <- s; ...; -> e, es, s, ss; <- e, ee, se}. */
    public static final HandshakePattern IK = new HandshakePattern("IK", List.of(), List.of(Token.S),
            List.of(List.of(Token.E, Token.ES, Token.S, Token.SS), List.of(Token.E, Token.EE, Token.SE)));

    /** {@code -> e; <- e, ee, s, es; -> s, se}: Switchboard's handshake. */
    public static final HandshakePattern XX = new HandshakePattern("XX", List.of(), List.of(),
            List.of(List.of(Token.E), List.of(Token.E, Token.EE, Token.S, Token.ES), List.of(Token.S, Token.SE)));

    private static final Map<String, HandshakePattern> BY_NAME = Map.of("NN", NN, "XN", XN, "IK", IK, "XX", XX);

    public HandshakePattern {
        initiatorPreMessage = List.copyOf(initiatorPreMessage);
        responderPreMessage = List.copyOf(responderPreMessage);
        messages = messages.stream().map(List::copyOf).toList();
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a pattern needs at least one message");
        }
    }

    /** The pattern with this name ({@code "XX"}), if this implementation defines it. */
    public static Optional<HandshakePattern> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** The full protocol name, for example {@code Noise_XX_25519_AESGCM_SHA256}. */
    public String protocolName() {
        return "Noise_" + name + "_25519_AESGCM_SHA256";
    }

    /** Whether {@code initiator}'s side needs a local static key pair. */
    boolean needsLocalStatic(boolean initiator) {
        return sends(initiator, Token.S) || preMessage(initiator).contains(Token.S)
                || usesDh(initiator ? Token.SE : Token.ES) || usesDh(Token.SS);
    }

    /** Whether {@code initiator}'s side must know the peer's static key before the handshake. */
    boolean needsRemoteStatic(boolean initiator) {
        return preMessage(!initiator).contains(Token.S);
    }

    List<Token> preMessage(boolean initiator) {
        return initiator ? initiatorPreMessage : responderPreMessage;
    }

    private boolean sends(boolean initiator, Token token) {
        for (int i = initiator ? 0 : 1; i < messages.size(); i += 2) {
            if (messages.get(i).contains(token)) {
                return true;
            }
        }
        return false;
    }

    private boolean usesDh(Token token) {
        return messages.stream().anyMatch(m -> m.contains(token));
    }
}

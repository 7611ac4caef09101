// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.protocol.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link X25519} implementation must do: RFC 7748's published keys and secret, agreement between fresh
 * key pairs, RFC 7748's handling of the top bit and non-canonical coordinates, and a typed
 * {@link HandshakeFailedException} for low-order or malformed peer keys. Subclassed per implementation, so JDK and
 * native accept and reject exactly the same inputs.
 */
public abstract class X25519Contract {
    private static final HexFormat HEX = HexFormat.of();

    // RFC 7748 section 6.1.
    private static final byte[] ALICE_PRIVATE =
            HEX.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    private static final byte[] ALICE_PUBLIC =
            HEX.parseHex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    private static final byte[] BOB_PRIVATE =
            HEX.parseHex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
    private static final byte[] BOB_PUBLIC =
            HEX.parseHex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
    private static final byte[] SHARED =
            HEX.parseHex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");

    /** Points of order 1, 2, 4 or 8 (and their non-canonical encodings): each yields an all-zero secret. */
    public static final List<String> LOW_ORDER_POINTS = List.of(
            "0000000000000000000000000000000000000000000000000000000000000000", // 0
            "0100000000000000000000000000000000000000000000000000000000000000", // 1
            "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // p - 1
            "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // p, i.e. 0
            "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // p + 1, i.e. 1
            "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800", // order 8
            "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157", // order 8
            "0000000000000000000000000000000000000000000000000000000000000080"); // 0 with the top bit set

    /** The implementation under test. */
    protected abstract X25519 x25519();

    @Test
    public void derivesTheRfc7748PublicKeys() {
        assertThat(x25519().publicKey(ALICE_PRIVATE)).isEqualTo(ALICE_PUBLIC);
        assertThat(x25519().publicKey(BOB_PRIVATE)).isEqualTo(BOB_PUBLIC);
    }

    @Test
    public void computesTheRfc7748SharedSecretFromBothSides() throws Exception {
        assertThat(x25519().dh(ALICE_PRIVATE, BOB_PUBLIC)).isEqualTo(SHARED);
        assertThat(x25519().dh(BOB_PRIVATE, ALICE_PUBLIC)).isEqualTo(SHARED);
    }

    @Test
    public void freshKeyPairsAgree() throws Exception {
        X25519KeyPair a = x25519().generateKeyPair();
        X25519KeyPair b = x25519().generateKeyPair();
        assertThat(a).isNotEqualTo(b);
        assertThat(x25519().publicKey(a.privateKey())).isEqualTo(a.publicKey());
        assertThat(x25519().dh(a.privateKey(), b.publicKey())).isEqualTo(x25519().dh(b.privateKey(), a.publicKey()));
    }

    @Test
    public void ignoresTheTopBitOfThePeerKey() throws Exception {
        byte[] withTopBit = BOB_PUBLIC.clone();
        withTopBit[31] |= (byte) 0x80;
        assertThat(x25519().dh(ALICE_PRIVATE, withTopBit)).isEqualTo(SHARED);
    }

    @Test
    public void reducesANonCanonicalPeerKeyModuloP() throws Exception {
        // p + 9 encodes the base point 9, so the "secret" is the private key's public key.
        byte[] pPlusNine = HEX.parseHex("f6ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
        assertThat(x25519().dh(ALICE_PRIVATE, pPlusNine)).isEqualTo(ALICE_PUBLIC);
    }

    @Test
    public void rejectsEveryLowOrderPeerKeyWithHandshakeFailed() {
        for (String point : LOW_ORDER_POINTS) {
            assertThatThrownBy(() -> x25519().dh(ALICE_PRIVATE, HEX.parseHex(point)))
                    .as("low-order point %s", point)
                    .isInstanceOf(HandshakeFailedException.class);
        }
    }

    @Test
    public void rejectsAPeerKeyOfTheWrongLengthWithHandshakeFailed() {
        for (int length : new int[] {0, 1, 31, 33, 64}) {
            assertThatThrownBy(() -> x25519().dh(ALICE_PRIVATE, new byte[length]))
                    .as("peer key of %d bytes", length)
                    .isInstanceOf(HandshakeFailedException.class);
        }
    }

    @Test
    public void rejectsALocalPrivateKeyOfTheWrongLengthAsAProgrammingError() {
        assertThatThrownBy(() -> x25519().publicKey(new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> x25519().dh(new byte[33], BOB_PUBLIC)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    public void doesNotChangeItsArguments() throws Exception {
        byte[] privateKey = ALICE_PRIVATE.clone();
        byte[] peer = BOB_PUBLIC.clone();
        x25519().dh(privateKey, peer);
        x25519().publicKey(privateKey);
        assertThat(privateKey).isEqualTo(ALICE_PRIVATE);
        assertThat(peer).isEqualTo(BOB_PUBLIC);
    }
}

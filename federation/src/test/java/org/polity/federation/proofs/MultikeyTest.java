package org.polity.federation.proofs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.Signature;
import org.junit.jupiter.api.Test;

class MultikeyTest {
    // W3C vc-di-eddsa TestVectors/keyPair.json
    static final String PUBLIC = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
    static final String PRIVATE = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq";

    @Test
    void w3cKeyPairMatches() throws Exception {
        byte[] seed = Multikey.decodePrivateSeed(PRIVATE);
        assertThat(seed).hasSize(32);
        var priv = Ed25519Keys.privateKey(seed);
        var pub = Multikey.decodePublic(PUBLIC);
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(priv);
        s.update(new byte[] {1, 2, 3});
        byte[] sig = s.sign();
        Signature v = Signature.getInstance("Ed25519");
        v.initVerify(pub);
        v.update(new byte[] {1, 2, 3});
        assertThat(v.verify(sig)).isTrue();
        assertThat(Multikey.encodePublic(pub)).isEqualTo(PUBLIC);
        assertThat(Multikey.encodePrivateSeed(seed)).isEqualTo(PRIVATE);
        assertThat(Ed25519Keys.rawPrivate(priv)).isEqualTo(seed);
    }

    @Test
    void generatedKeysRoundTrip() {
        KeyPair pair = Ed25519Keys.generate();
        String mb = Multikey.encodePublic(pair.getPublic());
        assertThat(mb).startsWith("z6Mk");
        assertThat(Multikey.decodePublic(mb)).isEqualTo(pair.getPublic());
        byte[] seed = Ed25519Keys.rawPrivate(pair.getPrivate());
        assertThat(Ed25519Keys.rawPrivate(Ed25519Keys.privateKey(seed))).isEqualTo(seed);
    }

    @Test
    void refusesWrongPrefixLengthAndEncoding() {
        // the private key is a valid multibase value with the wrong multicodec for a public key
        assertThatThrownBy(() -> Multikey.decodePublic(PRIVATE))
                .isInstanceOf(Multikey.InvalidMultikeyException.class).hasMessageContaining("prefix");
        byte[] shortKey = new byte[] {(byte) 0xed, 0x01, 1, 2, 3};
        assertThatThrownBy(() -> Multikey.decodePublic(Base58btc.multibase(shortKey)))
                .isInstanceOf(Multikey.InvalidMultikeyException.class).hasMessageContaining("not 32");
        assertThatThrownBy(() -> Multikey.decodePublic("u" + PUBLIC.substring(1)))
                .isInstanceOf(Multikey.InvalidMultikeyException.class).hasMessageContaining("'z'");
        assertThatThrownBy(() -> Multikey.decodePublic("z0OIl"))
                .isInstanceOf(Multikey.InvalidMultikeyException.class);
    }
}

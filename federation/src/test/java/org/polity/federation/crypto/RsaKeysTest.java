package org.polity.federation.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import org.junit.jupiter.api.Test;

class RsaKeysTest {
    @Test
    void generatesRsa2048AndRoundTripsPem() throws Exception {
        KeyPair pair = RsaKeys.generate();
        assertThat(((RSAPublicKey) pair.getPublic()).getModulus().bitLength()).isEqualTo(2048);
        String publicPem = RsaKeys.publicKeyPem(pair.getPublic());
        String privatePem = RsaKeys.privateKeyPem(pair.getPrivate());
        assertThat(publicPem).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("-----END PUBLIC KEY-----\n");
        assertThat(privatePem).startsWith("-----BEGIN PRIVATE KEY-----\n");

        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(RsaKeys.parsePrivateKeyPem(privatePem));
        signer.update(new byte[] {1, 2, 3});
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(RsaKeys.parsePublicKeyPem(publicPem));
        verifier.update(new byte[] {1, 2, 3});
        assertThat(verifier.verify(signature)).isTrue();
    }

    @Test
    void rejectsTextThatIsNotAKey() {
        assertThatThrownBy(() -> RsaKeys.parsePublicKeyPem("hello")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no PUBLIC KEY block");
        assertThatThrownBy(() -> RsaKeys.parsePublicKeyPem("-----BEGIN PUBLIC KEY-----\n!!!\n-----END PUBLIC KEY-----"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

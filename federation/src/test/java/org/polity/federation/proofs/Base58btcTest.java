package org.polity.federation.proofs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Base58btcTest {
    @Test
    void knownValues() {
        // draft-msporny-base58 test vectors
        assertThat(Base58btc.encode("Hello World!".getBytes(StandardCharsets.US_ASCII))).isEqualTo("2NEpo7TZRRrLZSi2U");
        assertThat(Base58btc.encode("The quick brown fox jumps over the lazy dog.".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("USm3fpXnKG5EUBx2ndxBDMPVciP5hGey2Jh4NDv6gmeo1LkMeiKrLJUUBk6Z");
        assertThat(Base58btc.encode(HexFormat.of().parseHex("0000287fb4cd"))).isEqualTo("11233QC4");
        assertThat(Base58btc.decode("11233QC4")).isEqualTo(HexFormat.of().parseHex("0000287fb4cd"));
        assertThat(Base58btc.encode(new byte[0])).isEmpty();
        assertThat(Base58btc.encode(new byte[] {0})).isEqualTo("1");
        assertThat(Base58btc.decode("1")).containsExactly(0);
    }

    @Test
    void roundTrips() {
        Random random = new Random(42);
        for (int i = 0; i < 500; i++) {
            byte[] bytes = new byte[random.nextInt(70)];
            random.nextBytes(bytes);
            if (bytes.length > 0 && random.nextBoolean()) {
                bytes[0] = 0;
            }
            assertThat(Base58btc.decode(Base58btc.encode(bytes))).isEqualTo(bytes);
        }
    }

    @Test
    void refusesOutsideTheAlphabetAndOtherMultibases() {
        assertThatThrownBy(() -> Base58btc.decode("0OIl")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Base58btc.decode("abcé")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Base58btc.fromMultibase("u2NEpo7TZRRrLZSi2U")).hasMessageContaining("'z'");
        assertThat(Base58btc.fromMultibase("z2NEpo7TZRRrLZSi2U")).asString(StandardCharsets.US_ASCII).isEqualTo("Hello World!");
    }
}

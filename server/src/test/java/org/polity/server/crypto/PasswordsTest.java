package org.polity.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordsTest {
    @Test
    void hashesWithArgon2idAndASaltPerHash() {
        String a = Passwords.hash("correct horse battery");
        String b = Passwords.hash("correct horse battery");
        assertThat(a).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(a).isNotEqualTo(b);
        assertThat(Passwords.verify("correct horse battery", a)).isTrue();
        assertThat(Passwords.verify("correct horse batterY", a)).isFalse();
    }

    @Test
    void refusesHashesOfOtherSchemesAndNulls() {
        assertThat(Passwords.verify("x", "$2a$10$abcdefghijklmnopqrstuv")).isFalse();
        assertThat(Passwords.verify(null, Passwords.hash("long enough pw"))).isFalse();
        assertThat(Passwords.verify("x", null)).isFalse();
    }

    @Test
    void explainsUnacceptablePasswords() {
        assertThat(Passwords.problem("short")).contains("at least 10");
        assertThat(Passwords.problem("          ")).contains("spaces");
        assertThat(Passwords.problem("x".repeat(300))).contains("at most 256");
        assertThat(Passwords.problem("a long passphrase")).isNull();
    }

    /** The reference vector of RFC 9106 section 5.3 is for Argon2id with secret and associated data, which the
     * PHC format does not carry; this checks a hash made by the reference implementation (argon2 CLI 20190702:
     * echo -n "password" | argon2 somesalt -id -t 2 -m 16 -p 1 -l 32). */
    @Test
    void verifiesAHashFromTheReferenceImplementation() {
        assertThat(Passwords.verify("password",
                "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc")).isTrue();
    }
}

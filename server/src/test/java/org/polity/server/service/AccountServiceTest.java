package org.polity.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.polity.server.crypto.Passwords;

class AccountServiceTest {
    /** The decoy hash must cost what a real one costs, or a failed login would reveal that an address is unknown. */
    @Test
    void dummyHashUsesTheCurrentArgon2Parameters() {
        String fresh = Passwords.hash("some password");
        String params = fresh.substring(0, fresh.indexOf('$', "$argon2id$v=19$".length()));
        assertThat(AccountService.DUMMY_HASH).startsWith(params + "$");
        assertThat(Passwords.verify("polity-dummy-password", AccountService.DUMMY_HASH)).isTrue();
    }
}

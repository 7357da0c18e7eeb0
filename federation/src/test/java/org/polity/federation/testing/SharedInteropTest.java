package org.polity.federation.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** A missing fixture directory skips the test on a fresh clone and fails it in CI. */
class SharedInteropTest {
    static final String ABSENT = "no-such-fixtures-directory";

    @Test
    void aMissingDirectorySkipsOutsideCi() {
        assertThatThrownBy(() -> SharedInterop.require(ABSENT, false)).isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("SKIPPED: ../shared/interop/" + ABSENT + " is not present");
    }

    @Test
    void aMissingDirectoryFailsInCi() {
        assertThatThrownBy(() -> SharedInterop.require(ABSENT, true)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("CI=true, but ../shared/interop/" + ABSENT + " is not present");
    }
}

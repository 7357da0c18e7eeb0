package org.polity.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The login brute-force brake and the post-login redirect check, without a server. */
class AccountLoginThrottleTest {
    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void blocksAfterTheLimitUntilTheWindowEnds() {
        ManualClock clock = new ManualClock();
        LoginThrottle throttle = new LoginThrottle(3, Duration.ofMinutes(15), clock);
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.blocked("10.0.0.1", "ann")).isFalse();
            throttle.failed("10.0.0.1", "ann");
        }
        assertThat(throttle.blocked("10.0.0.1", "ann")).isTrue();
        assertThat(throttle.blocked("10.0.0.1", " ANN ")).isTrue();
        assertThat(throttle.blocked("10.0.0.2", "ann")).isFalse();
        assertThat(throttle.blocked("10.0.0.1", "bob")).isFalse();
        assertThat(throttle.retryAfterSeconds("10.0.0.1", "ann")).isEqualTo(15 * 60);

        clock.now = clock.now.plus(Duration.ofMinutes(14));
        assertThat(throttle.blocked("10.0.0.1", "ann")).isTrue();
        clock.now = clock.now.plus(Duration.ofMinutes(1));
        assertThat(throttle.blocked("10.0.0.1", "ann")).isFalse();
        throttle.failed("10.0.0.1", "ann"); // a new window starts with one failure
        assertThat(throttle.blocked("10.0.0.1", "ann")).isFalse();
    }

    @Test
    void oneAddressTryingManyNamesIsBlockedForAll() {
        LoginThrottle throttle = new LoginThrottle(2, Duration.ofMinutes(15), new ManualClock());
        for (int i = 0; i < 20; i++) {
            throttle.failed("10.0.0.9", "user" + i);
        }
        assertThat(throttle.blocked("10.0.0.9", "someone_new")).isTrue();
        assertThat(throttle.blocked("10.0.0.8", "someone_new")).isFalse();
    }

    @Test
    void successClearsTheCount() {
        LoginThrottle throttle = new LoginThrottle(2, Duration.ofMinutes(15), new ManualClock());
        throttle.failed("ip", "cy");
        throttle.succeeded("ip", "cy");
        throttle.failed("ip", "cy");
        assertThat(throttle.blocked("ip", "cy")).isFalse();
    }

    @Test
    void nextAcceptsOnlyLocalPaths() {
        assertThat(AccountRoutes.safeNext("/settings/profile?x=1#y")).isEqualTo("/settings/profile?x=1#y");
        assertThat(AccountRoutes.safeNext("/")).isEqualTo("/");
        for (String bad : new String[] {null, "", "//evil.example", "/\\evil.example", "https://evil.example",
                "javascript:alert(1)", "evil.example/x", "/ok\r\nSet-Cookie: x=y", "/a\\b", "\t//evil.example"}) {
            assertThat(AccountRoutes.safeNext(bad)).as(String.valueOf(bad)).isEqualTo("/");
        }
    }
}

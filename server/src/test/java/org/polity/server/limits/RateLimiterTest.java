package org.polity.server.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Fixed windows per key, on a clock the test moves by hand. */
class RateLimiterTest {
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
    void allowsTheRateThenRefusesUntilTheWindowEnds() {
        ManualClock clock = new ManualClock();
        RateLimiter limiter = new RateLimiter(Rate.parse("3/60s"), clock, 1000);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire("a")).as("request " + i).isEmpty();
            clock.now = clock.now.plusSeconds(5);
        }
        assertThat(limiter.acquire("a")).isEqualTo(OptionalLong.of(45));
        assertThat(limiter.acquire("b")).as("another key has its own window").isEmpty();
        clock.now = clock.now.plusMillis(44_500);
        assertThat(limiter.acquire("a")).as("rounded up, at least 1").isEqualTo(OptionalLong.of(1));
        clock.now = clock.now.plusMillis(500);
        assertThat(limiter.acquire("a")).as("a new window").isEmpty();
        assertThat(limiter.acquire("a")).isEmpty();
        assertThat(limiter.acquire("a")).isEmpty();
        assertThat(limiter.acquire("a")).isPresent();
    }

    @Test
    void refusedRequestsDoNotExtendTheWindow() {
        ManualClock clock = new ManualClock();
        RateLimiter limiter = new RateLimiter(Rate.parse("1/10s"), clock, 1000);
        assertThat(limiter.acquire("a")).isEmpty();
        for (int i = 0; i < 9; i++) {
            clock.now = clock.now.plusSeconds(1);
            assertThat(limiter.acquire("a")).isEqualTo(OptionalLong.of(9 - i));
        }
        clock.now = clock.now.plusSeconds(1);
        assertThat(limiter.acquire("a")).isEmpty();
    }

    @Test
    void offAllowsEverything() {
        RateLimiter limiter = new RateLimiter(Rate.parse("off"), new ManualClock(), 10);
        for (int i = 0; i < 1000; i++) {
            assertThat(limiter.acquire("a")).isEmpty();
        }
    }

    @Test
    void memoryIsBoundedByTheKeyCount() {
        RateLimiter limiter = new RateLimiter(Rate.parse("1/1h"), new ManualClock(), 100);
        for (int i = 0; i < 10_000; i++) {
            limiter.acquire("k" + i);
        }
        assertThat(limiter.size()).isLessThanOrEqualTo(100 + 10); // Caffeine evicts asynchronously, nearly at once
    }

    @Test
    void ratesAreWrittenAsRequestsPerPeriod() {
        assertThat(Rate.parse("300/60s")).isEqualTo(new Rate(300, Duration.ofSeconds(60)));
        assertThat(Rate.parse(" 10 / h ")).isEqualTo(new Rate(10, Duration.ofHours(1)));
        assertThat(Rate.parse("5/15m")).isEqualTo(new Rate(5, Duration.ofMinutes(15)));
        assertThat(Rate.parse("1000/1d")).isEqualTo(new Rate(1000, Duration.ofDays(1)));
        assertThat(Rate.parse("OFF").enabled()).isFalse();
        assertThat(Rate.parse("0").enabled()).isFalse();
        assertThat(Rate.parse("0/60s").enabled()).isFalse();
        for (String bad : new String[] {"", "300", "300/60", "-1/60s", "a/60s", "300/60y", "5/0s"}) {
            assertThatThrownBy(() -> Rate.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}

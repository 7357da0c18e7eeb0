package org.polity.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.storage.jdbi.JdbiStorage;

/**
 * Two nodes' limiters on one database: each decides at once from what it knows, and after an exchange each
 * knows what the other counted, so the limit holds for both together.
 */
class SharedWindowsTest {
    @TempDir
    Path dir;

    @Test
    void twoNodesShareOneLimitOnceTheyHaveExchangedTheirCounts() {
        Clock clock = Clock.fixed(Instant.parse("2026-12-04T10:15:30Z"), ZoneOffset.UTC);
        Rate rate = Rate.parse("5/1m");
        try (JdbiStorage storage = JdbiStorage.open(JdbiStorage.h2Url(dir), "", "");
                SharedWindows a = new SharedWindows(storage.stores().rateCounts(), clock, false);
                SharedWindows b = new SharedWindows(storage.stores().rateCounts(), clock, false)) {
            RateLimiter onA = new RateLimiter(rate, clock, 100, a, "rate.login.per.ip");
            RateLimiter onB = new RateLimiter(rate, clock, 100, b, "rate.login.per.ip");
            for (int i = 0; i < 3; i++) {
                assertThat(onA.acquire("203.0.113.7")).isEmpty();
            }
            a.exchange();
            b.exchange();
            assertThat(onB.acquire("203.0.113.7")).as("B has learnt nothing yet: it counted nothing").isEmpty();
            b.exchange(); // B adds its one and learns A's three
            assertThat(onB.acquire("203.0.113.7")).as("the fifth, for both nodes").isEmpty();
            assertThat(onB.acquire("203.0.113.7")).as("the sixth is refused on B").isPresent();
            assertThat(onB.acquire("203.0.113.7").getAsLong()).as("until the aligned minute ends").isEqualTo(30);
            a.exchange(); // A has counted nothing new, and learns the others' counts: 3 + B's 1
            assertThat(onA.acquire("203.0.113.7")).as("allowed: B’s fifth is not sent yet (what the lag of an exchange costs)").isEmpty();
            b.exchange();
            a.exchange();
            assertThat(onA.acquire("203.0.113.7")).as("at the limit, A refuses too").isPresent();
            // Another key is untouched, and the limit per key is the rule's.
            assertThat(onA.acquire("203.0.113.8")).isEmpty();
        }
    }

    @Test
    void windowsAreAlignedToTheEpochSoEveryNodeCountsIntoTheSameOne() {
        assertThat(SharedWindows.windowStart(Instant.parse("2026-12-04T10:15:30Z"), Duration.ofMinutes(1)))
                .isEqualTo(Instant.parse("2026-12-04T10:15:00Z"));
        assertThat(SharedWindows.windowStart(Instant.parse("2026-12-04T10:15:30Z"), Duration.ofHours(1)))
                .isEqualTo(Instant.parse("2026-12-04T10:00:00Z"));
    }
}

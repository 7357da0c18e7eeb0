package org.polity.server.delivery;

import java.net.URI;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Optional;

/**
 * Posts one signed activity to one inbox. The federation library's HTTP client implements it; tests plug in
 * their own.
 */
@FunctionalInterface
public interface InboxPoster {
    Result post(URI inbox, byte[] body, String keyId, PrivateKey key);

    /**
     * What happened. {@code status} is 0 when no HTTP answer came (connection refused, timeout, blocked
     * address); {@code retryAfter} is the server's Retry-After, if it sent one.
     */
    record Result(int status, Optional<Duration> retryAfter, String error) {
        public static Result of(int status) {
            return new Result(status, Optional.empty(), null);
        }

        public static Result failure(String error) {
            return new Result(0, Optional.empty(), error);
        }

        public boolean delivered() {
            return status >= 200 && status < 300;
        }

        /** 4xx other than 408 and 429 means the inbox refuses this activity for good. */
        public boolean permanent() {
            return status >= 400 && status < 500 && status != 408 && status != 429;
        }
    }
}

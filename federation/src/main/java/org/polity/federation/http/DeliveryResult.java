package org.polity.federation.http;

import java.time.Duration;
import java.util.Optional;
import org.polity.federation.signatures.VerifiedSignature.Scheme;

/**
 * The outcome of one delivery attempt (DESIGN.md: "retries back off over days; a 4xx other than 429 stops").
 *
 * @param status     the HTTP status, or 0 when no answer came (network error, refused address)
 * @param retryAfter the server's {@code Retry-After}, when it sent a readable one
 * @param retryable  5xx, 429 and network errors: try again later; other 4xx, refused addresses: give up
 * @param scheme     the signature scheme of the last attempt
 * @param error      why it failed, for the log; null on success
 */
public record DeliveryResult(int status, Optional<Duration> retryAfter, boolean retryable, Scheme scheme,
        String error) {

    public boolean succeeded() {
        return status >= 200 && status < 300;
    }

    /** Whether a status is worth retrying: 5xx and 429 (and 408 Request Timeout). */
    public static boolean retryableStatus(int status) {
        return status >= 500 || status == 429 || status == 408;
    }
}

package org.polity.server.config;

import java.util.List;
import java.util.Optional;
import org.polity.server.limits.AddressRange;

/**
 * Metrics and logs (docs/operations.md, "Metrics and logs").
 *
 * @param metricsEnabled {@code metrics.enabled}: whether {@code GET /metrics} exists at all
 * @param metricsAllow {@code metrics.allow}: client addresses that read the metrics without a token
 * @param metricsToken {@code metrics.token}: a bearer token that admits a scraper from any address
 * @param logFormat {@code log.format}: text or one JSON object per line
 */
public record ObservabilityConfig(boolean metricsEnabled, List<AddressRange> metricsAllow,
        Optional<String> metricsToken, LogFormat logFormat) {
    public enum LogFormat { TEXT, JSON }

    public ObservabilityConfig {
        metricsAllow = List.copyOf(metricsAllow);
    }

    /** The defaults: metrics on, for loopback only; text logs. */
    public static ObservabilityConfig defaults() {
        return new ObservabilityConfig(true, List.of(AddressRange.parse("127.0.0.1/32"), AddressRange.parse("::1/128")),
                Optional.empty(), LogFormat.TEXT);
    }
}

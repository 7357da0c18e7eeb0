package org.polity.server.config;

import java.util.List;
import java.util.Locale;

/**
 * Domain policy from the configuration (docs/operations.md, "Domain policy"); administrators can change the mode on
 * {@code /admin/domains}, which then overrides it.
 *
 * @param mode              {@code federation.mode}: {@code open} (everyone but blocked domains) or
 *                          {@code allowlist} (only listed domains)
 * @param allowlist         {@code federation.allowlist}: domains allowed in allowlist mode besides those on the page,
 *                          normalised ({@code gov.example}, {@code localhost:8081})
 * @param allowHubMembers   {@code federation.allowlist.hub.members}: in allowlist mode, a hub also federates with the
 *                          instances it has admitted, and a national instance with its hub
 */
public record FederationPolicyConfig(Mode mode, List<String> allowlist, boolean allowHubMembers) {
    public enum Mode {
        OPEN,
        ALLOWLIST;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static java.util.Optional<Mode> parse(String raw) {
            return switch (raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT)) {
                case "open", "blocklist" -> java.util.Optional.of(OPEN);
                case "allowlist" -> java.util.Optional.of(ALLOWLIST);
                default -> java.util.Optional.empty();
            };
        }
    }

    public FederationPolicyConfig {
        allowlist = List.copyOf(allowlist);
    }

    public static FederationPolicyConfig defaults() {
        return new FederationPolicyConfig(Mode.OPEN, List.of(), true);
    }
}

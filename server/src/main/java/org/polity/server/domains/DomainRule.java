package org.polity.server.domains;

import java.time.Instant;

/**
 * One domain's rule (a row of {@code domain_policies}, V18).
 *
 * @param domain         normalised ({@link DomainName})
 * @param obfuscate      when the public list shows it, show it partly masked ({@code ex*****.org})
 * @param rejectMedia    kept as Mastodon has it, for import and export; Polity stores no remote media
 * @param rejectReports  kept as Mastodon has it, for import and export
 * @param source         where it came from; a manual rule wins over an imported or subscribed one
 * @param subscriptionId the list it came from when {@code source} is {@code SUBSCRIPTION}, else null
 * @param createdBy      the administrator's actor id, null for the server (a list refresh)
 */
public record DomainRule(String domain, Severity severity, String publicComment, String privateComment,
        boolean obfuscate, boolean rejectMedia, boolean rejectReports, Source source, Long subscriptionId,
        Instant createdAt, Long createdBy) {

    public enum Source {
        MANUAL,
        IMPORT,
        SUBSCRIPTION
    }

    public DomainRule {
        publicComment = publicComment == null ? "" : publicComment;
        privateComment = privateComment == null ? "" : privateComment;
    }
}

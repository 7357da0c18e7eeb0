package org.polity.server.moderation;

import java.time.Instant;
import java.util.List;

/**
 * A report in the moderation queue: made here by a member ({@code reporterActorId} is theirs, {@code forwardedFrom}
 * null) or received as a {@code Flag} from another server ({@code forwardedFrom} its domain, {@code reporterUri}
 * the actor that sent it, usually that server's instance actor, {@code reporterActorId} null). {@code uri} is the
 * Flag's id (ours for a local report). {@code objectUris} are the reported posts and comments (none for a report of
 * an account alone); {@code groupUri} the group they were posted in, when known. {@code forwarded}: the reporter
 * asked for the Flag to be sent to the servers that host the content.
 */
public record Report(
        long id,
        String uri,
        Long reporterActorId,
        String reporterUri,
        Long targetActorId,
        String targetActorUri,
        String groupUri,
        Category category,
        String comment,
        String forwardedFrom,
        boolean forwarded,
        Status status,
        String resolutionNote,
        Long assignedTo,
        Long resolvedBy,
        Instant resolvedAt,
        Instant createdAt,
        List<String> objectUris) {

    public Report {
        objectUris = List.copyOf(objectUris);
    }

    /** Where a report stands: in the queue, or taken out of it with or without action. */
    public enum Status {
        OPEN,
        RESOLVED,
        DISMISSED
    }

    /** What the content is reported for (the rule it breaks); a Flag from elsewhere is {@code OTHER}. */
    public enum Category {
        SPAM,
        HARASSMENT,
        ILLEGAL,
        OTHER;

        /** The wire and form name: lower case. */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The category a form or a Flag names, {@code OTHER} for anything unknown. */
        public static java.util.Optional<Category> parse(String s) {
            if (s == null) {
                return java.util.Optional.empty();
            }
            for (Category c : values()) {
                if (c.wireName().equals(s.strip().toLowerCase(java.util.Locale.ROOT))) {
                    return java.util.Optional.of(c);
                }
            }
            return java.util.Optional.empty();
        }
    }

    /** The status as the message keys and filters name it: {@code open}, {@code resolved}, {@code dismissed}. */
    public String statusKey() {
        return status.name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean open() {
        return status == Status.OPEN;
    }

    /** Whether it came from another server (a Flag) rather than from one of our members. */
    public boolean remote() {
        return forwardedFrom != null;
    }
}

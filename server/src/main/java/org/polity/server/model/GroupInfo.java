package org.polity.server.model;

import java.time.Instant;

/**
 * The settings of one of our groups (the group itself is an {@link Actor} of type Group; its members are its
 * accepted followers). {@code membersOnly}: only members see the group's threads and comments. The
 * description and rules are kept as written (Markdown); the actor's summary is the description rendered.
 */
public record GroupInfo(long actorId, Membership membership, boolean membersOnly, String aboutSource,
        String rulesSource, Long createdBy, Instant createdAt) {

    /** How people join: at once, after a moderator approves their request, or only when invited. */
    public enum Membership {
        OPEN,
        APPROVAL,
        INVITE;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** Parses {@code open}, {@code approval} or {@code invite}; null when it is none of them. */
        public static Membership parse(String value) {
            if (value == null) {
                return null;
            }
            for (Membership m : values()) {
                if (m.wireName().equals(value.strip().toLowerCase(java.util.Locale.ROOT))) {
                    return m;
                }
            }
            return null;
        }
    }

    /** The people who run a group. Every admin is also a moderator. */
    public enum Role {
        ADMIN,
        MODERATOR
    }
}

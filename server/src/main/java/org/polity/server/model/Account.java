package org.polity.server.model;

import java.time.Instant;
import java.util.List;

/** A person who logs in to this instance. Their public face is the {@link Actor} with {@code actorId}. */
public record Account(
        long id,
        long actorId,
        String email,
        String passwordHash,
        Role role,
        Status status,
        Profile profile,
        String locale,
        String signupReason,
        Instant createdAt,
        Instant decidedAt) {

    public enum Role {
        MEMBER,
        /** Works the moderation queue and suspends or silences accounts (docs/operations.md, Moderation). */
        MODERATOR,
        ADMIN
    }

    /** Where an account stands in the sign-up process. Only {@code ACTIVE} accounts log in. */
    public enum Status {
        PENDING,
        ACTIVE,
        REJECTED,
        SUSPENDED
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** Whether the account may work the moderation queue: a moderator or an administrator. */
    public boolean isModerator() {
        return role == Role.MODERATOR || role == Role.ADMIN;
    }

    public boolean isActive() {
        return status == Status.ACTIVE;
    }

    /**
     * What a member tells others about themselves. {@code bioSource} is what they wrote (Markdown); the
     * sanitised HTML lives on the actor as its summary.
     */
    public record Profile(
            String organisation, String jobTitle, String country, String bioSource, List<String> expertise) {
        public static Profile empty(String country) {
            return new Profile("", "", country, "", List.of());
        }
    }
}

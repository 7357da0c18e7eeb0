package org.polity.server.model;

import java.time.Instant;

/**
 * Something a local actor is told about: {@code fromActorId} followed them, asked to follow them, accepted
 * their follow, replied to or mentioned them in {@code objectUri}. Unread while {@code readAt} is null.
 */
public record Notification(long id, long recipientId, Kind kind, Long fromActorId, String objectUri,
        Instant createdAt, Instant readAt) {

    public enum Kind {
        FOLLOW,
        FOLLOW_REQUEST,
        FOLLOW_ACCEPTED,
        REPLY,
        MENTION,
        /** Someone asked to join a group the recipient moderates ({@code objectUri}: the group). */
        GROUP_REQUEST,
        /** A group invited the recipient ({@code fromActorId} and {@code objectUri}: the group). */
        GROUP_INVITE,
        /** A group declined the recipient's request to join ({@code fromActorId}: the group). */
        GROUP_REJECTED,
        /** The recipient's request to join was accepted by a group that approves members ({@code fromActorId}). */
        GROUP_ACCEPTED,
        /** The recipient joined an open group of another server: its Accept came ({@code fromActorId}: the group). */
        GROUP_JOINED,
        /** {@code fromActorId} joined a group the recipient moderates ({@code objectUri}: the group). */
        GROUP_MEMBER_JOINED,
        /** The recipient's answer ({@code objectUri}) was accepted by {@code fromActorId}. */
        ANSWER_ACCEPTED,
        /** A sign-up ({@code fromActorId}: the new member's actor) waits for an administrator's approval. */
        SIGNUP_PENDING,
        /** A challenge the recipient follows has a new response ({@code objectUri}: the response). */
        CHALLENGE_RESPONSE,
        /** A challenge the recipient follows was edited or changed status ({@code objectUri}: the challenge). */
        CHALLENGE_UPDATED,
        /**
         * A report waits in the moderation queue, for moderators and administrators ({@code fromActorId}: the
         * reported account, never the reporter; {@code objectUri}: the report's uri).
         */
        REPORT_RECEIVED
    }

    public boolean unread() {
        return readAt == null;
    }
}

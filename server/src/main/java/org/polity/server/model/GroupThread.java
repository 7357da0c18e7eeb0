package org.polity.server.model;

import java.time.Instant;

/**
 * A thread (a discussion or a question) in a group, ours or remote: the {@code Page} that starts it is an
 * object; this is what the group decides about it.
 */
public record GroupThread(String objectUri, String groupUri, Kind kind, boolean pinned, boolean locked,
        String acceptedAnswerUri, int replyCount, Instant lastActivityAt) {

    public enum Kind {
        DISCUSSION,
        QUESTION;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Kind parse(String value) {
            return "question".equalsIgnoreCase(value == null ? "" : value.strip()) ? QUESTION : DISCUSSION;
        }
    }
}

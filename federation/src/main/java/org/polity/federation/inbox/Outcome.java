package org.polity.federation.inbox;

/**
 * How the processing of one inbound activity ended. Every dispatch ends in one of these, logged and stored
 * with the activity, never in a silent drop (compare Fedify's explicit outcomes).
 */
public record Outcome(Kind kind, String detail) {
    public enum Kind {
        /** The activity changed our state. */
        PROCESSED,
        /** Valid, but nothing to do (we already knew, or it concerns nothing we hold). */
        IGNORED,
        /** No handler for this (activity, object) pair. */
        UNSUPPORTED,
        /** Refused by a trust rule (not the owner, wrong origin, ...). */
        REJECTED,
        /** A transient failure (a fetch timed out, ...): try again later. */
        RETRY
    }

    public static Outcome processed(String detail) {
        return new Outcome(Kind.PROCESSED, detail);
    }

    public static Outcome ignored(String detail) {
        return new Outcome(Kind.IGNORED, detail);
    }

    public static Outcome unsupported(String detail) {
        return new Outcome(Kind.UNSUPPORTED, detail);
    }

    public static Outcome rejected(String detail) {
        return new Outcome(Kind.REJECTED, detail);
    }

    public static Outcome retry(String detail) {
        return new Outcome(Kind.RETRY, detail);
    }
}

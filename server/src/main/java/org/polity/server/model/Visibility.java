package org.polity.server.model;

/** Who may see an object or activity, derived from its addressing (as Mastodon's four levels). */
public enum Visibility {
    /** Addressed to the Public collection in {@code to}. */
    PUBLIC,
    /** Public collection in {@code cc} only: visible to anyone with the link, not listed. */
    UNLISTED,
    /** The author's followers collection, not public. */
    FOLLOWERS,
    /** Named actors only. */
    DIRECT
}

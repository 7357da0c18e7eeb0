package org.polity.server.service;

/** What was asked for does not exist, or the asker may not know it exists: both answer 404. */
public final class NotFound extends RuntimeException {
    public NotFound(String message) {
        super(message);
    }
}

package org.polity.server.service;

/** The asker is known but not allowed to do this. Answers 403. */
public final class Forbidden extends RuntimeException {
    public Forbidden(String message) {
        super(message);
    }
}

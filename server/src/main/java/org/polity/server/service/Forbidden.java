package org.polity.server.service;

/**
 * The asker is known but not allowed to do this. Answers 403. A {@link Message} is shown in the reader's
 * language (English in API problem details); a plain string is shown as it is (routes pass text they have
 * translated already).
 */
public final class Forbidden extends RuntimeException {
    private final transient Message message;

    public Forbidden(Message message) {
        super(message.english());
        this.message = message;
    }

    public Forbidden(String message) {
        super(message);
        this.message = null;
    }

    /** What to tell the reader, or null when the text is the exception's message as it is. */
    public Message userMessage() {
        return message;
    }
}

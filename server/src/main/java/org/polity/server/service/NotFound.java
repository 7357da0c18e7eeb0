package org.polity.server.service;

/**
 * What was asked for does not exist, or the asker may not know it exists: both answer 404. A {@link Message} is
 * shown in the reader's language (English in API problem details); a plain string is shown as it is (routes
 * pass text they have translated already).
 */
public final class NotFound extends RuntimeException {
    private final transient Message message;

    public NotFound(Message message) {
        super(message.english());
        this.message = message;
    }

    public NotFound(String message) {
        super(message);
        this.message = null;
    }

    /** What to tell the reader, or null when the text is the exception's message as it is. */
    public Message userMessage() {
        return message;
    }
}

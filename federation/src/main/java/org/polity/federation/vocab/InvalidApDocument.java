package org.polity.federation.vocab;

/**
 * A document that is not acceptable ActivityStreams JSON: malformed, not an object, over a size limit, or
 * with a modelled property of the wrong shape. The message says which; callers answer 400 with it.
 */
public final class InvalidApDocument extends IllegalArgumentException {
    public InvalidApDocument(String message) {
        super(message);
    }

    public InvalidApDocument(String message, Throwable cause) {
        super(message, cause);
    }
}

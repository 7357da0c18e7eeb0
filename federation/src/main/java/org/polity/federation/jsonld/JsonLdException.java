package org.polity.federation.jsonld;

/**
 * JSON-LD processing failed: the document uses a context that is not preloaded ({@link #refusedContext()}
 * names it), or it is not valid JSON-LD. Callers fall back to the plain-JSON reading
 * ({@code vocab.ApReader}), which is how most servers treat ActivityStreams anyway.
 */
public final class JsonLdException extends RuntimeException {
    private final String refusedContext;

    public JsonLdException(String message, String refusedContext, Throwable cause) {
        super(message, cause);
        this.refusedContext = refusedContext;
    }

    /** The context URL that was refused, or null when the failure had another cause. */
    public String refusedContext() {
        return refusedContext;
    }
}

package org.polity.federation.signatures;

/** A signature that cannot be checked or does not verify; the message says why, for logs and 401 bodies. */
public final class SignatureException extends Exception {
    public SignatureException(String message) {
        super(message);
    }

    public SignatureException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.polity.server.storage.jdbi;

/** The database cannot be opened or migrated; the message says which and why. */
public final class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}

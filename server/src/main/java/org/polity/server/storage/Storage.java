package org.polity.server.storage;

import java.util.function.Function;

/**
 * The only way services reach the database. {@link #stores()} runs each call on its own connection;
 * {@link #transaction} runs a unit of work that is stored whole or not at all.
 */
public interface Storage extends AutoCloseable {
    Stores stores();

    <T> T transaction(Function<Stores, T> work);

    /**
     * A number that grows whenever this process writes to the database: after every statement that is not a
     * {@code SELECT} and changed a row (or does not say), and again when a transaction that wrote ends. A cache of
     * what was read may keep an entry only while the number is the one it read before reading
     * ({@code web.PublicCache}); writes by another process on the same database do not move it, so such a cache
     * also needs an age limit (docs/operations.md, Several nodes).
     */
    long writeGeneration();

    /** Whether the database answers; used by {@code /healthz}. */
    boolean ping();

    /** A short name of the database engine for logs and NodeInfo metadata ({@code h2}, {@code postgresql}). */
    String engine();

    @Override
    void close();
}

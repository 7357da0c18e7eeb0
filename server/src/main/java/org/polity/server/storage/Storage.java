package org.polity.server.storage;

import java.util.function.Function;

/**
 * The only way services reach the database. {@link #stores()} runs each call on its own connection;
 * {@link #transaction} runs a unit of work that is stored whole or not at all.
 */
public interface Storage extends AutoCloseable {
    Stores stores();

    <T> T transaction(Function<Stores, T> work);

    /** Whether the database answers; used by {@code /healthz}. */
    boolean ping();

    /** A short name of the database engine for logs and NodeInfo metadata ({@code h2}, {@code postgresql}). */
    String engine();

    @Override
    void close();
}

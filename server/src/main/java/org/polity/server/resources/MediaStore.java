package org.polity.server.resources;

import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where uploaded files live, behind one interface: the data directory ({@link DataDirMediaStore}, the default)
 * or an S3-compatible object store ({@link S3MediaStore}) when several nodes share the files. Keys are made
 * here ({@link #newKey}), 32 random hexadecimal characters: never a path or a name from user input, and every
 * implementation refuses any other key.
 */
public interface MediaStore extends AutoCloseable {
    /** What a key looks like: 32 lower-case hexadecimal characters. */
    Pattern KEY = Pattern.compile("[0-9a-f]{32}");

    /** A new random key (128 bits). */
    static String newKey() {
        byte[] bytes = new byte[16];
        Holder.RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Checks that {@code key} is one of ours. */
    static String checkKey(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("not a media key: " + key);
        }
        return key;
    }

    /**
     * Stores {@code size} bytes read from {@code content} under {@code key}, all or nothing: a failure leaves
     * nothing under the key.
     */
    void put(String key, InputStream content, long size, String contentType) throws IOException;

    /** The stored bytes under {@code key}, empty when there are none. The caller closes the stream. */
    Optional<InputStream> open(String key) throws IOException;

    /** Removes what is stored under {@code key}; nothing there is not an error. */
    void delete(String key) throws IOException;

    boolean exists(String key) throws IOException;

    /** "data directory /x/media" or "S3 bucket b at https://...": for the start-up log and the admin. */
    String describe();

    @Override
    default void close() {}

    /** The random source of keys. */
    final class Holder {
        static final SecureRandom RANDOM = new SecureRandom();

        private Holder() {}
    }
}

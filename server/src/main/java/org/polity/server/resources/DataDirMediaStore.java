package org.polity.server.resources;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Files in {@code <data.dir>/media}, in 256 sub-directories by the key's first two characters. A file is
 * written to a temporary file in the same directory and moved into place atomically, so a reader never sees
 * half a file and a failed write leaves nothing behind.
 */
public final class DataDirMediaStore implements MediaStore {
    private final Path root;

    public DataDirMediaStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    private Path path(String key) {
        MediaStore.checkKey(key);
        return root.resolve(key.substring(0, 2)).resolve(key);
    }

    @Override
    public void put(String key, InputStream content, long size, String contentType) throws IOException {
        Path target = path(key);
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), ".upload-", ".tmp");
        try {
            long copied = Files.copy(content, temp, StandardCopyOption.REPLACE_EXISTING);
            if (copied != size) {
                throw new IOException("expected " + size + " bytes for " + key + ", read " + copied);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public Optional<InputStream> open(String key) throws IOException {
        try {
            return Optional.of(Files.newInputStream(path(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(path(key));
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(path(key));
    }

    /** How many files the store holds (tests: nothing is left behind after a refusal). */
    public long count() throws IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        try (var files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    @Override
    public String describe() {
        return "data directory " + root;
    }
}

package org.polity.server.resources;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data-directory store: the contract, and no temporary file left after a failed write. */
class DataDirMediaStoreTest extends MediaStoreContract {
    @TempDir
    Path dir;
    private DataDirMediaStore store;

    @Override
    MediaStore store() {
        if (store == null) {
            store = new DataDirMediaStore(dir.resolve("media"));
        }
        return store;
    }

    @Test
    void filesAreNamedByKeyAndNoTemporaryFileRemains() throws IOException {
        String key = MediaStore.newKey();
        store().put(key, new ByteArrayInputStream(new byte[] {1, 2, 3}), 3, "application/octet-stream");
        assertThat(dir.resolve("media").resolve(key.substring(0, 2)).resolve(key)).exists();
        try {
            store().put(MediaStore.newKey(), new ByteArrayInputStream(new byte[] {1}), 5, "text/plain");
        } catch (IOException expected) {
            // short stream: refused
        }
        try (var files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .containsExactly(key);
        }
        assertThat(store.count()).isEqualTo(1);
    }
}

package org.polity.server.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What every media store does; {@link DataDirMediaStoreTest} and {@link S3MediaStoreTest} run it. */
abstract class MediaStoreContract {
    abstract MediaStore store();

    @Test
    void storesOpensAndDeletesByKey() throws IOException {
        String key = MediaStore.newKey();
        byte[] content = Fixtures.pdf();
        assertThat(store().exists(key)).isFalse();
        store().put(key, new ByteArrayInputStream(content), content.length, "application/pdf");
        assertThat(store().exists(key)).isTrue();
        try (InputStream in = store().open(key).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        store().delete(key);
        assertThat(store().exists(key)).isFalse();
        assertThat(store().open(key)).isEmpty();
        store().delete(key); // deleting nothing is not an error
    }

    @Test
    void aLargerFileRoundTrips() throws IOException {
        String key = MediaStore.newKey();
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new java.util.Random(7).nextBytes(content);
        store().put(key, new ByteArrayInputStream(content), content.length, "application/octet-stream");
        try (InputStream in = store().open(key).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        store().delete(key);
    }

    @Test
    void aFailedWriteLeavesNothing() throws IOException {
        String key = MediaStore.newKey();
        InputStream broken = new InputStream() {
            int left = 100_000;

            @Override
            public int read() throws IOException {
                if (left-- <= 0) { // and from then on: InputStream.read(byte[]) swallows one failure
                    throw new IOException("the upload was cut off");
                }
                return 'x';
            }
        };
        assertThatThrownBy(() -> store().put(key, broken, 200_000, "text/plain")).isInstanceOf(Exception.class);
        assertThat(store().exists(key)).isFalse();
        assertThat(store().open(key)).isEmpty();
    }

    @Test
    void onlyGeneratedKeysAreAccepted() {
        byte[] x = "x".getBytes(StandardCharsets.UTF_8);
        for (String bad : new String[] {"../etc/passwd", "ABCDEF0123456789ABCDEF0123456789", "a/b", "", "short"}) {
            assertThatThrownBy(() -> store().put(bad, new ByteArrayInputStream(x), 1, "text/plain"))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store().open(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(MediaStore.newKey()).matches("[0-9a-f]{32}").isNotEqualTo(MediaStore.newKey());
    }

    @Test
    void keysAreIndependent() throws IOException {
        String a = MediaStore.newKey();
        String b = MediaStore.newKey();
        store().put(a, new ByteArrayInputStream(new byte[] {1}), 1, "application/octet-stream");
        store().put(b, new ByteArrayInputStream(new byte[] {2, 2}), 2, "application/octet-stream");
        store().delete(a);
        Optional<InputStream> left = store().open(b);
        assertThat(left).isPresent();
        try (InputStream in = left.get()) {
            assertThat(in.readAllBytes()).containsExactly(2, 2);
        }
        store().delete(b);
    }
}

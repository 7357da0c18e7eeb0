package org.polity.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.config.ConfigException;

class KeyVaultTest {
    @TempDir
    Path dataDir;

    @Test
    void createsAnOwnerOnlyKeysetOnFirstOpenAndReusesIt() throws IOException {
        KeyVault first = KeyVault.open(Optional.empty(), Optional.empty(), dataDir);
        Path keyset = KeyVault.defaultKeysetFile(dataDir);
        assertThat(keyset).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyset))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyset.getParent())))
                .isEqualTo("rwx------");
        assertThat(Files.readString(keyset)).doesNotContain("PRIVATE KEY");

        String ciphertext = first.encrypt("secret pem", "https://a.example/users/alice");
        KeyVault reopened = KeyVault.open(Optional.empty(), Optional.empty(), dataDir);
        assertThat(reopened.decrypt(ciphertext, "https://a.example/users/alice")).isEqualTo("secret pem");
    }

    @Test
    void ciphertextIsBoundToItsContext() {
        KeyVault vault = KeyVault.open(Optional.empty(), Optional.empty(), dataDir);
        String ciphertext = vault.encrypt("secret pem", "https://a.example/users/alice");
        assertThat(ciphertext).doesNotContain("secret");
        assertThatThrownBy(() -> vault.decrypt(ciphertext, "https://a.example/users/mallory"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("wrong keyset or tampered data");
    }

    @Test
    void anotherKeysetCannotDecrypt(@TempDir Path otherDir) {
        KeyVault vault = KeyVault.open(Optional.empty(), Optional.empty(), dataDir);
        KeyVault other = KeyVault.open(Optional.empty(), Optional.empty(), otherDir);
        String ciphertext = vault.encrypt("secret pem", "ctx");
        assertThatThrownBy(() -> other.decrypt(ciphertext, "ctx")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aKeysetCanBeSuppliedByFileOrInline(@TempDir Path elsewhere) throws IOException {
        Path file = elsewhere.resolve("prod-keyset.json");
        KeyVault.create(file);
        KeyVault fromFile = KeyVault.open(Optional.empty(), Optional.of(file), dataDir);
        KeyVault inline = KeyVault.open(Optional.of(Files.readString(file)), Optional.empty(), dataDir);
        assertThat(inline.decrypt(fromFile.encrypt("x", "c"), "c")).isEqualTo("x");
        assertThat(KeyVault.defaultKeysetFile(dataDir)).doesNotExist();
    }

    @Test
    void aBrokenKeysetIsAConfigurationError() {
        assertThatThrownBy(() -> KeyVault.open(Optional.of("{not a keyset"), Optional.empty(), dataDir))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("POLITY_KEYSET");
        assertThatThrownBy(() -> KeyVault.open(Optional.empty(), Optional.of(dataDir.resolve("missing.json")), dataDir))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("POLITY_KEYSET_FILE");
    }
}

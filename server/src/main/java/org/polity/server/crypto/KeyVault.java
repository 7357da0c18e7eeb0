package org.polity.server.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.polity.server.config.ConfigException;
import org.polity.server.config.ConfigLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encrypts secrets at rest (actor private keys, instance secrets) with a Tink AEAD keyset (AES-256-GCM).
 * The keyset comes from configuration ({@code keyset} as JSON, or {@code keyset.file}) or, by default, is
 * created on first start at {@code <data.dir>/keys/master-keyset.json} readable by its owner only.
 * Every ciphertext is bound to a context string (the actor URI for a private key), so a ciphertext moved to
 * another row does not decrypt.
 */
public final class KeyVault {
    private static final Logger log = LoggerFactory.getLogger(KeyVault.class);
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private final Aead aead;

    private KeyVault(KeysetHandle handle) throws GeneralSecurityException {
        this.aead = handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
    }

    static {
        try {
            AeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Opens the keyset the configuration names, creating the default one in the data directory if absent. */
    public static KeyVault open(Optional<String> keysetJson, Optional<Path> keysetFile, Path dataDir) {
        if (keysetJson.isPresent()) {
            return parse(keysetJson.get(), ConfigLoader.envName("keyset"));
        }
        if (keysetFile.isPresent()) {
            Path file = keysetFile.get();
            if (!Files.isReadable(file)) {
                throw new ConfigException(ConfigLoader.envName("keyset.file"), "cannot read " + file);
            }
            return parse(read(file), ConfigLoader.envName("keyset.file"));
        }
        Path file = defaultKeysetFile(dataDir);
        if (!Files.exists(file)) {
            create(file);
        }
        return parse(read(file), file.toString());
    }

    public static Path defaultKeysetFile(Path dataDir) {
        return dataDir.resolve("keys").resolve("master-keyset.json");
    }

    /** Generates a new AES-256-GCM keyset and writes it to {@code file} with owner-only permissions. */
    public static void create(Path file) {
        try {
            KeysetHandle handle = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
            String json = TinkJsonProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get());
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            setPermissions(dir, OWNER_ONLY_DIR);
            Path tmp = Files.createTempFile(dir, "keyset", ".tmp");
            setPermissions(tmp, OWNER_ONLY);
            Files.writeString(tmp, json, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            try {
                Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                Files.deleteIfExists(tmp);
            }
            log.info("created the key-encryption keyset {} (back it up: without it, actor keys cannot be read)", file);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot create the keyset " + file + ": " + e.getMessage(), e);
        }
    }

    private static void setPermissions(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (Files.getFileStore(path).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(path, permissions);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the keyset " + file + ": " + e.getMessage(), e);
        }
    }

    private static KeyVault parse(String json, String source) {
        try {
            return new KeyVault(TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get()));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new ConfigException(source, "not a valid Tink AEAD keyset (" + e.getMessage() + ")");
        }
    }

    /** Encrypts {@code plaintext} bound to {@code context}; returns base64 text for storage. */
    public String encrypt(String plaintext, String context) {
        try {
            byte[] out = aead.encrypt(plaintext.getBytes(StandardCharsets.UTF_8), context.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    /** Decrypts what {@link #encrypt} produced for the same context; fails for any other context or keyset. */
    public String decrypt(String ciphertext, String context) {
        try {
            byte[] out = aead.decrypt(Base64.getDecoder().decode(ciphertext), context.getBytes(StandardCharsets.UTF_8));
            return new String(out, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot decrypt a stored secret for " + context
                    + ": wrong keyset or tampered data", e);
        }
    }
}

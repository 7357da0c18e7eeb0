package org.polity.server.storage;

import java.util.Optional;

/** Small instance-wide values (the base URL the instance was created with, secrets, admin choices). */
public interface SettingsStore {
    Optional<String> find(String name);

    /** Stores {@code value} unless the setting exists; returns the value now stored. */
    String insertIfAbsent(String name, String value);

    void upsert(String name, String value);
}

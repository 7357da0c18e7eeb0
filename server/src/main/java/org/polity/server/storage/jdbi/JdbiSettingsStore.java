package org.polity.server.storage.jdbi;

import java.util.Optional;
import org.polity.server.storage.SettingsStore;

final class JdbiSettingsStore implements SettingsStore {
    private final JdbiStorage.Handles handles;

    JdbiSettingsStore(JdbiStorage.Handles handles) {
        this.handles = handles;
    }

    @Override
    public Optional<String> find(String name) {
        return handles.with(h -> h.createQuery("SELECT setting_value FROM instance_settings WHERE setting_name = :n")
                .bind("n", name).mapTo(String.class).findOne());
    }

    @Override
    public String insertIfAbsent(String name, String value) {
        // ON CONFLICT DO NOTHING is understood by PostgreSQL and by H2 in PostgreSQL mode.
        handles.with(h -> h.createUpdate("INSERT INTO instance_settings (setting_name, setting_value) VALUES (:n, :v)"
                        + " ON CONFLICT DO NOTHING")
                .bind("n", name).bind("v", value).execute());
        return find(name).orElseThrow();
    }

    @Override
    public void upsert(String name, String value) {
        handles.with(h -> {
            int updated = h.createUpdate("UPDATE instance_settings SET setting_value = :v WHERE setting_name = :n")
                    .bind("n", name).bind("v", value).execute();
            if (updated == 0) {
                h.createUpdate("INSERT INTO instance_settings (setting_name, setting_value) VALUES (:n, :v)")
                        .bind("n", name).bind("v", value).execute();
            }
            return null;
        });
    }
}

package org.polity.server.config;

/** A configuration value that cannot be used. The message names the setting, as operators see it. */
public final class ConfigException extends RuntimeException {
    private final String setting;

    public ConfigException(String setting, String problem) {
        super(setting + ": " + problem);
        this.setting = setting;
    }

    /** The environment-variable name of the setting (for example {@code POLITY_BASE_URL}). */
    public String setting() {
        return setting;
    }
}

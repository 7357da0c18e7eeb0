package org.polity.server;

/** The software's name and version, as NodeInfo and the User-Agent of outgoing requests report them. */
public final class Version {
    /** NodeInfo {@code software.name}: lower-case letters, digits and hyphens only (schema 2.1). */
    public static final String SOFTWARE = "polity";
    /** Kept in step with the Maven project version (without {@code -SNAPSHOT}). */
    public static final String VERSION = "0.1.0";

    private Version() {}
}

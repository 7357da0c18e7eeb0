package org.polity.server.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The validated configuration of one instance. Built by {@link ConfigLoader}; immutable; no static state,
 * so several instances run side by side in one JVM (tests).
 *
 * @param baseUrl public URL without a trailing slash, or empty to derive {@code http://localhost:<port>}
 *     once the server is listening.
 */
public record PolityConfig(
        Optional<URI> baseUrl,
        String bind,
        int port,
        Path dataDir,
        Optional<String> dbUrl,
        String dbUser,
        String dbPassword,
        Mode mode,
        String country,
        String instanceName,
        String instanceDescription,
        Optional<URI> hubUrl,
        boolean allowPrivateAddresses,
        List<String> signupEmailDomains,
        boolean signupApproval,
        Optional<Path> keysetFile,
        Optional<String> keysetJson,
        long maxBodyBytes,
        int sessionDays,
        MediaConfig media,
        KnowledgeConfig knowledge,
        LimitsConfig limits,
        ObservabilityConfig observability,
        FederationPolicyConfig federationPolicy,
        QueueConfig queues,
        CacheConfig caches) {

    public enum Mode {
        NATIONAL,
        HUB;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A copy with another port and base URL: the test rig and the CLI use it. */
    public PolityConfig withPort(int newPort) {
        return new PolityConfig(baseUrl, bind, newPort, dataDir, dbUrl, dbUser, dbPassword, mode, country,
                instanceName, instanceDescription, hubUrl, allowPrivateAddresses, signupEmailDomains,
                signupApproval, keysetFile, keysetJson, maxBodyBytes, sessionDays, media, knowledge, limits,
                observability, federationPolicy, queues, caches);
    }

    public PolityConfig withBaseUrl(URI newBaseUrl) {
        return new PolityConfig(Optional.of(newBaseUrl), bind, port, dataDir, dbUrl, dbUser, dbPassword, mode,
                country, instanceName, instanceDescription, hubUrl, allowPrivateAddresses, signupEmailDomains,
                signupApproval, keysetFile, keysetJson, maxBodyBytes, sessionDays, media, knowledge, limits,
                observability, federationPolicy, queues, caches);
    }

    /** What a sign-up e-mail domain pattern looks like (lower case): {@code agency.gov} or {@code *.gov.au}. */
    private static final java.util.regex.Pattern DOMAIN_PATTERN = java.util.regex.Pattern.compile(
            "(\\*\\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");

    /** Whether {@code pattern} (already lower-cased) is a domain or a {@code *.domain} pattern. */
    public static boolean isDomainPattern(String pattern) {
        return pattern != null && DOMAIN_PATTERN.matcher(pattern).matches();
    }

    /** Whether an e-mail address may sign up on the web, by its domain. */
    public boolean emailDomainAllowed(String email) {
        return emailDomainAllowed(signupEmailDomains, email);
    }

    /** Whether an e-mail address's domain matches one of {@code patterns}. */
    public static boolean emailDomainAllowed(List<String> patterns, String email) {
        int at = email.lastIndexOf('@');
        if (at < 1 || at == email.length() - 1) {
            return false;
        }
        String domain = email.substring(at + 1).toLowerCase(Locale.ROOT);
        for (String pattern : patterns) {
            if (pattern.startsWith("*.")) {
                String suffix = pattern.substring(2);
                if (domain.equals(suffix) || domain.endsWith("." + suffix)) {
                    return true;
                }
            } else if (domain.equals(pattern)) {
                return true;
            }
        }
        return false;
    }
}

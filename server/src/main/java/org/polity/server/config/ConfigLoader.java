package org.polity.server.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import org.polity.server.limits.AddressRange;
import org.polity.server.limits.ClientAddress;
import org.polity.server.limits.Limits;
import org.polity.server.limits.Rate;

/**
 * Loads configuration in three layers, later ones winning: the defaults packaged from
 * {@code config/polity.properties}, an optional file given with {@code --config}, then {@code POLITY_*}
 * environment variables. Keys map to variables by upper-casing and replacing dots with underscores
 * ({@code base.url} is {@code POLITY_BASE_URL}). Every value is validated here, once, and an invalid one
 * is reported with the name of its setting.
 */
public final class ConfigLoader {
    static final String DEFAULTS = "/config/polity.properties";
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    /** ISO 3166-1 alpha-2 codes known to the JDK, plus user-assigned codes used by international bodies. */
    private static final Set<String> COUNTRIES = Set.copyOf(Arrays.asList(Locale.getISOCountries()));
    private static final Set<String> EXTRA_COUNTRIES = Set.of("EU", "XX", "ZZ");

    private ConfigLoader() {}

    /** Loads from the packaged defaults, the optional file and the process environment. */
    public static PolityConfig load(Optional<Path> file) {
        return load(file, System.getenv());
    }

    public static PolityConfig load(Optional<Path> file, Map<String, String> env) {
        Properties merged = defaults();
        if (file.isPresent()) {
            Path path = file.get();
            Properties fromFile = new Properties();
            try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                fromFile.load(reader);
            } catch (IOException e) {
                throw new ConfigException("--config", "cannot read " + path + " (" + e.getMessage() + ")");
            }
            for (String key : fromFile.stringPropertyNames()) {
                if (!merged.containsKey(key)) {
                    throw new ConfigException(key, "unknown setting in " + path);
                }
                merged.setProperty(key, fromFile.getProperty(key).trim());
            }
        }
        for (String key : merged.stringPropertyNames()) {
            String value = env.get(envName(key));
            if (value != null) {
                merged.setProperty(key, value.trim());
            }
        }
        return validate(merged);
    }

    /** The environment-variable name of a key: {@code base.url} is {@code POLITY_BASE_URL}. */
    public static String envName(String key) {
        return "POLITY_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    static Properties defaults() {
        Properties p = new Properties();
        try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException("packaged defaults " + DEFAULTS + " are missing from the jar");
            }
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read packaged defaults", e);
        }
        return p;
    }

    private static PolityConfig validate(Properties p) {
        Values v = new Values(p);
        int port = v.integer("port", 0, 65535);
        Optional<URI> baseUrl = v.optional("base.url").map(s -> httpUrl("base.url", s, true));
        String country = v.required("country").toUpperCase(Locale.ROOT);
        if (!COUNTRY.matcher(country).matches()
                || !(COUNTRIES.contains(country) || EXTRA_COUNTRIES.contains(country))) {
            throw new ConfigException(envName("country"),
                    "'" + v.raw("country") + "' is not an ISO 3166-1 alpha-2 country code (such as AU, FR, CL)");
        }
        PolityConfig.Mode mode = switch (v.required("mode").toLowerCase(Locale.ROOT)) {
            case "national" -> PolityConfig.Mode.NATIONAL;
            case "hub" -> PolityConfig.Mode.HUB;
            default -> throw new ConfigException(envName("mode"),
                    "'" + v.raw("mode") + "' is not a mode; use national or hub");
        };
        Optional<String> dbUrl = v.optional("db.url");
        dbUrl.ifPresent(url -> {
            if (!url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:h2:")) {
                throw new ConfigException(envName("db.url"),
                        "'" + url + "' is not a PostgreSQL JDBC URL (jdbc:postgresql://host:5432/db)");
            }
        });
        List<String> domains = new ArrayList<>();
        for (String d : v.list("signup.email.domains")) {
            String domain = d.toLowerCase(Locale.ROOT);
            if (!PolityConfig.isDomainPattern(domain)) {
                throw new ConfigException(envName("signup.email.domains"),
                        "'" + d + "' is not a domain or a *.domain pattern");
            }
            domains.add(domain);
        }
        String name = v.required("instance.name");
        if (name.length() > 100) {
            throw new ConfigException(envName("instance.name"), "longer than 100 characters");
        }
        return new PolityConfig(
                baseUrl,
                v.required("bind"),
                port,
                Path.of(v.required("data.dir")),
                dbUrl,
                v.optional("db.user").orElse(""),
                v.optional("db.password").orElse(""),
                mode,
                country,
                name,
                v.optional("instance.description").orElse(""),
                v.optional("hub.url").map(s -> httpUrl("hub.url", s, false)),
                v.bool("allow.private.addresses"),
                List.copyOf(domains),
                v.bool("signup.approval"),
                v.optional("keyset.file").map(Path::of),
                v.optional("keyset"),
                v.longValue("max.body.bytes", 1024, 1L << 30),
                v.integer("session.days", 1, 365),
                media(v),
                new KnowledgeConfig(v.longValue("sparql.timeout.ms", 10, 600_000),
                        v.integer("sparql.max.rows", 1, 1_000_000)),
                limits(v),
                observability(v),
                federationPolicy(v),
                queues(v),
                new CacheConfig(java.time.Duration.ofSeconds(v.integer("public.cache.seconds", 0, 3600))));
    }

    /** The shared queues (docs/operations.md, Several nodes). */
    private static QueueConfig queues(Values v) {
        int port = v.integer("port", 0, 65535);
        String node = v.optional("node.id").orElseGet(() -> QueueConfig.defaultNodeId(port));
        if (node.length() > 100 || !node.matches("[A-Za-z0-9._:@-]+")) {
            throw new ConfigException(envName("node.id"), "'" + node + "' is not a node name: at most 100 letters,"
                    + " digits and . _ : @ -");
        }
        Optional<Boolean> shareRates = switch (v.required("rate.shared").toLowerCase(Locale.ROOT)) {
            case "auto" -> Optional.empty();
            case "on", "true" -> Optional.of(true);
            case "off", "false" -> Optional.of(false);
            default -> throw new ConfigException(envName("rate.shared"),
                    "'" + v.raw("rate.shared") + "' is not auto, on or off");
        };
        return new QueueConfig(node, java.time.Duration.ofSeconds(v.integer("queue.lease.seconds", 30, 86_400)),
                v.integer("inbox.threads", 1, 64), v.integer("inbox.per.host", 1, 64), shareRates,
                java.time.Duration.ofDays(v.integer("queue.retention.days", 1, 3650)),
                v.integer("inbox.deferred.max", 1, 10_000_000));
    }

    /** Metrics and logs (docs/operations.md, Metrics and logs). */
    private static ObservabilityConfig observability(Values v) {
        List<AddressRange> allow = new ArrayList<>();
        for (String entry : v.list("metrics.allow")) {
            try {
                allow.add(AddressRange.parse(entry));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(envName("metrics.allow"), e.getMessage());
            }
        }
        Optional<String> token = v.optional("metrics.token");
        if (token.isPresent() && token.get().length() < 16) {
            throw new ConfigException(envName("metrics.token"), "shorter than 16 characters: anyone could guess it");
        }
        ObservabilityConfig.LogFormat format = switch (v.required("log.format").toLowerCase(Locale.ROOT)) {
            case "text" -> ObservabilityConfig.LogFormat.TEXT;
            case "json" -> ObservabilityConfig.LogFormat.JSON;
            default -> throw new ConfigException(envName("log.format"),
                    "'" + v.raw("log.format") + "' is not a log format; use text or json");
        };
        return new ObservabilityConfig(v.bool("metrics.enabled"), allow, token, format);
    }

    /** Domain policy: the federation mode and the configured allowlist (docs/operations.md, Domain policy). */
    private static FederationPolicyConfig federationPolicy(Values v) {
        FederationPolicyConfig.Mode mode = FederationPolicyConfig.Mode.parse(v.required("federation.mode"))
                .orElseThrow(() -> new ConfigException(envName("federation.mode"),
                        "'" + v.raw("federation.mode") + "' is not a federation mode; use open or allowlist"));
        List<String> allow = new ArrayList<>();
        for (String d : v.list("federation.allowlist")) {
            allow.add(org.polity.server.domains.DomainName.normalise(d).orElseThrow(() -> new ConfigException(
                    envName("federation.allowlist"), "'" + d + "' is not a domain (example.org or host:port)")));
        }
        return new FederationPolicyConfig(mode, allow, v.bool("federation.allowlist.hub.members"));
    }

    /** Rate limits and trusted proxies (docs/operations.md, Rate limits and caps). */
    private static LimitsConfig limits(Values v) {
        List<AddressRange> proxies = new ArrayList<>();
        for (String entry : v.list("trusted.proxies")) {
            try {
                proxies.add(AddressRange.parse(entry));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(envName("trusted.proxies"), e.getMessage());
            }
        }
        ClientAddress.Header header = switch (v.required("forwarded.header").toLowerCase(Locale.ROOT)) {
            case "x-forwarded-for" -> ClientAddress.Header.X_FORWARDED_FOR;
            case "forwarded" -> ClientAddress.Header.FORWARDED;
            default -> throw new ConfigException(envName("forwarded.header"),
                    "'" + v.raw("forwarded.header") + "' is not a header we read; use X-Forwarded-For or Forwarded");
        };
        Map<Limits.Rule, Rate> rates = new EnumMap<>(Limits.Rule.class);
        for (Limits.Rule rule : Limits.Rule.values()) {
            try {
                rates.put(rule, Rate.parse(v.required(rule.setting())));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(envName(rule.setting()), e.getMessage());
            }
        }
        return new LimitsConfig(proxies, header, rates);
    }

    /** Where uploaded files go, and how large one may be (docs/operations.md, Media storage). */
    private static MediaConfig media(Values v) {
        long maxBytes = v.longValue("upload.max.bytes", 1024, 1L << 31);
        MediaConfig.Kind kind = switch (v.required("media.store").toLowerCase(Locale.ROOT)) {
            case "data-dir", "datadir", "local" -> MediaConfig.Kind.DATA_DIR;
            case "s3" -> MediaConfig.Kind.S3;
            default -> throw new ConfigException(envName("media.store"),
                    "'" + v.raw("media.store") + "' is not a media store; use data-dir or s3");
        };
        Optional<URI> endpoint = v.optional("s3.endpoint").map(s -> httpUrl("s3.endpoint", s, false));
        String bucket = v.optional("s3.bucket").orElse("");
        String region = v.optional("s3.region").orElse("us-east-1");
        String accessKey = v.optional("s3.access.key").orElse("");
        String secretKey = v.optional("s3.secret.key").orElse("");
        if (kind == MediaConfig.Kind.S3) {
            if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
                throw new ConfigException(envName("s3.bucket"), bucket.isEmpty() ? "must not be empty with media.store=s3"
                        : "'" + bucket + "' is not an S3 bucket name (3 to 63 lower-case letters, digits, dots, hyphens)");
            }
            if (accessKey.isEmpty() || secretKey.isEmpty()) {
                throw new ConfigException(envName(accessKey.isEmpty() ? "s3.access.key" : "s3.secret.key"),
                        "must not be empty with media.store=s3");
            }
        }
        return new MediaConfig(kind, maxBytes, endpoint, bucket, region, accessKey, secretKey);
    }

    private static URI httpUrl(String key, String value, boolean originOnly) {
        String trimmed = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new ConfigException(envName(key), "'" + value + "' is not a URL");
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw new ConfigException(envName(key),
                    "'" + value + "' is not an http(s) URL with a host (such as https://polity.example.gov)");
        }
        if (originOnly && ((uri.getRawPath() != null && !uri.getRawPath().isEmpty()) || uri.getRawQuery() != null
                || uri.getRawFragment() != null || uri.getRawUserInfo() != null)) {
            throw new ConfigException(envName(key),
                    "'" + value + "' must be scheme, host and optional port only, without a path");
        }
        return uri;
    }

    /** Typed access to the merged properties, reporting problems by setting name. */
    private record Values(Properties p) {
        String raw(String key) {
            return p.getProperty(key, "");
        }

        Optional<String> optional(String key) {
            String value = raw(key).trim();
            return value.isEmpty() ? Optional.empty() : Optional.of(value);
        }

        String required(String key) {
            return optional(key).orElseThrow(() -> new ConfigException(envName(key), "must not be empty"));
        }

        int integer(String key, int min, int max) {
            return (int) longValue(key, min, max);
        }

        long longValue(String key, long min, long max) {
            String value = required(key);
            long parsed;
            try {
                parsed = Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new ConfigException(envName(key), "'" + value + "' is not a whole number");
            }
            if (parsed < min || parsed > max) {
                throw new ConfigException(envName(key),
                        "'" + value + "' is out of range (" + min + " to " + max + ")");
            }
            return parsed;
        }

        boolean bool(String key) {
            String value = required(key).toLowerCase(Locale.ROOT);
            return switch (value) {
                case "true", "yes", "1" -> true;
                case "false", "no", "0" -> false;
                default -> throw new ConfigException(envName(key), "'" + raw(key) + "' is not true or false");
            };
        }

        List<String> list(String key) {
            List<String> out = new ArrayList<>();
            for (String part : raw(key).split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
            return out;
        }
    }
}

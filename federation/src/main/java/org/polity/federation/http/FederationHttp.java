package org.polity.federation.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.polity.federation.signatures.HttpMessage;
import org.polity.federation.signatures.SignatureException;
import org.polity.federation.signatures.VerifiedSignature.Scheme;
import org.polity.federation.vocab.ActivityStreams;

/**
 * The one HTTP client for server-to-server traffic: signed GETs of remote documents and signed POSTs to
 * remote inboxes, behind the SSRF guard and the limits of {@link FederationHttpOptions}.
 *
 * <h2>SSRF guard</h2>
 * Every name is resolved through {@link GuardedDns}, which drops forbidden addresses, so no socket is ever
 * opened to one. OkHttp does not consult {@code Dns} for IP literals, so literal hosts are judged here before
 * each request. Redirects are followed by this class, not by OkHttp, so every hop is checked the same way
 * (scheme, literal address, DNS). Proxies are switched off: through a proxy, the proxy and not this guard
 * would resolve the target.
 *
 * <h2>Double-knock signing</h2>
 * Signed requests go out with RFC 9421 first. When the server refuses it (401, 403, or 400 that mentions a
 * signature), the same request is sent once more signed with draft-cavage-12, the scheme most of the
 * fediverse still verifies. The scheme that worked is remembered per {@code host[:port]} for 30 days, so
 * later requests to that host need one knock. This is the "double-knocking" Fedify does for its outgoing
 * requests (RFC 9421 first, draft-cavage on refusal, the result remembered per origin).
 */
public final class FederationHttp implements AutoCloseable {
    /** What ActivityPub (section 3.2) says a client asks for when it fetches an object. */
    public static final String ACTIVITY_ACCEPT = ActivityStreams.MEDIA_TYPE + ", " + ActivityStreams.LD_JSON_PROFILE;
    /** Deliveries carry this content type (what Mastodon sends and every server accepts). */
    public static final String ACTIVITY_CONTENT_TYPE = ActivityStreams.MEDIA_TYPE;
    /** How long the scheme a host accepted is remembered. */
    public static final Duration SCHEME_MEMORY = Duration.ofDays(30);

    private static final Pattern IPV4_LITERAL = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final int ERROR_PEEK_BYTES = 4096;

    private final FederationHttpOptions options;
    private final AddressPolicy policy;
    private final OkHttpClient client;
    private final Clock clock;
    private final java.util.function.Predicate<URI> allowed;
    private final Cache<String, Scheme> schemes = Caffeine.newBuilder()
            .expireAfterWrite(SCHEME_MEMORY)
            .maximumSize(100_000)
            .build();

    /** The production client: names resolved by the system and judged by {@link GuardedDns}. */
    public FederationHttp(FederationHttpOptions options) {
        this(options, new GuardedDns(new AddressPolicy(options.allowPrivate())), Clock.systemUTC());
    }

    /**
     * A client with its own resolver, for tests that need a "public" name served on loopback. The resolver
     * must itself apply the policy to every name it does not fake ({@link GuardedDns#GuardedDns(AddressPolicy,
     * Dns)} does). Literal addresses and schemes are still judged here by {@code options.allowPrivate()}.
     */
    public FederationHttp(FederationHttpOptions options, Dns dns, Clock clock) {
        this(options, dns, clock, url -> true);
    }

    /**
     * The production client with the application's say on where it may go ({@code allowed}: its domain policy),
     * asked before every request and every redirect hop, fetches and deliveries alike; a refused URL is never
     * contacted and fails with {@link FetchException.Reason#REFUSED_BY_APPLICATION}.
     */
    public FederationHttp(FederationHttpOptions options, java.util.function.Predicate<URI> allowed) {
        this(options, new GuardedDns(new AddressPolicy(options.allowPrivate())), Clock.systemUTC(), allowed);
    }

    /** A client with its own resolver and the application's filter (see the two constructors above). */
    public FederationHttp(FederationHttpOptions options, Dns dns, Clock clock,
            java.util.function.Predicate<URI> allowed) {
        this.allowed = java.util.Objects.requireNonNull(allowed, "allowed");
        this.options = options;
        this.policy = new AddressPolicy(options.allowPrivate());
        this.clock = clock;
        this.client = new OkHttpClient.Builder()
                .dns(dns)
                .proxy(Proxy.NO_PROXY)
                .followRedirects(false)
                .followSslRedirects(false)
                .connectTimeout(options.connectTimeout())
                .readTimeout(options.readTimeout())
                .writeTimeout(options.readTimeout())
                .callTimeout(options.callTimeout())
                .build();
    }

    public FederationHttpOptions options() {
        return options;
    }

    /** GETs an ActivityStreams document, signed by {@code signer} (the instance actor); see {@link #get}. */
    public FetchResponse fetch(URI url, Signer signer, FetchBudget budget) throws FetchException {
        return get(url, ACTIVITY_ACCEPT, signer, budget);
    }

    /**
     * GETs {@code url}, following up to {@code maxRedirects} redirects and checking every hop against the
     * SSRF guard. Answers only 2xx; any other final status throws {@link FetchException.Reason#HTTP_STATUS}.
     *
     * @param signer who signs each hop, or null for an unsigned request (WebFinger, NodeInfo)
     * @param budget charged once for this fetch, before anything is sent
     */
    public FetchResponse get(URI url, String accept, Signer signer, FetchBudget budget) throws FetchException {
        return get(url, accept, Map.of(), signer, budget);
    }

    /**
     * As {@link #get(URI, String, Signer, FetchBudget)}, with request headers of the caller's (a conditional GET's
     * {@code If-None-Match}); a {@code 304 Not Modified} answer is a {@link FetchException.Reason#HTTP_STATUS} of 304.
     */
    public FetchResponse get(URI url, String accept, Map<String, String> extraHeaders, Signer signer,
            FetchBudget budget) throws FetchException {
        budget.charge(url);
        URI current = url;
        for (int hop = 0; ; hop++) {
            checkTarget(current);
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Accept", accept);
            headers.putAll(extraHeaders);
            try (Response response = exchange("GET", current, headers, null, signer).response()) {
                int code = response.code();
                if (isRedirect(code)) {
                    String location = response.header("Location");
                    if (location == null || location.isBlank()) {
                        throw new FetchException(FetchException.Reason.REDIRECT, current,
                                current + " answered " + code + " without a Location");
                    }
                    if (hop >= options.maxRedirects()) {
                        throw new FetchException(FetchException.Reason.REDIRECT, current, "more than "
                                + options.maxRedirects() + " redirects fetching " + url);
                    }
                    current = resolveLocation(current, location);
                    continue;
                }
                if (code < 200 || code > 299) {
                    throw new FetchException(FetchException.Reason.HTTP_STATUS, current, code,
                            current + " answered " + code, null);
                }
                byte[] body = readLimited(response.body(), current);
                Map<String, String> validators = new LinkedHashMap<>();
                for (String name : List.of("ETag", "Last-Modified")) {
                    String value = response.header(name);
                    if (value != null && value.length() <= 512) {
                        validators.put(name, value);
                    }
                }
                return new FetchResponse(url, current, code, response.header("Content-Type"), body,
                        Map.copyOf(validators));
            } catch (FetchException e) {
                throw e;
            } catch (IOException e) {
                throw networkFailure(current, e);
            }
        }
    }

    /**
     * POSTs an activity to an inbox, signed by the sending actor, with the double knock. Never follows a
     * redirect (an inbox that moves answers 3xx, which is reported as a failure that will not succeed by
     * retrying). Never throws: every outcome is a {@link DeliveryResult}.
     */
    public DeliveryResult deliver(URI inbox, byte[] body, Signer signer) {
        Scheme scheme = null;
        try {
            checkTarget(inbox);
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", ACTIVITY_CONTENT_TYPE);
            Exchange exchange = exchange("POST", inbox, headers, body, signer);
            scheme = exchange.scheme();
            try (Response response = exchange.response()) {
                int code = response.code();
                Optional<Duration> retryAfter = RetryAfter.parse(response.header("Retry-After"), clock.instant());
                if (code >= 200 && code < 300) {
                    return new DeliveryResult(code, retryAfter, false, scheme, null);
                }
                String error = inbox + " answered " + code + peekError(response);
                return new DeliveryResult(code, retryAfter, DeliveryResult.retryableStatus(code), scheme, error);
            }
        } catch (FetchException e) {
            boolean retryable = e.reason() == FetchException.Reason.NETWORK;
            return new DeliveryResult(0, Optional.empty(), retryable, scheme, e.getMessage());
        } catch (IOException e) {
            FetchException f = networkFailure(inbox, e);
            boolean retryable = f.reason() == FetchException.Reason.NETWORK;
            return new DeliveryResult(0, Optional.empty(), retryable, scheme, f.getMessage());
        }
    }

    /** The scheme remembered for {@code host[:port]}, if any. */
    public Optional<Scheme> rememberedScheme(String authority) {
        return Optional.ofNullable(schemes.getIfPresent(authority.toLowerCase(Locale.ROOT)));
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    // --- one request, with the double knock ---

    private record Exchange(Response response, Scheme scheme) {}

    private Exchange exchange(String method, URI uri, Map<String, String> headers, byte[] body, Signer signer)
            throws IOException {
        if (signer == null) {
            return new Exchange(execute(method, uri, headers, body, null, null), null);
        }
        String authority = hostHeader(uri);
        Scheme remembered = schemes.getIfPresent(authority);
        List<Scheme> order = remembered == Scheme.CAVAGE ? List.of(Scheme.CAVAGE, Scheme.RFC9421)
                : List.of(Scheme.RFC9421, Scheme.CAVAGE);
        for (int i = 0; i < order.size(); i++) {
            Scheme scheme = order.get(i);
            Response response = execute(method, uri, headers, body, signer, scheme);
            boolean last = i == order.size() - 1;
            if (refusesSignature(response) && !last) {
                response.close();
                continue;
            }
            if (response.isSuccessful()) {
                schemes.put(authority, scheme);
            }
            return new Exchange(response, scheme);
        }
        throw new IllegalStateException("unreachable");
    }

    private Response execute(String method, URI uri, Map<String, String> headers, byte[] body, Signer signer,
            Scheme scheme) throws IOException {
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("Host", List.of(hostHeader(uri)));
        headers.forEach((k, v) -> h.put(k, List.of(v)));
        HttpMessage message = HttpMessage.request(method, uri, h, body);
        if (signer != null) {
            try {
                message = signer.sign(message, scheme, clock.instant());
            } catch (SignatureException e) {
                throw new IllegalStateException("cannot sign with " + signer + ": " + e.getMessage(), e);
            }
        }
        Request.Builder builder = new Request.Builder().url(uri.toString());
        message.headers().forEach((name, values) -> {
            builder.removeHeader(name);
            for (String value : values) {
                builder.addHeader(name, value);
            }
        });
        builder.header("User-Agent", options.userAgent());
        // No media type on the body: the Content-Type header set above is sent exactly as written.
        builder.method(method, body == null ? null : RequestBody.create(body, null));
        return client.newCall(builder.build()).execute();
    }

    /** 401 and 403 are how servers refuse a signature; some answer 400 and say so in the body. */
    private static boolean refusesSignature(Response response) throws IOException {
        int code = response.code();
        if (code == 401 || code == 403) {
            return true;
        }
        if (code == 400) {
            String text = response.peekBody(ERROR_PEEK_BYTES).string().toLowerCase(Locale.ROOT);
            return text.contains("signature");
        }
        return false;
    }

    // --- the guard ---

    /** Scheme and literal-address rules for one hop (names are judged by the DNS resolver). */
    void checkTarget(URI uri) throws FetchException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new FetchException(FetchException.Reason.SCHEME, uri, "only http(s) URLs are fetched: " + uri);
        }
        if (scheme.equals("http") && !options.allowHttp()) {
            throw new FetchException(FetchException.Reason.SCHEME, uri,
                    "plain http is refused (federation uses https): " + uri);
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new FetchException(FetchException.Reason.SCHEME, uri, "the URL has no host: " + uri);
        }
        if (!allowed.test(uri)) {
            throw new FetchException(FetchException.Reason.REFUSED_BY_APPLICATION, uri, "not contacting " + uri
                    + ": its domain is refused by this server's domain policy");
        }
        Optional<InetAddress> literal = literalAddress(host);
        if (literal.isPresent() && !policy.allows(literal.get())) {
            throw new FetchException(FetchException.Reason.BLOCKED_ADDRESS, uri, "refusing to contact "
                    + literal.get().getHostAddress() + " (" + uri + "): loopback, private or special address and "
                    + "POLITY_ALLOW_PRIVATE_ADDRESSES is false");
        }
    }

    /** The address an IP-literal host names, without any DNS lookup; empty for a name. */
    static Optional<InetAddress> literalAddress(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!IPV4_LITERAL.matcher(h).matches() && h.indexOf(':') < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(h)); // a literal: parsed, never looked up
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static URI resolveLocation(URI current, String location) throws FetchException {
        try {
            URI next = current.resolve(new URI(location.strip()));
            if (next.getFragment() == null && current.getFragment() != null) {
                // RFC 9110 10.2.2: a redirect without a fragment keeps the original one.
                next = new URI(next.getScheme(), next.getRawSchemeSpecificPart(), current.getFragment());
            }
            return next;
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new FetchException(FetchException.Reason.REDIRECT, current,
                    current + " redirected to an invalid Location: " + location);
        }
    }

    private static boolean isRedirect(int code) {
        return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
    }

    // --- reading ---

    private byte[] readLimited(ResponseBody body, URI url) throws IOException {
        long max = options.maxBytes();
        if (body.contentLength() > max) {
            throw new FetchException(FetchException.Reason.TOO_LARGE, url, url + " declares "
                    + body.contentLength() + " bytes, more than the limit of " + max);
        }
        BufferedSource source = body.source();
        if (source.request(max + 1)) {
            throw new FetchException(FetchException.Reason.TOO_LARGE, url, url + " sent more than the limit of "
                    + max + " bytes");
        }
        return source.readByteArray();
    }

    private static String peekError(Response response) {
        try {
            String text = response.peekBody(200).string().strip();
            return text.isEmpty() ? "" : ": " + text.replaceAll("\\s+", " ");
        } catch (IOException e) {
            return "";
        }
    }

    /** Turns a transport failure into a FetchException, recognising the SSRF guard's refusal from DNS. */
    private static FetchException networkFailure(URI url, IOException e) {
        GuardedDns.BlockedAddressException blocked = findBlocked(e, 0);
        if (blocked != null) {
            return new FetchException(FetchException.Reason.BLOCKED_ADDRESS, url, 0,
                    "refusing to contact " + url + ": " + blocked.getMessage(), e);
        }
        String what = e instanceof InterruptedIOException ? "timed out" : "failed";
        return new FetchException(FetchException.Reason.NETWORK, url, 0,
                "fetching " + url + " " + what + ": " + e, e);
    }

    private static GuardedDns.BlockedAddressException findBlocked(Throwable t, int depth) {
        if (t == null || depth > 8) {
            return null;
        }
        if (t instanceof GuardedDns.BlockedAddressException b) {
            return b;
        }
        for (Throwable s : t.getSuppressed()) {
            GuardedDns.BlockedAddressException b = findBlocked(s, depth + 1);
            if (b != null) {
                return b;
            }
        }
        return findBlocked(t.getCause(), depth + 1);
    }

    /** {@code host} or {@code host:port} as OkHttp sends it in {@code Host}: the port only when not the default. */
    static String hostHeader(URI uri) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        int port = uri.getPort();
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        if (port == -1 || (https && port == 443) || (!https && port == 80)) {
            return host;
        }
        return host + ":" + port;
    }
}

package org.polity.server.testing;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.polity.server.PolityServer;
import org.polity.server.config.ConfigLoader;
import org.polity.server.model.Account;
import org.polity.server.service.AccountService;

/**
 * The test rig's instance: a real Polity server on a free loopback port (port 0) with its own data
 * directory; plain HTTP calls that do not follow redirects (so tests see them), and browsers
 * (cookie-keeping clients) for the web flows. Sign-up is open to {@code *.gov.au} unless {@code env} says
 * otherwise. Close it to stop the server.
 */
public final class TestInstance implements AutoCloseable {
    public static final String PASSWORD = "correct horse battery";

    public final PolityServer server;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private TestInstance(PolityServer server) {
        this.server = server;
    }

    public static TestInstance start(Path dataDir) {
        return start(dataDir, Map.of());
    }

    /** {@code extraEnv} adds or overrides {@code POLITY_*} settings. */
    public static TestInstance start(Path dataDir, Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>(Map.of("POLITY_PORT", "0", "POLITY_DATA_DIR", dataDir.toString(),
                "POLITY_BIND", "127.0.0.1", "POLITY_SIGNUP_EMAIL_DOMAINS", "*.gov.au"));
        // Every test client is 127.0.0.1, and a suite makes far more requests than any one person: the rate
        // limits are off unless a test sets them (RateLimitWebTest, InboxRateLimitTest).
        for (org.polity.server.limits.Limits.Rule rule : org.polity.server.limits.Limits.Rule.values()) {
            env.put(ConfigLoader.envName(rule.setting()), "off");
        }
        env.putAll(extraEnv);
        return new TestInstance(PolityServer.start(ConfigLoader.load(Optional.empty(), env)));
    }

    /** An instance that federates over loopback (POLITY_ALLOW_PRIVATE_ADDRESSES=true), for the federation tests. */
    public static TestInstance federating(Path dataDir, Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("POLITY_ALLOW_PRIVATE_ADDRESSES", "true");
        return start(dataDir, env);
    }

    public PolityServer server() {
        return server;
    }

    /** A browser logged in as {@code username} (password {@link #PASSWORD}). */
    public Browser loggedIn(String username) {
        Browser b = browser();
        HttpResponse<String> r = b.logIn(username, PASSWORD);
        if (r.statusCode() != 303) {
            throw new AssertionError("logging in as " + username + " answered " + r.statusCode() + ": " + r.body());
        }
        return b;
    }

    /** A local actor by username. */
    public org.polity.server.model.Actor localActor(String username) {
        return server.polity().actors().findLocal(username).orElseThrow();
    }

    /** An active member and its actor, as stored. */
    public org.polity.server.model.Actor member(String username) {
        long actorId = account(username, "ACTIVE").actorId();
        return server.polity().storage().stores().actors().findActorById(actorId).orElseThrow();
    }

    /**
     * A public note by local {@code author} through the object service (as a client's Create): a reply to
     * {@code inReplyTo} when not null, mentioning {@code mention} (addressed and tagged) when not null. Returns its id.
     */
    public String post(org.polity.server.model.Actor author, String content, String inReplyTo,
            org.polity.server.model.Actor mention) {
        var fed = server.polity().federation();
        var json = org.polity.server.activitypub.Publisher.JSON;
        com.fasterxml.jackson.databind.node.ObjectNode note = json.createObjectNode();
        note.put("type", "Note");
        note.put("attributedTo", author.uri());
        note.put("content", "<p>" + content + "</p>");
        if (inReplyTo != null) {
            note.put("inReplyTo", inReplyTo);
        }
        String pub = "https://www.w3.org/ns/activitystreams#Public";
        note.set("to", mention == null ? org.polity.server.activitypub.Publisher.array(pub)
                : org.polity.server.activitypub.Publisher.array(pub, mention.uri()));
        note.set("cc", org.polity.server.activitypub.Publisher.array(author.followersUri()));
        if (mention != null) {
            com.fasterxml.jackson.databind.node.ObjectNode tag = note.putArray("tag").addObject();
            tag.put("type", "Mention");
            tag.put("href", mention.uri());
        }
        com.fasterxml.jackson.databind.node.ObjectNode create = fed.publisher().activity(author, "Create");
        create.set("object", note);
        create.set("to", note.get("to"));
        create.set("cc", note.get("cc"));
        return fed.objects().create(author, note, create).objectUri();
    }

    /** Waits (up to 20 s) until {@code condition} holds: federation is asynchronous. */
    public static void eventually(String what, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        eventually(what, condition, 20);
    }

    /** {@link #eventually(String, java.util.function.BooleanSupplier)} with another patience, in seconds. */
    public static void eventually(String what, java.util.function.BooleanSupplier condition, int seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting until " + what);
    }

    /**
     * Makes this instance know the signing key {@code keyId} (and its actor) now, as it would after that actor's
     * first delivery: its inbox then checks that actor's requests on the request thread and answers at once,
     * instead of deferring them to the worker to fetch the key (InboxAdmission).
     */
    public void knowsKey(String keyId) {
        try {
            server.polity().federation().resolver().key(keyId, false,
                    org.polity.federation.http.FetchBudget.perRequest());
        } catch (org.polity.federation.http.FetchException e) {
            throw new AssertionError("could not fetch " + keyId + ": " + e.getMessage(), e);
        }
    }

    /** {@code host:port} of the base URL, the domain part of handles. */
    public String authority() {
        return server.polity().uris().authority();
    }

    /** Creates a member with a profile and the given status. */
    public Account account(String username, String displayName, String status, Account.Profile profile) {
        return accounts().create(new AccountService.NewAccount(username, username + "@agency.gov",
                PASSWORD, displayName, profile, ""), Account.Role.MEMBER, Account.Status.valueOf(status));
    }

    public Account account(String username, String status) {
        return account(username, username, status, new Account.Profile("", "", "", "", List.of()));
    }

    /** GETs {@code path} (on the listening port, whatever the base URL) with an optional {@code Accept}. */
    public HttpResponse<String> get(String path, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET();
        if (accept != null) {
            request.header("Accept", accept);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    public Browser browser() {
        return new Browser(this);
    }

    public AccountService accounts() {
        return server.polity().accounts();
    }

    public Account create(String username, Account.Role role, Account.Status status) {
        return accounts().create(new AccountService.NewAccount(username, username + "@agency.gov.au", PASSWORD,
                username + " Example", null, ""), role, status);
    }

    public Account reload(Account account) {
        return accounts().findById(account.id()).orElseThrow();
    }

    @Override
    public void close() {
        server.close();
    }

    /**
     * Closes every instance (or browser, or peer) that started, in order: a null one never did (its
     * {@code @BeforeAll} failed before it). Every one is closed even when one fails; the first failure is thrown.
     */
    public static void closeAll(AutoCloseable... resources) {
        RuntimeException failure = null;
        for (AutoCloseable resource : resources) {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing " + resource + " failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Member {@code follower} here follows {@code username} on {@code target} the way a person does: the search
     * box resolves {@code @username@host} and its form posts the follow. Returns once both instances hold the
     * follow as accepted (the Accept came back).
     */
    public void follow(String follower, TestInstance target, String username) throws InterruptedException {
        org.polity.server.model.Actor followerHere = localActor(follower);
        org.polity.server.model.Actor followedThere = target.localActor(username);
        String search = "/search?q=" + URLEncoder.encode("@" + username + "@" + target.authority(),
                StandardCharsets.UTF_8);
        HttpResponse<String> followed = loggedIn(follower).submit(search, "/follows", Map.of());
        if (followed.statusCode() != 303) {
            throw new AssertionError("following @" + username + " answered " + followed.statusCode() + ": "
                    + followed.body());
        }
        var storesThere = target.server.polity().storage().stores();
        var storesHere = server.polity().storage().stores();
        eventually(username + " holds " + follower + " as an accepted follower", () -> storesThere.actors()
                .findActorByUri(followerHere.uri())
                .flatMap(f -> storesThere.follows().findFollow(f.id(), followedThere.id()))
                .filter(f -> f.state() == org.polity.server.model.Follow.State.ACCEPTED).isPresent());
        eventually(follower + " sees the follow of " + username + " accepted", () -> storesHere.actors()
                .findActorByUri(followedThere.uri())
                .flatMap(f -> storesHere.follows().findFollow(followerHere.id(), f.id()))
                .filter(f -> f.state() == org.polity.server.model.Follow.State.ACCEPTED).isPresent());
    }

    /** A browser: keeps cookies, never follows redirects, asks for HTML. */
    public static final class Browser {
        final TestInstance instance;
        public final CookieManager cookies = new CookieManager();
        final HttpClient client;
        /** The Accept-Language header this browser sends; null for none. */
        public String acceptLanguage;

        Browser(TestInstance instance) {
            this.instance = instance;
            this.client = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(5)).build();
        }

        public HttpResponse<String> get(String path) {
            return send(HttpRequest.newBuilder(instance.uri(path)).header("Accept", "text/html").GET().build());
        }

        public Document page(String path) {
            HttpResponse<String> response = get(path);
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return Jsoup.parse(response.body(), instance.uri(path).toString());
        }

        /** Posts url-encoded fields as they are (no CSRF token added). */
        public HttpResponse<String> post(String path, Map<String, String> fields) {
            return post(path, "application/x-www-form-urlencoded", encode(fields));
        }

        public HttpResponse<String> post(String path, String contentType, String body) {
            return send(HttpRequest.newBuilder(instance.uri(path)).header("Accept", "text/html")
                    .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build());
        }

        /** Posts a body of bytes (a multipart form, say) as it is. */
        public HttpResponse<String> post(String path, String contentType, byte[] body) {
            return send(HttpRequest.newBuilder(instance.uri(path)).header("Accept", "text/html")
                    .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        }

        /**
         * Loads {@code pagePath}, takes the form whose action is {@code action}, fills in {@code fields} over
         * its own inputs (including {@code _csrf}) and submits it.
         */
        public HttpResponse<String> submit(String pagePath, String action, Map<String, String> fields) {
            Document doc = page(pagePath);
            Element form = doc.select("form[action=" + action + "]").first();
            if (form == null) {
                throw new AssertionError("no form with action " + action + " on " + pagePath);
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (Element input : form.select("input[name], textarea[name], select[name]")) {
                String value = input.is("select")
                        ? Optional.ofNullable(input.selectFirst("option[selected]")).map(o -> o.attr("value")).orElse("")
                        : input.is("textarea") ? input.text() : input.attr("value");
                values.put(input.attr("name"), value);
            }
            values.putAll(fields);
            return post(action, values);
        }

        public String csrf(String pagePath) {
            return page(pagePath).select("input[name=_csrf]").first().attr("value");
        }

        public Optional<HttpCookie> cookie(String name) {
            return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name)).findFirst();
        }

        /** Logs in through the form; returns the response (303 on success). */
        public HttpResponse<String> logIn(String login, String password) {
            return submit("/login", "/login", Map.of("login", login, "password", password));
        }

        /** Sends {@code Accept-Language: tags} from now on. */
        public Browser acceptLanguage(String tags) {
            this.acceptLanguage = tags;
            return this;
        }

        private HttpResponse<String> send(HttpRequest request) {
            if (acceptLanguage != null) {
                request = HttpRequest.newBuilder(request, (name, value) -> true)
                        .header("Accept-Language", acceptLanguage).build();
            }
            try {
                return client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new AssertionError(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    public static String encode(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    public static List<String> setCookies(HttpResponse<?> response, String name) {
        return response.headers().allValues("Set-Cookie").stream().filter(h -> h.startsWith(name + "=")).toList();
    }

    public static Document html(HttpResponse<String> response) {
        return Jsoup.parse(response.body());
    }
}

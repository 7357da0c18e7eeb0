package org.polity.server.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.polity.server.Polity;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.translations.ReaderLanguages;

/**
 * What the HTML pages share: the viewer behind the session cookie, the session cookie itself, the page
 * frame and rendering. One per server.
 */
public final class Web {
    public static final String SESSION_COOKIE = "polity_session";
    private static final String VIEWER = "polity.viewer";

    private final Polity polity;
    private final Views views;
    private final Csrf csrf;
    private final boolean secureCookies;

    public Web(Polity polity, Views views, Csrf csrf, boolean secureCookies) {
        this.polity = polity;
        this.views = views;
        this.csrf = csrf;
        this.secureCookies = secureCookies;
    }

    public Polity polity() {
        return polity;
    }

    public Csrf csrf() {
        return csrf;
    }

    /** The logged-in, active account of this request, if any (looked up once per request). */
    public Optional<Account> viewer(Context ctx) {
        Optional<Account> cached = ctx.attribute(VIEWER);
        if (cached == null) {
            cached = polity.sessions().resolve(ctx.cookie(SESSION_COOKIE));
            ctx.attribute(VIEWER, cached);
        }
        return cached;
    }

    /** The viewer, or a redirect to the login page (which comes back here afterwards). */
    public Account requireViewer(Context ctx) {
        return viewer(ctx).orElseThrow(() -> new LoginRequired(ctx.path()));
    }

    public Account requireAdmin(Context ctx) {
        Account account = requireViewer(ctx);
        if (!account.isAdmin()) {
            throw new org.polity.server.service.Forbidden("This page is for administrators.");
        }
        return account;
    }

    /** The viewer when a moderator or an administrator (the moderation queue), else 403. */
    public Account requireModerator(Context ctx) {
        Account account = requireViewer(ctx);
        if (!account.isModerator()) {
            throw new org.polity.server.service.Forbidden(
                    org.polity.server.service.Message.of("moderation.error.moderatorsOnly"));
        }
        return account;
    }

    /** Logs the browser in: a new session, and a new cookie value (no session fixation). */
    public void startSession(Context ctx, Account account) {
        polity.sessions().end(ctx.cookie(SESSION_COOKIE));
        String value = polity.sessions().start(account, ctx.header("User-Agent"));
        ctx.cookie(new Cookie(SESSION_COOKIE, value, "/", -1, secureCookies, true, null, SameSite.LAX));
        ctx.attribute(VIEWER, Optional.of(account));
    }

    public void endSession(Context ctx) {
        polity.sessions().end(ctx.cookie(SESSION_COOKIE));
        ctx.cookie(new Cookie(SESSION_COOKIE, "", "/", 0, secureCookies, true, null, SameSite.LAX));
        ctx.attribute(VIEWER, Optional.<Account>empty());
    }

    public Page page(Context ctx, String title) {
        Account viewer = viewer(ctx).orElse(null);
        Actor viewerActor = viewer == null ? null
                : polity.storage().stores().actors().findActorById(viewer.actorId()).orElse(null);
        Messages messages = messages(ctx);
        return new Page(title, messages.lang(), polity.config().instanceName(), polity.config().country(), viewer,
                viewerActor, csrf.token(ctx), messages,
                viewerActor == null ? 0 : polity.notifications().unread(viewerActor.id()), here(ctx), List.of(),
                contentLanguages(ctx), polity.config().mode() == org.polity.server.config.PolityConfig.Mode.HUB);
    }

    /**
     * The languages this reader reads content in, most wanted first ({@link ReaderLanguages#order}): the "Also in"
     * switch's {@code ?lang=}, the member's chosen language (a visitor's, from the language cookie), the browser's
     * {@code Accept-Language} by weight, the UI's language. Posts, threads, articles and case studies are shown in
     * the first of these they have ({@code Translated.pick}). The response then says {@code Vary: Accept-Language,
     * Cookie}.
     */
    public List<String> contentLanguages(Context ctx) {
        vary(ctx, "Accept-Language", "Cookie");
        Optional<Account> viewer = viewer(ctx);
        return ReaderLanguages.order(ctx.queryParam("lang"), viewer.map(Account::locale).orElse(null),
                ctx.cookie(LANGUAGE_COOKIE), ctx.header("Accept-Language"),
                messages(ctx).lang());
    }

    /** Adds {@code names} to the response's {@code Vary} header, keeping what it says already. */
    public static void vary(Context ctx, String... names) {
        String current = ctx.res().getHeader("Vary");
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>();
        if (current != null) {
            for (String v : current.split(",")) {
                if (!v.isBlank()) {
                    all.add(v.strip());
                }
            }
        }
        for (String n : names) {
            if (all.stream().noneMatch(v -> v.equalsIgnoreCase(n))) {
                all.add(n);
            }
        }
        ctx.header("Vary", String.join(", ", all));
    }

    /** This request's path and query, to come back to after a form elsewhere (the language switcher). */
    private static String here(Context ctx) {
        if (!"GET".equals(ctx.method().name())) {
            return "/";
        }
        String query = ctx.queryString();
        return query == null || query.isEmpty() ? ctx.path() : ctx.path() + "?" + query;
    }

    /** Keeps a visitor's language choice on this browser for a year. */
    public void rememberLanguage(Context ctx, String lang) {
        ctx.cookie(new Cookie(LANGUAGE_COOKIE, lang, "/", 365 * 24 * 3600, secureCookies, false, null, SameSite.LAX));
    }

    /** A page whose title is the UI text for {@code titleKey} in the reader's language. */
    public Page pageTitled(Context ctx, String titleKey, Object... args) {
        return page(ctx, messages(ctx).t(titleKey, args));
    }

    /** The language cookie a visitor's choice is kept in (for a year). */
    public static final String LANGUAGE_COOKIE = "polity_lang";

    /**
     * The reader's language: the one chosen in their settings, else the one chosen on this browser (cookie),
     * else the best match for Accept-Language, else English.
     */
    public Messages messages(Context ctx) {
        Optional<Account> viewer = viewer(ctx);
        if (viewer.isPresent() && Messages.LANGUAGES.contains(viewer.get().locale())) {
            return Messages.of(viewer.get().locale());
        }
        String cookie = ctx.cookie(LANGUAGE_COOKIE);
        if (cookie != null && Messages.LANGUAGES.contains(cookie)) {
            return Messages.of(cookie);
        }
        return Messages.of(Messages.fromAcceptLanguage(ctx.header("Accept-Language")));
    }

    /** Renders {@code template} with {@code page} and the given parameters. */
    public void render(Context ctx, int status, String template, Page page, Map<String, Object> params) {
        Map<String, Object> all = new HashMap<>(params);
        all.put("page", page);
        views.html(ctx, status, template, all);
    }

    public void render(Context ctx, String template, Page page, Map<String, Object> params) {
        render(ctx, 200, template, page, params);
    }

    /** Thrown by pages that need a logged-in viewer; answered with a redirect to the login page. */
    public static final class LoginRequired extends RuntimeException {
        private final String returnTo;

        public LoginRequired(String returnTo) {
            super("log in first");
            this.returnTo = returnTo;
        }

        public String returnTo() {
            return returnTo;
        }
    }
}

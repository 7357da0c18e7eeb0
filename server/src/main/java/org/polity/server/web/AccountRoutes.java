package org.polity.server.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.polity.server.Polity;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.model.ApiToken;
import org.polity.server.service.AccountService;
import org.polity.server.service.Forbidden;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.NotFound;

/**
 * The web account flows: sign-up, log in and out, and the viewer's own settings (profile, password, API
 * tokens). Every form re-renders with the typed values (never passwords) and one sentence per field when
 * the input is wrong; everything goes through {@link AccountService}.
 */
public final class AccountRoutes implements RouteGroup {
    /** Failed logins allowed per IP address and login name in {@link #THROTTLE_WINDOW}. */
    public static final int THROTTLE_LIMIT = 10;
    public static final Duration THROTTLE_WINDOW = Duration.ofMinutes(15);
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final Web web;
    private final Polity polity;
    private final LoginThrottle throttle;
    private final List<FormState.Option> countries;

    public AccountRoutes(Web web) {
        this.web = web;
        this.polity = web.polity();
        this.throttle = new LoginThrottle(THROTTLE_LIMIT, THROTTLE_WINDOW, polity.clock());
        this.countries = countryOptions(polity.config().country());
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/signup", this::signupForm);
        routes.post("/signup", this::signup);
        routes.get("/login", this::loginForm);
        routes.post("/login", this::login);
        routes.post("/logout", this::logout);
        routes.get("/settings/profile", this::profileForm);
        routes.post("/settings/profile", this::saveProfile);
        routes.get("/settings/password", this::passwordForm);
        routes.post("/settings/password", this::changePassword);
        routes.get("/settings/tokens", this::tokens);
        routes.post("/settings/tokens", this::createToken);
        routes.post("/settings/tokens/{id}/revoke", this::revokeToken);
    }

    // ---- sign-up

    private void signupForm(Context ctx) {
        renderSignup(ctx, 200, FormState.of(Map.of("country", polity.config().country())));
    }

    private void signup(Context ctx) {
        Map<String, String> values = fields(ctx, "username", "email", "displayName", "organisation", "jobTitle",
                "country", "reason");
        if (polity.config().signupEmailDomains().isEmpty()) {
            renderSignup(ctx, 403, FormState.of(values));
            return;
        }
        String password = Objects.requireNonNullElse(ctx.formParam("password"), "");
        if (!password.equals(Objects.requireNonNullElse(ctx.formParam("passwordConfirm"), ""))) {
            renderSignup(ctx, 422, new FormState(values, Map.of("passwordConfirm",
                    "The two passwords differ; type the same password in both fields.")));
            return;
        }
        Account account;
        try {
            account = polity.accounts().signUp(new AccountService.NewAccount(values.get("username"),
                    values.get("email"), password, values.get("displayName"),
                    new Account.Profile(values.get("organisation"), values.get("jobTitle"), values.get("country"), "",
                            List.of()),
                    values.get("reason")));
        } catch (InvalidInput e) {
            renderSignup(ctx, 422, new FormState(values, e.errors()));
            return;
        }
        if (account.isActive()) {
            web.startSession(ctx, account);
            ctx.redirect("/", HttpStatus.SEE_OTHER);
            return;
        }
        String username = polity.storage().stores().actors().findActorById(account.actorId())
                .map(Actor::username).orElse("");
        noStore(ctx);
        web.render(ctx, 200, "accounts/signupDone.jte", web.page(ctx, "Application received"),
                Map.of("username", username, "email", account.email()));
    }

    private void renderSignup(Context ctx, int status, FormState form) {
        noStore(ctx);
        web.render(ctx, status, "accounts/signup.jte", web.page(ctx, title("Sign up", form)), Map.of(
                "form", form,
                "domains", polity.config().signupEmailDomains(),
                "approval", polity.config().signupApproval(),
                "countries", countries));
    }

    // ---- log in and out

    private void loginForm(Context ctx) {
        renderLogin(ctx, 200, FormState.empty(), safeNext(ctx.queryParam("next")), null);
    }

    private void login(Context ctx) {
        String login = Objects.requireNonNullElse(ctx.formParam("login"), "").strip();
        String password = Objects.requireNonNullElse(ctx.formParam("password"), "");
        String next = safeNext(ctx.formParam("next"));
        FormState form = FormState.of(Map.of("login", login));
        InvalidInput.Collector missing = new InvalidInput.Collector();
        if (login.isEmpty()) {
            missing.add("login", "Enter your username or e-mail address.");
        }
        if (password.isEmpty()) {
            missing.add("password", "Enter your password.");
        }
        try {
            missing.throwIfAny();
        } catch (InvalidInput e) {
            renderLogin(ctx, 422, form.withErrors(e.errors()), next, null);
            return;
        }
        String ip = ctx.ip();
        if (throttle.blocked(ip, login)) {
            long minutes = Math.max(1, (throttle.retryAfterSeconds(ip, login) + 59) / 60);
            ctx.header("Retry-After", Long.toString(throttle.retryAfterSeconds(ip, login)));
            renderLogin(ctx, 429, form, next, "Too many failed attempts to log in as this user from your network. "
                    + "Wait " + minutes + " minute" + (minutes == 1 ? "" : "s")
                    + " and try again, or ask an administrator for help.");
            return;
        }
        AccountService.LoginResult result = polity.accounts().logIn(login, password);
        switch (result.outcome()) {
            case OK -> {
                throttle.succeeded(ip, login);
                web.startSession(ctx, result.account());
                ctx.redirect(next, HttpStatus.SEE_OTHER);
            }
            case BAD_CREDENTIALS -> {
                throttle.failed(ip, login);
                renderLogin(ctx, 401, form.withErrors(Map.of("login", "Wrong username or password.")), next, null);
            }
            case PENDING -> renderLogin(ctx, 403, form, next, "Your account is awaiting approval by an "
                    + "administrator. You can log in once it has been approved.");
            case DISABLED -> renderLogin(ctx, 403, form, next, "This account is disabled: it was suspended or its "
                    + "application was not approved. Contact the administrators of this instance if you think "
                    + "this is a mistake.");
        }
    }

    private void renderLogin(Context ctx, int status, FormState form, String next, String notice) {
        noStore(ctx);
        Map<String, Object> params = new HashMap<>();
        params.put("form", form);
        params.put("next", next);
        params.put("notice", notice);
        web.render(ctx, status, "accounts/login.jte", web.page(ctx, title("Log in", form)), params);
    }

    private void logout(Context ctx) {
        web.endSession(ctx);
        ctx.redirect("/", HttpStatus.SEE_OTHER);
    }

    /**
     * Where to go after logging in: only a path on this site. Anything else ({@code //host}, {@code /\host},
     * a scheme, control characters) becomes {@code /}, so the login page cannot be used as an open redirect.
     */
    static String safeNext(String next) {
        if (next == null || next.isEmpty() || next.length() > 2000 || next.charAt(0) != '/') {
            return "/";
        }
        if (next.length() > 1 && (next.charAt(1) == '/' || next.charAt(1) == '\\')) {
            return "/";
        }
        for (int i = 0; i < next.length(); i++) {
            char c = next.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                return "/";
            }
        }
        return next;
    }

    // ---- profile

    private void profileForm(Context ctx) {
        Account viewer = web.requireViewer(ctx);
        Actor actor = actorOf(viewer);
        Account.Profile p = viewer.profile();
        Map<String, String> values = new HashMap<>();
        values.put("displayName", actor.displayName());
        values.put("organisation", p.organisation());
        values.put("jobTitle", p.jobTitle());
        values.put("country", p.country());
        values.put("bio", p.bioSource());
        values.put("expertise", String.join(", ", p.expertise()));
        renderProfile(ctx, 200, viewer, actor, FormState.of(values), ctx.queryParam("saved") != null);
    }

    private void saveProfile(Context ctx) {
        Account viewer = web.requireViewer(ctx);
        Map<String, String> values = fields(ctx, "displayName", "organisation", "jobTitle", "country", "bio",
                "expertise");
        List<String> expertise = Arrays.stream(values.get("expertise").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        try {
            polity.accounts().updateProfile(viewer, values.get("displayName"), new Account.Profile(
                    values.get("organisation"), values.get("jobTitle"), values.get("country"), values.get("bio"),
                    expertise));
        } catch (InvalidInput e) {
            renderProfile(ctx, 422, viewer, actorOf(viewer), new FormState(values, e.errors()), false);
            return;
        }
        ctx.redirect("/settings/profile?saved=1", HttpStatus.SEE_OTHER);
    }

    private void renderProfile(Context ctx, int status, Account viewer, Actor actor, FormState form, boolean saved) {
        noStore(ctx);
        web.render(ctx, status, "accounts/profile.jte", web.page(ctx, title("Your profile", form)), Map.of(
                "form", form, "account", viewer, "actor", actor, "saved", saved, "countries", countries));
    }

    private Actor actorOf(Account account) {
        return polity.storage().stores().actors().findActorById(account.actorId())
                .orElseThrow(() -> new NotFound("This account has no profile."));
    }

    // ---- password

    private void passwordForm(Context ctx) {
        web.requireViewer(ctx);
        renderPassword(ctx, 200, FormState.empty(), ctx.queryParam("changed") != null);
    }

    private void changePassword(Context ctx) {
        Account viewer = web.requireViewer(ctx);
        String current = Objects.requireNonNullElse(ctx.formParam("current"), "");
        String replacement = Objects.requireNonNullElse(ctx.formParam("password"), "");
        if (!replacement.equals(Objects.requireNonNullElse(ctx.formParam("passwordConfirm"), ""))) {
            renderPassword(ctx, 422, new FormState(Map.of(), Map.of("passwordConfirm",
                    "The two new passwords differ; type the same password in both fields.")), false);
            return;
        }
        try {
            polity.accounts().changePassword(viewer, current, replacement);
        } catch (InvalidInput e) {
            renderPassword(ctx, 422, new FormState(Map.of(), e.errors()), false);
            return;
        }
        // Other browsers logged in with the old password are logged out; this one gets a fresh session.
        polity.sessions().endAll(viewer);
        web.startSession(ctx, viewer);
        ctx.redirect("/settings/password?changed=1", HttpStatus.SEE_OTHER);
    }

    private void renderPassword(Context ctx, int status, FormState form, boolean changed) {
        noStore(ctx);
        web.render(ctx, status, "accounts/password.jte", web.page(ctx, title("Change your password", form)),
                Map.of("form", form, "changed", changed));
    }

    // ---- API tokens

    /** A token as the settings page lists it. */
    public record TokenView(long id, String name, String created, String createdIso, String lastUsed) {
        static TokenView of(ApiToken t) {
            return new TokenView(t.id(), t.name(), DATE.format(t.createdAt()), t.createdAt().toString(),
                    t.lastUsedAt() == null ? "Never" : DATE.format(t.lastUsedAt()));
        }
    }

    private void tokens(Context ctx) {
        Account viewer = web.requireViewer(ctx);
        renderTokens(ctx, 200, viewer, FormState.empty(), null, null, ctx.queryParam("revoked") != null);
    }

    private void createToken(Context ctx) {
        Account viewer = web.requireViewer(ctx);
        String name = Objects.requireNonNullElse(ctx.formParam("name"), "");
        String token;
        try {
            token = polity.accounts().createToken(viewer.id(), name);
        } catch (InvalidInput e) {
            renderTokens(ctx, 422, viewer, new FormState(Map.of("name", name), e.errors()), null, null, false);
            return;
        }
        // Shown once, in this response only; never cached.
        renderTokens(ctx, 201, viewer, FormState.empty(), token, name.strip(), false);
    }

    private void revokeToken(Context ctx) {
        Account viewer = web.requireViewer(ctx);
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new NotFound("No such token.");
        }
        if (!polity.accounts().revokeToken(viewer, id)) {
            throw new NotFound("You have no token with that number; it may have been revoked already.");
        }
        ctx.redirect("/settings/tokens?revoked=1", HttpStatus.SEE_OTHER);
    }

    private void renderTokens(Context ctx, int status, Account viewer, FormState form, String newToken,
            String newTokenName, boolean revoked) {
        noStore(ctx);
        Map<String, Object> params = new HashMap<>();
        params.put("form", form);
        params.put("tokens", polity.accounts().tokens(viewer).stream().map(TokenView::of).toList());
        params.put("newToken", newToken);
        params.put("newTokenName", newTokenName);
        params.put("revoked", revoked);
        web.render(ctx, status, "accounts/tokens.jte", web.page(ctx, title("API tokens", form)), params);
    }

    // ---- shared

    /** The named form fields, absent ones as empty strings. */
    static Map<String, String> fields(Context ctx, String... names) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : names) {
            values.put(name, Objects.requireNonNullElse(ctx.formParam(name), ""));
        }
        return values;
    }

    /** Pages with personal data or one-time secrets are not kept by browsers or proxies. */
    static void noStore(Context ctx) {
        ctx.header("Cache-Control", "no-store");
    }

    private static String title(String title, FormState form) {
        return form.hasErrors() ? "Error: " + title : title;
    }

    static String date(Instant instant) {
        return instant == null ? "" : DATE.format(instant);
    }

    /** Every ISO 3166-1 country by its English name; the instance's own first. */
    private static List<FormState.Option> countryOptions(String instanceCountry) {
        Map<String, String> byCode = new LinkedHashMap<>();
        Arrays.stream(Locale.getISOCountries())
                .map(code -> new FormState.Option(code, new Locale("", code).getDisplayCountry(Locale.ENGLISH)))
                .sorted(Comparator.comparing(FormState.Option::label))
                .forEach(o -> byCode.put(o.value(), o.label()));
        Map<String, String> ordered = new LinkedHashMap<>();
        if (byCode.containsKey(instanceCountry)) {
            ordered.put(instanceCountry, byCode.get(instanceCountry));
        } else {
            ordered.put("", "This instance's country (" + instanceCountry + ")");
        }
        ordered.putAll(byCode);
        return FormState.options(ordered);
    }
}

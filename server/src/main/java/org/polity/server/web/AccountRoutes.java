package org.polity.server.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.polity.server.Polity;
import org.polity.server.limits.Limits;
import org.polity.server.limits.RateLimited;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.service.Message;
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

    private final Web web;
    private final Polity polity;
    private final LoginThrottle throttle;
    private final Map<String, List<FormState.Option>> countries = new java.util.concurrent.ConcurrentHashMap<>();

    public AccountRoutes(Web web) {
        this.web = web;
        this.polity = web.polity();
        this.throttle = new LoginThrottle(THROTTLE_LIMIT, THROTTLE_WINDOW, polity.clock());
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
        // Before anything is checked or stored: a refused sign-up leaves no account and no approval request.
        polity.limits().enforce(Limits.Rule.SIGNUP_PER_IP, polity.limits().clientAddress(ctx));
        Map<String, String> values = fields(ctx, "username", "email", "displayName", "organisation", "jobTitle",
                "country", "reason");
        if (polity.settings().signupEmailDomains().isEmpty()) {
            renderSignup(ctx, 403, FormState.of(values));
            return;
        }
        String password = Objects.requireNonNullElse(ctx.formParam("password"), "");
        if (!password.equals(Objects.requireNonNullElse(ctx.formParam("passwordConfirm"), ""))) {
            renderSignup(ctx, 422, new FormState(values, Map.of("passwordConfirm",
                    web.messages(ctx).t("accounts.signup.passwordsDiffer"))));
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
            renderSignup(ctx, 422, new FormState(values, localized(ctx, e)));
            return;
        }
        if (account.isActive()) {
            web.startSession(ctx, account);
            ctx.redirect(MEMBER_HOME, HttpStatus.SEE_OTHER);
            return;
        }
        String username = polity.storage().stores().actors().findActorById(account.actorId())
                .map(Actor::username).orElse("");
        noStore(ctx);
        web.render(ctx, 200, "accounts/signupDone.jte", web.pageTitled(ctx, "accounts.signupDone.title"),
                Map.of("username", username, "email", account.email()));
    }

    private void renderSignup(Context ctx, int status, FormState form) {
        noStore(ctx);
        web.render(ctx, status, "accounts/signup.jte", title(ctx, "accounts.signup.title", form), Map.of(
                "form", form,
                "domains", polity.settings().signupEmailDomains(),
                "approval", polity.settings().signupApproval(),
                "countries", countries(ctx)));
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
        Messages m = web.messages(ctx);
        Map<String, String> missing = new LinkedHashMap<>();
        if (login.isEmpty()) {
            missing.put("login", m.t("accounts.login.enterLogin"));
        }
        if (password.isEmpty()) {
            missing.put("password", m.t("accounts.login.enterPassword"));
        }
        if (!missing.isEmpty()) {
            renderLogin(ctx, 422, form.withErrors(missing), next, null);
            return;
        }
        String ip = polity.limits().clientAddress(ctx);
        // Every attempt counts here, right or wrong; the throttle below counts the wrong ones per login name.
        java.util.OptionalLong wait = polity.limits().acquire(Limits.Rule.LOGIN_PER_IP, ip);
        if (wait.isPresent()) {
            ctx.header("Retry-After", Long.toString(wait.getAsLong()));
            renderLogin(ctx, 429, form, next, RateLimited.localized(m, wait.getAsLong()));
            return;
        }
        if (throttle.blocked(ip, login)) {
            long minutes = Math.max(1, (throttle.retryAfterSeconds(ip, login) + 59) / 60);
            ctx.header("Retry-After", Long.toString(throttle.retryAfterSeconds(ip, login)));
            renderLogin(ctx, 429, form, next, m.t("accounts.login.throttled", minutes));
            return;
        }
        AccountService.LoginResult result = polity.accounts().logIn(login, password);
        switch (result.outcome()) {
            case OK -> {
                throttle.succeeded(ip, login);
                web.startSession(ctx, result.account());
                // Without a page to return to, members land on their home feed.
                ctx.redirect("/".equals(next) ? MEMBER_HOME : next, HttpStatus.SEE_OTHER);
            }
            case BAD_CREDENTIALS -> {
                throttle.failed(ip, login);
                renderLogin(ctx, 401, form.withErrors(Map.of("login", m.t("accounts.login.wrong"))), next, null);
            }
            case PENDING -> renderLogin(ctx, 403, form, next, m.t("accounts.login.pending"));
            case DISABLED -> renderLogin(ctx, 403, form, next, m.t("accounts.login.disabled"));
        }
    }

    private void renderLogin(Context ctx, int status, FormState form, String next, String notice) {
        noStore(ctx);
        Map<String, Object> params = new HashMap<>();
        params.put("form", form);
        params.put("next", next);
        params.put("notice", notice);
        web.render(ctx, status, "accounts/login.jte", title(ctx, "accounts.login.title", form), params);
    }

    private void logout(Context ctx) {
        web.endSession(ctx);
        ctx.redirect("/", HttpStatus.SEE_OTHER);
    }

    /**
     * Where to go after logging in: only a path on this site. Anything else ({@code //host}, {@code /\host},
     * a scheme, control characters) becomes {@code /}, so the login page cannot be used as an open redirect.
     */
    /** Where a member lands after logging in or signing up, when no other page asked for them. */
    static final String MEMBER_HOME = "/home";

    public static String safeNext(String next) {
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
            renderProfile(ctx, 422, viewer, actorOf(viewer), new FormState(values, localized(ctx, e)), false);
            return;
        }
        ctx.redirect("/settings/profile?saved=1", HttpStatus.SEE_OTHER);
    }

    private void renderProfile(Context ctx, int status, Account viewer, Actor actor, FormState form, boolean saved) {
        noStore(ctx);
        web.render(ctx, status, "accounts/profile.jte", title(ctx, "accounts.profile.title", form), Map.of(
                "form", form, "account", viewer, "actor", actor, "saved", saved, "countries", countries(ctx)));
    }

    private Actor actorOf(Account account) {
        return polity.storage().stores().actors().findActorById(account.actorId())
                .orElseThrow(() -> new NotFound(Message.of("svc.profile.none")));
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
                    web.messages(ctx).t("accounts.password.differ"))), false);
            return;
        }
        try {
            polity.accounts().changePassword(viewer, current, replacement);
        } catch (InvalidInput e) {
            renderPassword(ctx, 422, new FormState(Map.of(), localized(ctx, e)), false);
            return;
        }
        // Other browsers logged in with the old password are logged out; this one gets a fresh session.
        polity.sessions().endAll(viewer);
        web.startSession(ctx, viewer);
        ctx.redirect("/settings/password?changed=1", HttpStatus.SEE_OTHER);
    }

    private void renderPassword(Context ctx, int status, FormState form, boolean changed) {
        noStore(ctx);
        web.render(ctx, status, "accounts/password.jte", title(ctx, "accounts.password.title", form),
                Map.of("form", form, "changed", changed));
    }

    // ---- API tokens

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
            renderTokens(ctx, 422, viewer, new FormState(Map.of("name", name), localized(ctx, e)), null, null, false);
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
            throw new NotFound(Message.of("svc.token.none"));
        }
        if (!polity.accounts().revokeToken(viewer, id)) {
            throw new NotFound(Message.of("svc.token.unknown"));
        }
        ctx.redirect("/settings/tokens?revoked=1", HttpStatus.SEE_OTHER);
    }

    private void renderTokens(Context ctx, int status, Account viewer, FormState form, String newToken,
            String newTokenName, boolean revoked) {
        noStore(ctx);
        Map<String, Object> params = new HashMap<>();
        params.put("form", form);
        params.put("tokens", polity.accounts().tokens(viewer));
        params.put("newToken", newToken);
        params.put("newTokenName", newTokenName);
        params.put("revoked", revoked);
        web.render(ctx, status, "accounts/tokens.jte", title(ctx, "accounts.tokens.title", form), params);
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

    /** The page, titled in the reader's language, with "Error: " in front when the form has errors. */
    private Page title(Context ctx, String titleKey, FormState form) {
        Messages m = web.messages(ctx);
        String title = m.t(titleKey);
        return web.page(ctx, form.hasErrors() ? m.t("accounts.form.errorTitle", title) : title);
    }

    /** A service's field errors in the reader's language, where the message files know the sentence. */
    private Map<String, String> localized(Context ctx, InvalidInput e) {
        return web.messages(ctx).errors(e);
    }

    private List<FormState.Option> countries(Context ctx) {
        Messages m = web.messages(ctx);
        return countries.computeIfAbsent(m.lang(), lang -> countryOptions(polity.config().country(), m));
    }

    /** Every ISO 3166-1 country by its name in the reader's language; the instance's own first. */
    private static List<FormState.Option> countryOptions(String instanceCountry, Messages m) {
        Map<String, String> byCode = new LinkedHashMap<>();
        java.text.Collator collator = java.text.Collator.getInstance(m.locale());
        Arrays.stream(Locale.getISOCountries())
                .map(code -> new FormState.Option(code, new Locale("", code).getDisplayCountry(m.locale())))
                .sorted(Comparator.comparing(FormState.Option::label, collator))
                .forEach(o -> byCode.put(o.value(), o.label()));
        Map<String, String> ordered = new LinkedHashMap<>();
        if (byCode.containsKey(instanceCountry)) {
            ordered.put(instanceCountry, byCode.get(instanceCountry));
        } else {
            ordered.put("", m.t("accounts.country.instance", instanceCountry));
        }
        ordered.putAll(byCode);
        return FormState.options(ordered);
    }
}

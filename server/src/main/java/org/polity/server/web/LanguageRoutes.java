package org.polity.server.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;
import java.util.Objects;
import org.polity.server.model.Account;
import org.polity.server.service.Message;
import org.polity.server.service.InvalidInput;

/**
 * The reader's language: the footer switcher on every page (anyone; kept in the {@code polity_lang} cookie,
 * and in the member's settings when logged in, since those win over the cookie) and the member's own
 * setting at {@code /settings/language}.
 */
public final class LanguageRoutes implements RouteGroup {
    private final Web web;

    public LanguageRoutes(Web web) {
        this.web = web;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/language", this::switchLanguage);
        routes.get("/settings/language", this::form);
        routes.post("/settings/language", this::save);
    }

    /** The footer switcher: remembers the language and goes back to the (local) page it came from. */
    private void switchLanguage(Context ctx) {
        String lang = Objects.requireNonNullElse(ctx.formParam("lang"), "");
        String next = AccountRoutes.safeNext(ctx.formParam("next"));
        if (!Messages.LANGUAGES.contains(lang)) {
            throw InvalidInput.of("lang", Message.of("accounts.language.invalid"));
        }
        web.rememberLanguage(ctx, lang);
        web.viewer(ctx).ifPresent(viewer -> web.polity().accounts().setLocale(viewer, lang));
        ctx.redirect(next, HttpStatus.SEE_OTHER);
    }

    private void form(Context ctx) {
        Account viewer = web.requireViewer(ctx);
        render(ctx, 200, viewer.locale(), FormState.empty(), ctx.queryParam("saved") != null);
    }

    private void save(Context ctx) {
        Account viewer = web.requireViewer(ctx);
        String lang = Objects.requireNonNullElse(ctx.formParam("locale"), "");
        try {
            web.polity().accounts().setLocale(viewer, lang);
        } catch (InvalidInput e) {
            render(ctx, 422, viewer.locale(), new FormState(Map.of(), web.messages(ctx).errors(e)),
                    false);
            return;
        }
        if (!lang.isEmpty()) {
            web.rememberLanguage(ctx, lang);
        }
        ctx.redirect("/settings/language?saved=1", HttpStatus.SEE_OTHER);
    }

    private void render(Context ctx, int status, String current, FormState form, boolean saved) {
        AccountRoutes.noStore(ctx);
        Messages m = web.messages(ctx);
        String title = m.t("accounts.language.title");
        web.render(ctx, status, "accounts/language.jte",
                web.page(ctx, form.hasErrors() ? m.t("accounts.form.errorTitle", title) : title),
                Map.of("form", form, "current", current == null ? "" : current, "saved", saved));
    }
}

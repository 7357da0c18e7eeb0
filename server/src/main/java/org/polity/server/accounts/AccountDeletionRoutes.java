package org.polity.server.accounts;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.polity.server.Polity;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.Message;
import org.polity.server.service.NotFound;
import org.polity.server.web.FormState;
import org.polity.server.web.Messages;
import org.polity.server.web.RouteGroup;
import org.polity.server.web.Web;

/**
 * {@code /settings/delete}: a member deletes their own account, typing their password again;
 * {@code /admin/accounts/{username}/delete}: an administrator deletes someone's, with a reason for the audit log.
 * Both go through {@link AccountDeletion}.
 */
public final class AccountDeletionRoutes implements RouteGroup {
    private final Web web;
    private final Polity polity;
    private final AccountDeletion deletion;

    public AccountDeletionRoutes(Web web) {
        this.web = web;
        this.polity = web.polity();
        this.deletion = new AccountDeletion(polity);
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/settings/delete", ctx -> render(ctx, 200, web.requireViewer(ctx), null, FormState.empty()));
        routes.post("/settings/delete", this::deleteOwn);
        routes.get("/admin/accounts/{username}/delete", ctx -> {
            web.requireAdmin(ctx);
            render(ctx, 200, target(ctx), target(ctx), FormState.empty());
        });
        routes.post("/admin/accounts/{username}/delete", this::deleteByAdmin);
    }

    private void deleteOwn(Context ctx) {
        Account viewer = web.requireViewer(ctx);
        try {
            deletion.deleteOwn(viewer, Objects.requireNonNullElse(ctx.formParam("password"), ""));
        } catch (InvalidInput e) {
            render(ctx, 422, viewer, null, new FormState(Map.of(), web.messages(ctx).errors(e)));
            return;
        }
        String handle = handle(viewer);
        web.endSession(ctx);
        done(ctx, handle);
    }

    private void deleteByAdmin(Context ctx) {
        Account admin = web.requireAdmin(ctx);
        Account target = target(ctx);
        String reason = Objects.requireNonNullElse(ctx.formParam("reason"), "");
        String handle = handle(target);
        try {
            deletion.deleteByAdmin(admin, target.id(), reason);
        } catch (InvalidInput e) {
            render(ctx, 422, target, target, new FormState(Map.of("reason", reason), web.messages(ctx).errors(e)));
            return;
        }
        done(ctx, handle);
    }

    private Account target(Context ctx) {
        String name = ctx.pathParam("username").toLowerCase(Locale.ROOT);
        return polity.accounts().findByUsername(name).filter(a -> a.status() != Account.Status.DELETED)
                .orElseThrow(() -> new NotFound(Message.of("svc.account.none")));
    }

    private String handle(Account account) {
        return polity.storage().stores().actors().findActorById(account.actorId()).map(Actor::acct).orElse("?");
    }

    private void render(Context ctx, int status, Account whose, Account byAdmin, FormState form) {
        ctx.header("Cache-Control", "no-store");
        Messages m = web.messages(ctx);
        String title = m.t("invitations.delete.title");
        Map<String, Object> params = new HashMap<>();
        params.put("form", form);
        params.put("handle", handle(whose));
        params.put("admin", byAdmin != null);
        params.put("action", byAdmin == null ? "/settings/delete"
                : "/admin/accounts/" + polity.storage().stores().actors().findActorById(byAdmin.actorId())
                        .map(Actor::username).orElse("") + "/delete");
        web.render(ctx, status, "accounts/deleteAccount.jte",
                web.page(ctx, form.hasErrors() ? m.t("accounts.form.errorTitle", title) : title), params);
    }

    private void done(Context ctx, String handle) {
        ctx.header("Cache-Control", "no-store");
        web.render(ctx, 200, "accounts/deleted.jte", web.pageTitled(ctx, "invitations.deleted.title"),
                Map.of("handle", handle));
    }
}

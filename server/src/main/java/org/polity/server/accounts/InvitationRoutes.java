package org.polity.server.accounts;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.polity.server.Polity;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.service.Forbidden;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.Message;
import org.polity.server.service.NotFound;
import org.polity.server.web.FormState;
import org.polity.server.web.Messages;
import org.polity.server.web.RouteGroup;
import org.polity.server.web.Web;

/**
 * {@code /admin/invitations}: administrators create, list (everyone's) and revoke invitation links, and let members
 * invite; {@code /settings/invitations}: a member's own links, when administrators allow members to invite. The
 * link ({@code /signup?invite=TOKEN}) is shown once, right after it is made.
 */
public final class InvitationRoutes implements RouteGroup {
    static final String ADMIN = "/admin/invitations";
    static final String MEMBER = "/settings/invitations";

    private final Web web;
    private final Polity polity;
    private final Invitations invitations;

    public InvitationRoutes(Web web) {
        this.web = web;
        this.polity = web.polity();
        this.invitations = new Invitations(polity);
    }

    /** One link as the list shows it. */
    public record Row(long id, String creator, String note, int uses, int maxUses, Instant createdAt,
            Instant expiresAt, String state) {}

    @Override
    public void register(RoutesConfig routes) {
        routes.get(ADMIN, ctx -> page(ctx, web.requireAdmin(ctx), true));
        routes.post(ADMIN, ctx -> create(ctx, web.requireAdmin(ctx), true));
        routes.post(ADMIN + "/members", this::membersInvite);
        routes.post(ADMIN + "/{id}/revoke", ctx -> revoke(ctx, web.requireAdmin(ctx), true));
        routes.get(MEMBER, ctx -> page(ctx, member(ctx), false));
        routes.post(MEMBER, ctx -> create(ctx, member(ctx), false));
        routes.post(MEMBER + "/{id}/revoke", ctx -> revoke(ctx, member(ctx), false));
    }

    private Account member(Context ctx) {
        Account viewer = web.requireViewer(ctx);
        if (!invitations.mayInvite(viewer)) {
            throw new Forbidden(Message.of("invitations.svc.notAllowed"));
        }
        return viewer;
    }

    private void page(Context ctx, Account viewer, boolean admin) {
        Map<String, String> values = new HashMap<>();
        values.put("maxUses", "1");
        values.put("validDays", "7");
        render(ctx, 200, viewer, admin, FormState.of(values), null,
                ctx.queryParam("revoked") != null ? "invitations.page.revoked"
                        : ctx.queryParam("saved") != null ? "invitations.page.saved" : null);
    }

    private void create(Context ctx, Account viewer, boolean admin) {
        Map<String, String> values = new HashMap<>();
        for (String name : List.of("maxUses", "validDays", "note")) {
            values.put(name, Objects.requireNonNullElse(ctx.formParam(name), "").strip());
        }
        Messages m = web.messages(ctx);
        Map<String, String> errors = new HashMap<>();
        int maxUses = number(values.get("maxUses"));
        int validDays = number(values.get("validDays"));
        Invitations.Created created;
        try {
            created = invitations.create(viewer, maxUses, validDays, values.get("note"));
        } catch (InvalidInput e) {
            errors.putAll(m.errors(e));
            render(ctx, 422, viewer, admin, new FormState(values, errors), null, null);
            return;
        }
        String link = polity.uris().base().resolve("/signup?invite=" + created.token()).toString();
        render(ctx, 201, viewer, admin, FormState.of(Map.of("maxUses", "1", "validDays", "7")), link, null);
    }

    private void revoke(Context ctx, Account viewer, boolean admin) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new NotFound(Message.of("invitations.svc.none"));
        }
        invitations.revoke(viewer, id);
        ctx.redirect((admin ? ADMIN : MEMBER) + "?revoked=" + id, HttpStatus.SEE_OTHER);
    }

    private void membersInvite(Context ctx) {
        Account admin = web.requireAdmin(ctx);
        invitations.setMembersInvite(admin, ctx.formParam("membersInvite") != null);
        ctx.redirect(ADMIN + "?saved=1", HttpStatus.SEE_OTHER);
    }

    private void render(Context ctx, int status, Account viewer, boolean admin, FormState form, String link,
            String noticeKey) {
        ctx.header("Cache-Control", "no-store");
        Messages m = web.messages(ctx);
        Instant now = polity.clock().instant();
        List<Row> rows = invitations.list(viewer, admin).stream().map(i -> new Row(i.id(),
                polity.storage().stores().actors().findActorById(i.createdBy()).map(Actor::acct).orElse("?"),
                i.note(), i.uses(), i.maxUses(), i.createdAt(), i.expiresAt(),
                m.t("invitations.status." + i.state(now).name().toLowerCase(java.util.Locale.ROOT)))).toList();
        Map<String, Object> params = new HashMap<>();
        params.put("form", form);
        params.put("rows", rows);
        params.put("link", link);
        params.put("admin", admin);
        params.put("membersInvite", polity.settings().membersInvite());
        params.put("base", admin ? ADMIN : MEMBER);
        params.put("notice", noticeKey == null ? null : m.t(noticeKey));
        String title = m.t("invitations.page.title");
        web.render(ctx, status, "accounts/invitations.jte",
                web.page(ctx, form.hasErrors() ? m.t("accounts.form.errorTitle", title) : title), params);
    }

    private static int number(String raw) {
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}

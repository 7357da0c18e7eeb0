package org.polity.server.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.polity.server.Polity;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.service.Message;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.NotFound;

/** Administrators' pages: the sign-up approval queue and the instance settings. */
public final class AdminRoutes implements RouteGroup {
    static final int QUEUE_PAGE = 200;

    private final Web web;
    private final Polity polity;

    public AdminRoutes(Web web) {
        this.web = web;
        this.polity = web.polity();
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/admin/approvals", this::approvals);
        routes.post("/admin/approvals/{id}", this::decide);
        routes.get("/admin/settings", this::settingsForm);
        routes.post("/admin/settings", this::saveSettings);
    }

    // ---- instance settings

    private void settingsForm(Context ctx) {
        web.requireAdmin(ctx);
        org.polity.server.service.InstanceSettings s = polity.settings();
        Map<String, String> values = new HashMap<>();
        values.put("domains", String.join("\n", s.signupEmailDomains()));
        values.put("approval", Boolean.toString(s.signupApproval()));
        values.put("description", s.description());
        values.put("memberGroups", Boolean.toString(s.membersCreateGroups()));
        renderSettings(ctx, 200, FormState.of(values), ctx.queryParam("saved") != null);
    }

    private void saveSettings(Context ctx) {
        Account admin = web.requireAdmin(ctx);
        Map<String, String> values = AccountRoutes.fields(ctx, "domains", "description");
        boolean approval = ctx.formParam("approval") != null;
        values.put("approval", Boolean.toString(approval));
        boolean memberGroups = ctx.formParam("memberGroups") != null;
        values.put("memberGroups", Boolean.toString(memberGroups));
        Messages m = web.messages(ctx);
        int bad = org.polity.server.service.InstanceSettings.badLine(values.get("domains"));
        if (bad > 0) {
            String line = values.get("domains").split("\\R", -1)[bad - 1].strip();
            renderSettings(ctx, 422, new FormState(values, Map.of("domains",
                    m.t("admin.settings.domainsInvalid", bad, line))), false);
            return;
        }
        try {
            polity.settings().save(admin, values.get("domains"), approval, values.get("description"), memberGroups);
        } catch (InvalidInput e) {
            renderSettings(ctx, 422, new FormState(values, m.errors(e)), false);
            return;
        }
        ctx.redirect("/admin/settings?saved=1", HttpStatus.SEE_OTHER);
    }

    private void renderSettings(Context ctx, int status, FormState form, boolean saved) {
        AccountRoutes.noStore(ctx);
        Messages m = web.messages(ctx);
        String title = m.t("admin.settings.title");
        web.render(ctx, status, "admin/settings.jte",
                web.page(ctx, form.hasErrors() ? m.t("accounts.form.errorTitle", title) : title),
                Map.of("form", form, "saved", saved, "fromConfig", !polity.settings().saved()));
    }

    /** A pending application as the queue shows it. */
    public record Application(long id, String username, String email, String displayName, String organisation,
            String jobTitle, String country, String note, java.time.Instant applied) {}

    private void approvals(Context ctx) {
        web.requireAdmin(ctx);
        List<Application> applications = polity.accounts().pending(QUEUE_PAGE).stream()
                .map(this::application).toList();
        Messages m = web.messages(ctx);
        String notice = notice(m, ctx.queryParam("decided"), false);
        if (notice == null) {
            notice = notice(m, ctx.queryParam("already"), true);
        }
        AccountRoutes.noStore(ctx);
        Map<String, Object> params = new HashMap<>();
        params.put("applications", applications);
        params.put("notice", notice);
        web.render(ctx, "admin/approvals.jte", web.pageTitled(ctx, "admin.approvals.title"), params);
    }

    private void decide(Context ctx) {
        Account admin = web.requireAdmin(ctx);
        long id = parseId(ctx.pathParam("id"));
        String decision = ctx.formParam("decision");
        if (!"approve".equals(decision) && !"reject".equals(decision)) {
            throw InvalidInput.of("decision", Message.of("svc.decision.choose"));
        }
        if (polity.accounts().findById(id).isEmpty()) {
            throw new NotFound(Message.of("svc.application.none"));
        }
        boolean changed = polity.accounts().decide(admin, id, "approve".equals(decision));
        ctx.redirect("/admin/approvals?" + (changed ? "decided=" : "already=") + id, HttpStatus.SEE_OTHER);
    }

    /** The sentence after a decision, from the account's current state (so a crafted link cannot lie). */
    private String notice(Messages m, String idParam, boolean already) {
        if (idParam == null) {
            return null;
        }
        Optional<Account> account;
        try {
            account = polity.accounts().findById(Long.parseLong(idParam));
        } catch (NumberFormatException e) {
            return null;
        }
        if (account.isEmpty()) {
            return null;
        }
        Account a = account.get();
        String who = "@" + username(a) + " (" + a.email() + ")";
        String sentence = switch (a.status()) {
            case ACTIVE -> m.t("admin.approvals.approved", who);
            case REJECTED -> m.t("admin.approvals.rejected", who);
            case SUSPENDED -> m.t("admin.approvals.suspended", who);
            case PENDING, DELETED -> null;
        };
        return sentence == null || !already ? sentence : m.t("admin.approvals.already", sentence);
    }

    private Application application(Account a) {
        Optional<Actor> actor = polity.storage().stores().actors().findActorById(a.actorId());
        String username = actor.map(Actor::username).orElse("");
        return new Application(a.id(), username, a.email(), actor.map(Actor::displayName).orElse(username),
                a.profile().organisation(), a.profile().jobTitle(), a.profile().country(),
                a.signupReason() == null ? "" : a.signupReason(), a.createdAt());
    }

    private String username(Account a) {
        return polity.storage().stores().actors().findActorById(a.actorId()).map(Actor::username).orElse("?");
    }

    private static long parseId(String raw) {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new NotFound(Message.of("svc.application.none"));
        }
    }
}

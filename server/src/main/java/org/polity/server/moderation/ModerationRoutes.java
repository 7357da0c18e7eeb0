package org.polity.server.moderation;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.polity.server.Polity;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.model.StoredObject;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.Message;
import org.polity.server.service.NotFound;
import org.polity.server.web.Negotiation;
import org.polity.server.web.Problems;
import org.polity.server.web.RouteGroup;
import org.polity.server.web.Web;

/**
 * The report form for members ({@code GET/POST /report}), the moderation queue for moderators and administrators
 * ({@code /admin/reports}, {@code /admin/reports/{id}}), the page of one actor's standing
 * ({@code /admin/actors/{id}}), and the gate that answers 410 Gone for a suspended local actor and its objects.
 */
public final class ModerationRoutes implements RouteGroup {
    private final Web web;
    private final Polity polity;
    private final Reports reports;

    public ModerationRoutes(Web web) {
        this.web = web;
        this.polity = web.polity();
        this.reports = new Reports(polity);
    }

    @Override
    public void register(RoutesConfig routes) {
        for (String path : List.of("/users/{name}", "/users/{name}/*", "/@{name}")) {
            routes.before(path, ctx -> goneIfSuspended(ctx, localActor(ctx.pathParam("name"))));
        }
        routes.before("/profiles/{id}", ctx -> goneIfSuspended(ctx, actorById(ctx.pathParam("id"))));
        for (String path : List.of("/objects/{id}", "/objects/{id}/*")) {
            routes.before(path, ctx -> goneIfSuspended(ctx, authorOf(polity.uris().object(ctx.pathParam("id")))));
        }
        routes.get("/report", this::form);
        routes.post("/report", this::file);
        routes.get("/admin/reports", this::queue);
        routes.get("/admin/reports/{id}", this::detail);
        routes.post("/admin/reports/{id}", this::act);
        routes.get("/admin/actors/{id}", this::actorPage);
        routes.post("/admin/actors/{id}", this::actorAct);
    }

    // --- 410 Gone for suspended local actors and their content ---

    private Optional<Actor> localActor(String name) {
        if (!polity.standings().any()) {
            return Optional.empty();
        }
        return polity.storage().stores().actors().findLocalActorByUsername(name.toLowerCase(Locale.ROOT));
    }

    private Optional<Actor> actorById(String id) {
        if (!polity.standings().any()) {
            return Optional.empty();
        }
        try {
            return polity.storage().stores().actors().findActorById(Long.parseLong(id));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private Optional<Actor> authorOf(String objectUri) {
        if (!polity.standings().any()) {
            return Optional.empty();
        }
        return polity.storage().stores().objects().findObjectByUri(objectUri)
                .flatMap(o -> polity.storage().stores().actors().findActorById(o.attributedToId()));
    }

    private void goneIfSuspended(Context ctx, Optional<Actor> actor) {
        if (actor.isEmpty() || !polity.standings().suspended(actor.get().id())) {
            return;
        }
        if (ctx.method().name().equals("POST") && ctx.path().endsWith("/inbox")) {
            return; // the inbox of a suspended actor: InboxRoutes decides (202, dropped by the worker's rules)
        }
        ctx.header("Cache-Control", "no-store");
        if (Negotiation.wantsJson(ctx) || Negotiation.wantsActivityJson(ctx)) {
            Problems.write(ctx, 410, "Gone", "This account is suspended.");
        } else {
            web.render(ctx, 410, "moderation/suspended.jte", web.pageTitled(ctx, "moderation.suspended.title"),
                    Map.of());
        }
        ctx.skipRemainingHandlers();
    }

    // --- The report form ---

    private void form(Context ctx) {
        Account me = web.requireViewer(ctx);
        Reports.Subject subject = reports.subject(me, ctx.queryParam("object"), ctx.queryParam("actor"));
        renderForm(ctx, 200, subject, "", "", Map.of());
    }

    private void renderForm(Context ctx, int status, Reports.Subject subject, String category, String comment,
            Map<String, String> errors) {
        Map<String, Object> params = new HashMap<>();
        params.put("subject", subject);
        params.put("canForward", reports.canForward(subject));
        params.put("category", category);
        params.put("comment", comment);
        params.put("errors", errors);
        params.put("excerpt", subject.object() == null ? "" : org.polity.server.web.Listings.excerpt(
                subject.object().contentHtml()));
        ctx.header("Cache-Control", "no-store");
        web.render(ctx, status, "moderation/report.jte", web.pageTitled(ctx, "moderation.report.title"), params);
    }

    private void file(Context ctx) {
        Account me = web.requireViewer(ctx);
        // Each report may send Flags to other servers: one member cannot flood them (or our queue).
        polity.limits().enforce(org.polity.server.limits.Limits.Rule.REPORT_PER_ACCOUNT, "account:" + me.id());
        String objectUri = ctx.formParam("object");
        Reports.Subject subject = reports.subject(me, objectUri, ctx.formParam("actor"));
        String category = Optional.ofNullable(ctx.formParam("category")).orElse("");
        String comment = Optional.ofNullable(ctx.formParam("comment")).orElse("");
        boolean forward = "on".equals(ctx.formParam("forward")) || "true".equals(ctx.formParam("forward"));
        try {
            reports.file(me, subject, category, comment, forward && reports.canForward(subject));
        } catch (InvalidInput e) {
            renderForm(ctx, 422, subject, category, comment, web.messages(ctx).errors(e));
            return;
        }
        web.render(ctx, "moderation/reported.jte", web.pageTitled(ctx, "moderation.reported.title"),
                Map.of("back", subject.object() != null ? "/home" : "/profiles/" + subject.account().id()));
    }

    // --- The queue ---

    private void queue(Context ctx) {
        web.requireModerator(ctx);
        String filter = Optional.ofNullable(ctx.queryParam("status")).orElse("open").strip().toLowerCase(Locale.ROOT);
        Report.Status status = switch (filter) {
            case "open" -> Report.Status.OPEN;
            case "resolved" -> Report.Status.RESOLVED;
            case "dismissed" -> Report.Status.DISMISSED;
            case "all" -> null;
            default -> throw InvalidInput.of("status", Message.of("moderation.error.status"));
        };
        Long before = before(ctx);
        List<Report> page = reports.page(status, before, Reports.PAGE + 1);
        Long next = page.size() > Reports.PAGE ? page.get(Reports.PAGE - 1).id() : null;
        if (next != null) {
            page = page.subList(0, Reports.PAGE);
        }
        Map<String, Object> params = new HashMap<>();
        params.put("reports", page.stream().map(this::row).toList());
        params.put("filter", filter);
        params.put("next", next);
        params.put("open", reports.openCount());
        params.put("standings", polity.standings().all().stream().limit(200).map(st -> new StandingRow(st,
                polity.storage().stores().actors().findActorById(st.actorId()).map(Actor::acct)
                        .orElse("actor " + st.actorId()))).toList());
        ctx.header("Cache-Control", "no-store");
        web.render(ctx, "moderation/queue.jte", web.pageTitled(ctx, "moderation.queue.title"), params);
    }

    /** A suspended or silenced actor with its handle, for the queue page. */
    public record StandingRow(ActorStanding standing, String handle) {}

    /** A report with the handles the pages show. */
    public record Row(Report report, String target, String reporter, Long targetId) {}

    private Row row(Report r) {
        var actors = polity.storage().stores().actors();
        Optional<Actor> target = r.targetActorId() == null ? Optional.empty() : actors.findActorById(r.targetActorId());
        String reporter = r.remote() ? r.forwardedFrom()
                : r.reporterActorId() == null ? "—" : actors.findActorById(r.reporterActorId()).map(Actor::acct)
                        .orElse("—");
        return new Row(r, target.map(Actor::acct).orElse(r.targetActorUri()), reporter,
                target.map(Actor::id).orElse(null));
    }

    /** A reported object as the detail page shows it (it may be gone). */
    public record Item(String uri, StoredObject object, String excerpt) {}

    private void detail(Context ctx) {
        Account me = web.requireModerator(ctx);
        Report r = report(ctx);
        renderDetail(ctx, 200, me, r, Map.of(), null);
    }

    private void renderDetail(Context ctx, int status, Account me, Report r, Map<String, String> errors,
            String notice) {
        var objects = polity.storage().stores().objects();
        List<Item> items = r.objectUris().stream().map(u -> {
            Optional<StoredObject> o = objects.findObjectByUri(u);
            return new Item(u, o.orElse(null), o.filter(x -> !x.deleted())
                    .map(x -> org.polity.server.web.Listings.excerpt(x.contentHtml())).orElse(null));
        }).toList();
        Map<String, Object> params = new HashMap<>();
        params.put("row", row(r));
        params.put("items", items);
        params.put("standing", r.targetActorId() == null ? null
                : polity.standings().of(r.targetActorId()).orElse(null));
        params.put("resolver", r.resolvedBy() == null ? null : polity.storage().stores().actors()
                .findActorById(r.resolvedBy()).map(Actor::acct).orElse("—"));
        params.put("assignee", r.assignedTo() == null ? null : polity.storage().stores().actors()
                .findActorById(r.assignedTo()).map(Actor::acct).orElse("—"));
        params.put("mine", r.assignedTo() != null && r.assignedTo() == me.actorId());
        params.put("errors", errors);
        params.put("notice", notice);
        ctx.header("Cache-Control", "no-store");
        web.render(ctx, status, "moderation/detail.jte", web.pageTitled(ctx, "moderation.detail.title", r.id()),
                params);
    }

    private void act(Context ctx) {
        Account me = web.requireModerator(ctx);
        Report r = report(ctx);
        String action = Optional.ofNullable(ctx.formParam("action")).orElse("");
        String note = ctx.formParam("note");
        try {
            switch (action) {
                case "resolve" -> reports.close(me, r.id(), Report.Status.RESOLVED, note);
                case "dismiss" -> reports.close(me, r.id(), Report.Status.DISMISSED, note);
                case "assign" -> reports.assign(me, r.id(), true);
                case "unassign" -> reports.assign(me, r.id(), false);
                case "remove" -> {
                    Reports.note(note);
                    reports.removeContent(me, r.id());
                    if (r.open()) {
                        reports.close(me, r.id(), Report.Status.RESOLVED, nonEmpty(note, "content removed"));
                    }
                }
                case "suspend", "silence" -> {
                    Actor target = target(r);
                    Reports.note(note);
                    if (action.equals("suspend")) {
                        polity.standings().suspend(me, target, nonEmpty(note, "report " + r.id()));
                    } else {
                        polity.standings().silence(me, target, nonEmpty(note, "report " + r.id()));
                    }
                    if (r.open()) {
                        reports.close(me, r.id(), Report.Status.RESOLVED, nonEmpty(note, action + "ed"));
                    }
                }
                default -> throw InvalidInput.of("action", Message.of("moderation.error.action"));
            }
        } catch (InvalidInput e) {
            renderDetail(ctx, 422, me, reports.find(r.id()).orElse(r), web.messages(ctx).errors(e), null);
            return;
        }
        ctx.redirect("/admin/reports/" + r.id(), HttpStatus.SEE_OTHER);
    }

    private static String nonEmpty(String note, String otherwise) {
        return note == null || note.isBlank() ? otherwise : note;
    }

    private Actor target(Report r) {
        return Optional.ofNullable(r.targetActorId()).flatMap(id -> polity.storage().stores().actors().findActorById(id))
                .orElseThrow(() -> new NotFound(Message.of("moderation.error.noActor")));
    }

    private Report report(Context ctx) {
        try {
            return reports.find(Long.parseLong(ctx.pathParam("id")))
                    .orElseThrow(() -> new NotFound(Message.of("moderation.error.noReport")));
        } catch (NumberFormatException e) {
            throw new NotFound(Message.of("moderation.error.noReport"));
        }
    }

    // --- One actor's standing ---

    private Actor actorParam(Context ctx) {
        try {
            return polity.storage().stores().actors().findActorById(Long.parseLong(ctx.pathParam("id")))
                    .orElseThrow(() -> new NotFound(Message.of("moderation.error.noActor")));
        } catch (NumberFormatException e) {
            throw new NotFound(Message.of("moderation.error.noActor"));
        }
    }

    private void actorPage(Context ctx) {
        web.requireModerator(ctx);
        renderActor(ctx, 200, actorParam(ctx), Map.of());
    }

    private void renderActor(Context ctx, int status, Actor actor, Map<String, String> errors) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("actor", actor);
        params.put("standing", polity.standings().of(actor.id()).orElse(null));
        params.put("reports", reports.about(actor).stream().map(this::row).toList());
        params.put("errors", errors);
        ctx.header("Cache-Control", "no-store");
        web.render(ctx, status, "moderation/actor.jte", web.pageTitled(ctx, "moderation.actor.title", actor.acct()),
                params);
    }

    private void actorAct(Context ctx) {
        Account me = web.requireModerator(ctx);
        Actor actor = actorParam(ctx);
        String reason = ctx.formParam("reason");
        try {
            switch (Optional.ofNullable(ctx.formParam("action")).orElse("")) {
                case "suspend" -> polity.standings().suspend(me, actor, reason);
                case "silence" -> polity.standings().silence(me, actor, reason);
                case "restore" -> polity.standings().lift(me, actor, reason);
                default -> throw InvalidInput.of("action", Message.of("moderation.error.action"));
            }
        } catch (InvalidInput e) {
            renderActor(ctx, 422, actor, web.messages(ctx).errors(e));
            return;
        }
        ctx.redirect("/admin/actors/" + actor.id(), HttpStatus.SEE_OTHER);
    }

    private static Long before(Context ctx) {
        String raw = ctx.queryParam("before");
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(raw.strip());
        } catch (NumberFormatException e) {
            throw InvalidInput.of("before", Message.of("moderation.error.before"));
        }
    }
}

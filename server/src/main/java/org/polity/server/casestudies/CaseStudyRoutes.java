package org.polity.server.casestudies;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.polity.server.Polity;
import org.polity.server.model.Account;
import org.polity.server.service.InvalidInput;
import org.polity.server.web.FormState;
import org.polity.server.web.Messages;
import org.polity.server.web.Negotiation;
import org.polity.server.web.Page;
import org.polity.server.web.RouteGroup;
import org.polity.server.web.Web;

/**
 * The case study library in the browser (docs/api.md, "Case studies"): {@code GET /case-studies} with filters,
 * {@code /case-studies/new} and {@code /case-studies/{id}/edit} (preview, save), a case study's page with its
 * adoption links, its versions and diffs, the workflow buttons, and the editors' review queue.
 */
public final class CaseStudyRoutes implements RouteGroup {
    public static final String LIBRARY = "/case-studies";
    static final int PAGE_SIZE = 20;

    private final Web web;
    private final Polity polity;
    private final CaseStudyService service;
    private final CaseStudyEditor editor;

    public CaseStudyRoutes(Web web, CaseStudyService service) {
        this.web = web;
        this.polity = web.polity();
        this.service = service;
        this.editor = new CaseStudyEditor(web, service);
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(LIBRARY + "/new", editor::newForm);
        routes.post(LIBRARY + "/new", editor::create);
        routes.get(LIBRARY + "/review", this::review);
        routes.post(LIBRARY + "/editors", this::editors);
        routes.get(LIBRARY + "/{id}", this::show);
        routes.get(LIBRARY + "/{id}/edit", ctx -> editor.editForm(ctx, entry(ctx, Optional.of(web.requireViewer(ctx)))));
        routes.post(LIBRARY + "/{id}/edit", ctx -> editor.edit(ctx, entry(ctx, Optional.of(web.requireViewer(ctx)))));
        routes.post(LIBRARY + "/{id}/submit", ctx -> workflow(ctx, "submit"));
        routes.post(LIBRARY + "/{id}/publish", ctx -> workflow(ctx, "publish"));
        routes.post(LIBRARY + "/{id}/return", ctx -> workflow(ctx, "return"));
        routes.get(LIBRARY + "/{id}/versions", this::versions);
        routes.get(LIBRARY + "/{id}/versions/{n}", this::version);
        routes.get(LIBRARY + "/{id}/diff", this::diff);
    }

    // --- Library -----------------------------------------------------------------------------------------------

    /** {@code GET /case-studies} for browsers (the directory answers ActivityStreams clients). */
    public void library(Context ctx) {
        Messages m = web.messages(ctx);
        CaseStudyStore.Filter filter = new CaseStudyStore.Filter(
                pick(ctx.queryParam("country"), Countries::isCode), pick(ctx.queryParam("sector"), CaseStudyTerms.SECTORS::contains),
                pick(ctx.queryParam("stage"), CaseStudyTerms.STAGES::contains),
                pick(ctx.queryParam("facet"), CaseStudyTerms.FACETS::contains),
                CaseStudyTerms.sdg(ctx.queryParam("sdg")), pick(ctx.queryParam("level"), CaseStudyTerms.LEVELS::contains));
        Long before = before(ctx);
        long total = service.count(filter);
        List<CaseStudyStore.LibraryRow> rows = service.library(filter, before, PAGE_SIZE + 1).stream()
                .filter(r -> !web.polity().standings().hiddenFromListings(r.authorId())).toList();
        List<CaseStudyStore.LibraryRow> entries = rows.size() > PAGE_SIZE ? rows.subList(0, PAGE_SIZE) : rows;
        Long next = rows.size() > PAGE_SIZE ? entries.get(entries.size() - 1).objectId() : null;
        Optional<Account> viewer = web.viewer(ctx);
        Map<String, Object> params = new HashMap<>();
        params.put("entries", entries);
        params.put("filter", filter);
        params.put("total", total);
        params.put("next", next);
        params.put("later", before != null);
        params.put("filtered", !filter.equals(CaseStudyStore.Filter.none()));
        params.put("query", query(filter));
        params.put("countries", Countries.options(m.locale()));
        params.put("mine", viewer.map(v -> service.mine(v).stream()
                .filter(e -> e.status() != CaseStudy.Status.PUBLISHED).toList()).orElse(List.of()));
        params.put("editor", viewer.map(service::isEditor).orElse(false));
        ctx.header("Cache-Control", "private, no-cache");
        String title = m.t("casestudies.library.title");
        web.render(ctx, 200, "casestudies/library.jte", web.page(ctx, title).withFeed(title, LIBRARY + "/feed.atom"),
                params);
    }

    /** The {@code before} cursor, as the other directories read it: a row id. */
    private Long before(Context ctx) {
        String value = ctx.queryParam("before");
        if (value == null || value.isBlank()) {
            return null;
        }
        return CaseStudyService.parseId(value.strip()).filter(n -> n > 0)
                .orElseThrow(() -> InvalidInput.of("before", web.messages(ctx).t("directory.error.before")));
    }

    private static String pick(String value, java.util.function.Predicate<String> known) {
        return value != null && known.test(value) ? value : null;
    }

    /** The filter as a query string, for the paging links. */
    private static String query(CaseStudyStore.Filter f) {
        StringBuilder q = new StringBuilder();
        Map<String, Object> parts = new LinkedHashMap<>();
        parts.put("country", f.country());
        parts.put("sector", f.sector());
        parts.put("stage", f.stage());
        parts.put("facet", f.facet());
        parts.put("sdg", f.sdg() == 0 ? null : f.sdg());
        parts.put("level", f.level());
        parts.forEach((k, v) -> {
            if (v != null) {
                q.append('&').append(k).append('=').append(v);
            }
        });
        return q.toString();
    }

    // --- Writing -----------------------------------------------------------------------------------------------

    private void workflow(Context ctx, String step) {
        Account account = web.requireViewer(ctx);
        long id = id(ctx);
        String comment = Objects.requireNonNullElse(ctx.formParam("comment"), "");
        try {
            switch (step) {
                case "submit" -> service.submitForReview(account, id);
                case "publish" -> service.publish(account, id, comment);
                default -> service.returnToDraft(account, id, comment);
            }
        } catch (InvalidInput e) {
            ctx.redirect(LIBRARY + "/" + id + "?commentNeeded=1#return-comment", HttpStatus.SEE_OTHER);
            return;
        }
        ctx.redirect(LIBRARY + "/" + id + "?moved=" + step, HttpStatus.SEE_OTHER);
    }

    // --- Reading -----------------------------------------------------------------------------------------------

    private void show(Context ctx) {
        Optional<Account> viewer = web.viewer(ctx);
        CaseStudyStore.Entry entry = entry(ctx, viewer);
        if (Negotiation.wantsActivityJson(ctx)) {
            // The page's address resolves to the document (as a Mastodon status URL does), so another server
            // can take it as the origin of an adaptation.
            var object = entry.local() && entry.objectUri() != null
                    ? polity.storage().stores().objects().findObjectByUri(entry.objectUri()) : Optional.<org.polity.server.model.StoredObject>empty();
            if (object.isEmpty() || object.get().deleted()) {
                throw new NotFoundResponse();
            }
            ctx.header("Vary", "Accept");
            ctx.contentType("application/activity+json");
            // As bytes in UTF-8: a String result would be encoded in the platform's default, breaking "é".
            ctx.result(object.get().payload().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return;
        }
        Messages m = web.messages(ctx);
        Map<String, Object> params = new HashMap<>();
        // The reader's language where the case study has it (?lang= chooses another), as ObjectPages does.
        CaseStudy shown = entry.fields().forReader(readerLang(ctx));
        params.put("entry", entry);
        params.put("cs", shown);
        params.put("files", entry.objectUri() == null ? java.util.List.of()
                : org.polity.server.resources.ApToResource.files(polity.storage().stores().objects()
                        .findObjectByUri(entry.objectUri()).orElse(null)));
        params.put("alsoIn", entry.fields().languages().stream().filter(l -> !l.equals(shown.lang())).toList());
        params.put("translated", entry.fields().translated());
        params.put("author", polity.storage().stores().actors().findActorById(entry.authorId()).orElse(null));
        params.put("origins", service.origins(entry));
        params.put("adaptations", service.adaptations(entry));
        params.put("transitions", service.transitions(entry.id()));
        params.put("mayEdit", service.mayEdit(viewer, entry));
        params.put("editor", viewer.map(service::isEditor).orElse(false) && entry.local());
        params.put("isAuthor", viewer.filter(v -> v.actorId() == entry.authorId()).isPresent());
        params.put("commentNeeded", ctx.queryParam("commentNeeded") != null);
        params.put("moved", ctx.queryParam("moved"));
        params.put("saved", ctx.queryParam("saved") != null);
        params.put("countryName", Countries.name(entry.fields().country(), m.locale()));
        Web.vary(ctx, "Accept");
        ctx.header("Cache-Control", "private, no-cache");
        web.render(ctx, 200, "casestudies/page.jte", web.page(ctx, shown.title())
                .withFeed(web.messages(ctx).t("directory.caseStudies.title"), LIBRARY + "/feed.atom"), params);
    }

    /** The languages a reader reads, most wanted first ({@code ?lang=} first: {@link Web#contentLanguages}). */
    private java.util.List<String> readerLang(Context ctx) {
        return web.contentLanguages(ctx);
    }

    private void versions(Context ctx) {
        CaseStudyStore.Entry entry = entry(ctx, web.viewer(ctx));
        Map<String, Object> params = new HashMap<>();
        params.put("entry", entry);
        params.put("versions", service.versions(entry.id()));
        web.render(ctx, 200, "casestudies/versions.jte",
                web.page(ctx, web.messages(ctx).t("casestudies.versions.title", entry.fields().title())), params);
    }

    private void version(Context ctx) {
        CaseStudyStore.Entry entry = entry(ctx, web.viewer(ctx));
        int n = CaseStudyService.parseId(ctx.pathParam("n")).orElse(0L).intValue();
        CaseStudyStore.Version v = service.version(entry.id(), n).orElseThrow(NotFoundResponse::new);
        Map<String, Object> params = new HashMap<>();
        params.put("entry", entry);
        params.put("version", v);
        params.put("cs", v.fields().forReader(readerLang(ctx)));
        params.put("countryName", Countries.name(v.fields().country(), web.messages(ctx).locale()));
        web.render(ctx, 200, "casestudies/version.jte",
                web.page(ctx, web.messages(ctx).t("casestudies.version.title", n, v.fields().title())), params);
    }

    private void diff(Context ctx) {
        CaseStudyStore.Entry entry = entry(ctx, web.viewer(ctx));
        int to = CaseStudyService.parseId(Objects.requireNonNullElse(ctx.queryParam("to"), ""))
                .orElse((long) entry.version()).intValue();
        int from = CaseStudyService.parseId(Objects.requireNonNullElse(ctx.queryParam("from"), ""))
                .orElse((long) to - 1).intValue();
        CaseStudyStore.Version a = service.version(entry.id(), from).orElseThrow(NotFoundResponse::new);
        CaseStudyStore.Version b = service.version(entry.id(), to).orElseThrow(NotFoundResponse::new);
        Map<String, Object> params = new HashMap<>();
        params.put("entry", entry);
        params.put("from", a);
        params.put("to", b);
        params.put("fields", WordDiff.compare(a.fields(), b.fields()));
        web.render(ctx, 200, "casestudies/diff.jte",
                web.page(ctx, web.messages(ctx).t("casestudies.diff.title", from, to)), params);
    }

    private void review(Context ctx) {
        Account account = web.requireViewer(ctx);
        Map<String, Object> params = new HashMap<>();
        params.put("queue", service.reviewQueue(account));
        params.put("editors", account.isAdmin() ? service.editors() : List.of());
        params.put("admin", account.isAdmin());
        params.put("editorError", ctx.queryParam("editorError") != null);
        ctx.header("Cache-Control", "private, no-store");
        web.render(ctx, 200, "casestudies/review.jte", web.page(ctx, web.messages(ctx).t("casestudies.review.title")),
                params);
    }

    /** An administrator appoints ({@code username}, {@code action=add}) or removes an editor. */
    private void editors(Context ctx) {
        Account admin = web.requireAdmin(ctx);
        String username = Objects.requireNonNullElse(ctx.formParam("username"), "").strip();
        if (username.startsWith("@")) {
            username = username.substring(1);
        }
        var member = polity.storage().stores().actors().findLocalActorByUsername(username)
                .flatMap(a -> polity.storage().stores().accounts().findAccountByActorId(a.id()));
        if (member.isEmpty()) {
            ctx.redirect(LIBRARY + "/review?editorError=1#editors", HttpStatus.SEE_OTHER);
            return;
        }
        service.setEditor(admin, member.get(), !"remove".equals(ctx.formParam("action")));
        ctx.redirect(LIBRARY + "/review#editors", HttpStatus.SEE_OTHER);
    }

    private long id(Context ctx) {
        return CaseStudyService.parseId(ctx.pathParam("id")).orElseThrow(NotFoundResponse::new);
    }

    private CaseStudyStore.Entry entry(Context ctx, Optional<Account> viewer) {
        return service.visible(id(ctx), viewer)
                .orElseThrow(() -> new org.polity.server.service.NotFound(CaseStudyChecks.NOT_VISIBLE));
    }
}

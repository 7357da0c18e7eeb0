package org.polity.server.challenges;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.polity.federation.http.FetchException;
import org.polity.server.Polity;
import org.polity.server.casestudies.CaseStudyTerms;
import org.polity.server.casestudies.Countries;
import org.polity.server.model.Account;
import org.polity.server.model.StoredObject;
import org.polity.server.service.Forbidden;
import org.polity.server.service.InvalidInput;
import org.polity.server.web.FormState;
import org.polity.server.web.Messages;
import org.polity.server.web.Negotiation;
import org.polity.server.web.RouteGroup;
import org.polity.server.web.Web;

/**
 * Challenges in the browser (docs/api.md, "Challenges"): the directory {@code GET /challenges} with its filters
 * (ActivityStreams clients get the {@code OrderedCollection} from {@code DirectoryRoutes}), {@code /challenges/new}
 * and {@code /challenges/{n}/edit} for issuers, a challenge's page with its questions, categories, responses and
 * the issuer's controls, {@code /challenges/{n}/respond} for any member, following, and the administrators' list
 * of issuers. A sub-question's and a category's ids ({@code /objects/{id}/questions/{k}}) answer as JSON.
 */
public final class ChallengeRoutes implements RouteGroup {
    public static final String DIRECTORY = "/challenges";
    static final int PAGE_SIZE = 20;

    private final Web web;
    private final Polity polity;
    private final ChallengeService service;
    private final ChallengeEditor editor;

    public ChallengeRoutes(Web web, ChallengeService service) {
        this.web = web;
        this.polity = web.polity();
        this.service = service;
        this.editor = new ChallengeEditor(web, service);
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(DIRECTORY + "/new", editor::newForm);
        routes.post(DIRECTORY + "/new", ctx -> editor.submit(ctx, null));
        routes.post(DIRECTORY + "/issuers", this::issuers);
        routes.get("/admin/challenges", this::issuersPage);
        routes.get(DIRECTORY + "/{id}", this::show);
        routes.get(DIRECTORY + "/{id}/edit", ctx -> editor.editForm(ctx, entry(ctx, web.viewer(ctx))));
        routes.post(DIRECTORY + "/{id}/edit", ctx -> editor.submit(ctx, entry(ctx, web.viewer(ctx))));
        routes.post(DIRECTORY + "/{id}/status", this::status);
        routes.post(DIRECTORY + "/{id}/follow", this::follow);
        routes.post(DIRECTORY + "/{id}/mark", this::mark);
        routes.get(DIRECTORY + "/{id}/respond", this::respondForm);
        routes.post(DIRECTORY + "/{id}/respond", this::respond);
        routes.get("/objects/{id}/questions/{k}", ctx -> part(ctx, "questions"));
        routes.get("/objects/{id}/categories/{k}", ctx -> part(ctx, "categories"));
    }

    // --- Directory ---------------------------------------------------------------------------------------------

    /** {@code GET /challenges} for browsers. */
    public void directory(Context ctx) {
        Messages m = web.messages(ctx);
        ChallengeStore.Filter filter = filter(ctx);
        Long before = before(ctx, m);
        long total = service.count(filter);
        List<ChallengeStore.DirectoryRow> rows = service.directory(filter, before, PAGE_SIZE + 1).stream()
                .filter(r -> !polity.standings().hiddenFromListings(r.object().attributedToId())).toList();
        List<ChallengeStore.DirectoryRow> page = rows.size() > PAGE_SIZE ? rows.subList(0, PAGE_SIZE) : rows;
        org.polity.server.web.Listings listings = new org.polity.server.web.Listings(polity);
        List<String> langs = web.contentLanguages(ctx);
        List<Listed> entries = page.stream().map(r -> new Listed(listings.entry(r.object(), m, langs), r.entry()))
                .toList();
        Optional<Account> viewer = web.viewer(ctx);
        Map<String, Object> params = new HashMap<>();
        params.put("entries", entries);
        params.put("filter", filter);
        params.put("total", total);
        params.put("next", rows.size() > PAGE_SIZE ? page.get(page.size() - 1).object().id() : null);
        params.put("later", before != null);
        params.put("filtered", !filter.equals(ChallengeStore.Filter.none()));
        params.put("query", query(ctx));
        params.put("open", "1".equals(ctx.queryParam("open")));
        params.put("countries", Countries.options(m.locale()));
        params.put("issuer", viewer.map(service::isIssuer).orElse(false));
        params.put("drafts", viewer.filter(service::isIssuer).map(service::drafts).orElse(List.of()));
        ctx.header("Cache-Control", "private, no-cache");
        String title = m.t("directory.challenges.title");
        web.render(ctx, 200, "challenges/directory.jte", web.page(ctx, title)
                .withFeed(title, DIRECTORY + "/feed.atom"), params);
    }

    /**
     * A directory entry: the object as every directory shows it, and its challenge's fields when we keep them
     * (its page is then ours, {@code /challenges/{n}}).
     */
    public record Listed(org.polity.server.web.Listings.Entry entry, ChallengeStore.Entry challenge) {
        public String link() {
            return challenge != null ? DIRECTORY + "/" + challenge.id() : entry.link();
        }
    }

    private ChallengeStore.Filter filter(Context ctx) {
        String country = ctx.queryParam("country");
        String sector = ctx.queryParam("sector");
        ChallengeStatus status = ChallengeStatus.ofKey(Objects.requireNonNullElse(ctx.queryParam("status"), ""))
                .filter(ChallengeStatus::federated).orElse(null);
        String q = Objects.requireNonNullElse(ctx.queryParam("q"), "").strip();
        return new ChallengeStore.Filter(country != null && Countries.isCode(country) ? country : null,
                sector != null && CaseStudyTerms.SECTORS.contains(sector) ? sector : null,
                CaseStudyTerms.sdg(ctx.queryParam("sdg")), status,
                "1".equals(ctx.queryParam("open")) ? polity.clock().instant() : null,
                q.isEmpty() ? null : q.length() > 200 ? q.substring(0, 200) : q);
    }

    private Long before(Context ctx, Messages m) {
        String value = ctx.queryParam("before");
        if (value == null || value.isBlank()) {
            return null;
        }
        return ChallengeService.parseId(value).filter(n -> n > 0)
                .orElseThrow(() -> InvalidInput.of("before", m.t("directory.error.before")));
    }

    /** The filters as a query string, for the paging links. */
    private static String query(Context ctx) {
        StringBuilder q = new StringBuilder();
        for (String k : List.of("country", "sector", "sdg", "status", "open", "q")) {
            String v = ctx.queryParam(k);
            if (v != null && !v.isBlank()) {
                q.append('&').append(k).append('=').append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return q.toString();
    }

    // --- A challenge -------------------------------------------------------------------------------------------

    private void show(Context ctx) {
        Optional<Account> viewer = web.viewer(ctx);
        ChallengeStore.Entry entry = entry(ctx, viewer);
        Optional<StoredObject> object = entry.objectUri() == null ? Optional.empty()
                : polity.storage().stores().objects().findObjectByUri(entry.objectUri());
        if (Negotiation.wantsActivityJson(ctx)) {
            // The page's address resolves to the document, as a Mastodon status URL does.
            if (!entry.local() || object.isEmpty()) {
                throw new NotFoundResponse();
            }
            ctx.header("Vary", "Accept");
            ctx.contentType("application/activity+json");
            ctx.result(object.get().payload().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return;
        }
        Messages m = web.messages(ctx);
        List<ResponseRow> responses = new ArrayList<>();
        var objects = polity.storage().stores().objects();
        var actors = polity.storage().stores().actors();
        for (ChallengeStore.Response r : service.responses(entry)) {
            objects.findObjectByUri(r.responseUri()).filter(o -> !o.deleted()).ifPresent(o -> responses.add(
                    new ResponseRow(r, o, ResponseToAp.view(org.polity.server.activitypub.ObjectService.readTree(o.payload())),
                            actors.findActorById(o.attributedToId()).orElse(null),
                            org.polity.server.resources.ApToResource.files(o), comments(o, viewer))));
        }
        Map<String, Object> params = new HashMap<>();
        params.put("entry", entry);
        params.put("c", entry.fields());
        params.put("object", object.orElse(null));
        params.put("responses", responses);
        params.put("author", actors.findActorById(entry.authorId()).orElse(null));
        params.put("mayEdit", service.mayEdit(viewer, entry));
        params.put("mayRespond", viewer.isPresent() && entry.status() == ChallengeStatus.OPEN && entry.objectUri() != null);
        params.put("following", service.following(viewer, entry).map(ChallengeStore.Follower::state).orElse(null));
        params.put("countryName", Countries.name(entry.fields().country(), m.locale()));
        params.put("saved", ctx.queryParam("saved") != null);
        params.put("moved", ctx.queryParam("moved"));
        params.put("responded", ctx.queryParam("responded") != null);
        params.put("statusError", ctx.queryParam("statusError") != null);
        params.put("descriptionHtml", ChallengeToAp.html(entry.fields(), entry.fields().description()));
        params.put("outcomeHtml", ChallengeToAp.html(entry.fields(), entry.fields().outcome()));
        Web.vary(ctx, "Accept");
        ctx.header("Cache-Control", "private, no-cache");
        web.render(ctx, 200, "challenges/page.jte", web.page(ctx, entry.fields().title()), params);
    }

    /** Comments a response's entry shows (the first ones; the rest are on the response's own page). */
    static final int COMMENTS_SHOWN = 10;

    /** The comments on a response the viewer may read, oldest first, with their authors. */
    private List<Comment> comments(StoredObject response, Optional<Account> viewer) {
        var stores = polity.storage().stores();
        Optional<org.polity.server.model.Actor> me = viewer.flatMap(a -> stores.actors().findActorById(a.actorId()));
        java.util.Set<Long> hidden = me.map(v -> new org.polity.server.blocks.Blocks(polity).hiddenFrom(v))
                .orElse(java.util.Set.of());
        List<StoredObject> replies = stores.objects().findReplies(response.uri(), COMMENTS_SHOWN).stream()
                .filter(o -> !o.deleted() && polity.federation().objects().visibleTo(o.uri(), o.attributedToId(),
                        o.visibility(), me) && !hidden.contains(o.attributedToId())).toList();
        Map<Long, org.polity.server.model.Actor> authors = stores.actors()
                .findActorsByIds(replies.stream().map(StoredObject::attributedToId).toList());
        return replies.stream().map(o -> new Comment(o, authors.get(o.attributedToId()))).toList();
    }

    /** A comment under a response. */
    public record Comment(StoredObject object, org.polity.server.model.Actor author) {
        public String html() {
            return object.contentHtml() == null ? "" : object.contentHtml();
        }
    }

    /** A response as the challenge's page lists it. */
    public record ResponseRow(ChallengeStore.Response row, StoredObject object, ResponseToAp.View view,
            org.polity.server.model.Actor author, List<org.polity.server.resources.ResourceView.Attachment> files,
            List<Comment> comments) {
        /** Its page: ours at /objects/{id}, another server's where that server shows it. */
        public String link() {
            return object.local() ? "/objects/" + object.id() : object.url() != null ? object.url() : object.uri();
        }
    }

    /** {@code GET /objects/{id}/questions/{k}}: one sub-question (or category) of our challenge. */
    private void part(Context ctx, String kind) {
        String objectUri = polity.uris().object(ctx.pathParam("id"));
        ChallengeStore.Entry entry = service.byObjectUri(objectUri).filter(ChallengeStore.Entry::local)
                .filter(e -> e.status().federated()).orElseThrow(NotFoundResponse::new);
        String id = objectUri + "/" + kind + "/" + ctx.pathParam("k");
        String name = kind.equals("questions")
                ? entry.fields().questions().stream().filter(q -> q.id().equals(id)).map(Challenge.Question::name)
                        .findFirst().orElseThrow(NotFoundResponse::new)
                : entry.fields().categories().stream().filter(k -> k.id().equals(id)).map(Challenge.Category::name)
                        .findFirst().orElseThrow(NotFoundResponse::new);
        Web.vary(ctx, "Accept");
        if (!Negotiation.wantsActivityJson(ctx)) {
            ctx.redirect(DIRECTORY + "/" + entry.id() + "#" + anchor(id), HttpStatus.SEE_OTHER);
            return;
        }
        var doc = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        var context = doc.putArray("@context");
        context.add(org.polity.federation.vocab.ActivityStreams.CONTEXT).add(ChallengeToAp.contextTerms());
        doc.put("id", id).put("type", kind.equals("questions") ? "ChallengeQuestion" : "ResponseCategory")
                .put("name", name).put("partOf", objectUri);
        ctx.contentType("application/activity+json");
        ctx.result(doc.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The page anchor of a question or category id ({@code question-2}, {@code category-1}). */
    public static String anchor(String id) {
        int slash = id.lastIndexOf('/');
        String kind = id.substring(0, Math.max(slash, 0)).endsWith("/questions") ? "question" : "category";
        return kind + "-" + id.substring(slash + 1);
    }

    // --- Issuing -----------------------------------------------------------------------------------------------

    private void status(Context ctx) {
        Account account = web.requireViewer(ctx);
        long id = id(ctx);
        ChallengeStatus to = ChallengeStatus.ofKey(Objects.requireNonNullElse(ctx.formParam("status"), ""))
                .orElseThrow(() -> InvalidInput.of("status", ChallengeChecks.TRANSITION));
        try {
            service.advance(account, id, to, ctx.formParam("outcome"));
        } catch (InvalidInput e) {
            ctx.redirect(DIRECTORY + "/" + id + "?statusError=1#status", HttpStatus.SEE_OTHER);
            return;
        }
        ctx.redirect(DIRECTORY + "/" + id + "?moved=" + to.key(), HttpStatus.SEE_OTHER);
    }

    private void mark(Context ctx) {
        Account account = web.requireViewer(ctx);
        long id = id(ctx);
        String what = Objects.requireNonNullElse(ctx.formParam("what"), "");
        service.mark(account, id, Objects.requireNonNullElse(ctx.formParam("response"), ""),
                what.startsWith("feature") || what.startsWith("unfeature"), !what.startsWith("un"));
        ctx.redirect(DIRECTORY + "/" + id + "#responses", HttpStatus.SEE_OTHER);
    }

    private void follow(Context ctx) throws FetchException {
        Account account = web.requireViewer(ctx);
        long id = id(ctx);
        if ("unfollow".equals(ctx.formParam("action"))) {
            service.unfollow(account, id);
        } else {
            service.follow(account, id);
        }
        ctx.redirect(DIRECTORY + "/" + id + "#follow", HttpStatus.SEE_OTHER);
    }

    /** An administrator authorises ({@code username}, {@code action=add}) a member to issue challenges, or no longer. */
    private void issuers(Context ctx) {
        Account admin = web.requireAdmin(ctx);
        String username = Objects.requireNonNullElse(ctx.formParam("username"), "").strip().toLowerCase(Locale.ROOT);
        if (username.startsWith("@")) {
            username = username.substring(1);
        }
        var member = polity.storage().stores().actors().findLocalActorByUsername(username)
                .flatMap(a -> polity.storage().stores().accounts().findAccountByActorId(a.id()));
        if (member.isEmpty()) {
            ctx.redirect("/admin/challenges?issuerError=1", HttpStatus.SEE_OTHER);
            return;
        }
        service.setIssuer(admin, member.get(), !"remove".equals(ctx.formParam("action")));
        ctx.redirect("/admin/challenges", HttpStatus.SEE_OTHER);
    }

    /** {@code GET /admin/challenges}: the members authorised to issue challenges, and the form to change them. */
    private void issuersPage(Context ctx) {
        web.requireAdmin(ctx);
        List<Account> issuers = service.issuers();
        Map<Long, String> handles = new HashMap<>();
        for (Account a : issuers) {
            polity.storage().stores().actors().findActorById(a.actorId()).ifPresent(x -> handles.put(a.id(), x.username()));
        }
        Map<String, Object> params = new HashMap<>();
        params.put("issuers", issuers);
        params.put("handles", handles);
        params.put("error", ctx.queryParam("issuerError") != null);
        ctx.header("Cache-Control", "private, no-store");
        web.render(ctx, 200, "admin/issuers.jte", web.page(ctx, web.messages(ctx).t("challenges.issuers.title")),
                params);
    }

    // --- Responding --------------------------------------------------------------------------------------------

    private void respondForm(Context ctx) {
        Account account = web.requireViewer(ctx);
        ChallengeStore.Entry entry = entry(ctx, Optional.of(account));
        Map<String, String> start = new LinkedHashMap<>();
        start.put("country", account.profile().country().isEmpty() ? polity.config().country()
                : account.profile().country());
        start.put("organisation", account.profile().organisation());
        String question = ctx.queryParam("question");
        start.put("questionId", question == null ? "" : question);
        renderRespond(ctx, 200, entry, FormState.of(start));
    }

    private void respond(Context ctx) {
        Account account = web.requireViewer(ctx);
        ChallengeStore.Entry entry = entry(ctx, Optional.of(account));
        Messages m = web.messages(ctx);
        Map<String, String> v = new LinkedHashMap<>();
        for (String f : List.of("title", "description", "country", "organisation", "approach", "results", "links",
                "questionId", "categoryId")) {
            v.put(f, Objects.requireNonNullElse(ctx.formParam(f), "").strip());
        }
        FormState form = FormState.of(v);
        ChallengeResponse r = new ChallengeResponse(v.get("title"), v.get("description"), v.get("country"),
                v.get("organisation"), v.get("approach"), v.get("results"), ChallengeEditor.split(v.get("links"), "\n"),
                v.get("questionId"), v.get("categoryId"));
        try {
            service.respond(account, entry.id(), r);
        } catch (InvalidInput e) {
            renderRespond(ctx, 422, entry, form.withErrors(m.errors(e)));
            return;
        } catch (Forbidden e) {
            renderRespond(ctx, 409, entry, form.withErrors(Map.of("challenge", m.text(e))));
            return;
        }
        ctx.redirect(DIRECTORY + "/" + entry.id() + "?responded=1#responses", HttpStatus.SEE_OTHER);
    }

    private void renderRespond(Context ctx, int status, ChallengeStore.Entry entry, FormState form) {
        Messages m = web.messages(ctx);
        String title = m.t("challenges.respond.title", entry.fields().title());
        Map<String, Object> params = new HashMap<>();
        params.put("entry", entry);
        params.put("c", entry.fields());
        params.put("form", form);
        params.put("heading", title);
        params.put("open", entry.status() == ChallengeStatus.OPEN);
        params.put("countries", Countries.options(m.locale()));
        ctx.header("Cache-Control", "private, no-store");
        web.render(ctx, status, "challenges/respond.jte", web.page(ctx, form.hasErrors()
                ? m.t("pages.error.title", title) : title), params);
    }

    private long id(Context ctx) {
        return ChallengeService.parseId(ctx.pathParam("id")).orElseThrow(NotFoundResponse::new);
    }

    private ChallengeStore.Entry entry(Context ctx, Optional<Account> viewer) {
        return service.visible(id(ctx), viewer)
                .orElseThrow(() -> new org.polity.server.service.NotFound(ChallengeChecks.NOT_VISIBLE));
    }
}

package org.polity.server.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.polity.federation.vocab.ActivityStreams;
import org.polity.server.Polity;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.model.StoredObject;
import org.polity.server.service.InvalidInput;

/**
 * The home feed of a logged-in member ({@code GET /home}): a compose form, and the posts of the people they
 * follow and their own, newest first, with a reply form under each. Posting ({@code POST /home/posts}) goes
 * through the C2S outbox service, as a client's post would: a Note to the public and the author's followers,
 * or to the followers only; a reply also goes to the author of the post it answers.
 */
public final class FeedRoutes implements RouteGroup {
    static final int PAGE_SIZE = 20;
    static final int MAX_CONTENT = org.polity.server.activitypub.ContentRules.MAX_CONTENT;

    private final Web web;
    private final Polity polity;

    public FeedRoutes(Web web) {
        this.web = web;
        this.polity = web.polity();
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/home", this::home);
        routes.post("/home/posts", this::post);
    }

    private void home(Context ctx) {
        web.requireViewer(ctx);
        render(ctx, 200, FormState.of(Map.of("visibility", "public")));
    }

    private void render(Context ctx, int status, FormState form) {
        Messages m = web.messages(ctx);
        Page page = web.page(ctx, form.hasErrors() ? m.t("pages.error.title", m.t("pages.feed.title"))
                : m.t("pages.feed.title"));
        Actor me = page.viewerActor();
        long before = longParam(ctx.queryParam("before"));
        List<StoredObject> rows = polity.federation().objects().homeTimeline(me, before, PAGE_SIZE + 1);
        Cards cards = new Cards(polity).preload(rows);
        List<String> langs = page.contentLanguages();
        List<Cards.Post> posts = rows.stream().limit(PAGE_SIZE).filter(o -> !o.deleted())
                .map(o -> cards.post(o, m, langs)).toList();
        Long older = rows.size() > PAGE_SIZE ? rows.get(PAGE_SIZE - 1).id() : null;
        Map<String, String> choices = new LinkedHashMap<>();
        choices.put("public", m.t("pages.compose.visibility.public"));
        choices.put("followers", m.t("pages.compose.visibility.followers"));
        Map<String, Object> params = new HashMap<>();
        params.put("form", form);
        params.put("posts", posts);
        params.put("older", older);
        params.put("visibilities", FormState.options(choices));
        params.put("published", new ObjectPages(web).publishedLink(ctx));
        ctx.header("Cache-Control", "private, no-store");
        web.render(ctx, status, "pages/home.jte", page, params);
    }

    private void post(Context ctx) {
        Account account = web.requireViewer(ctx);
        Actor me = polity.storage().stores().actors().findActorById(account.actorId()).orElseThrow();
        Messages m = web.messages(ctx);
        String content = Objects.requireNonNullElse(ctx.formParam("content"), "").strip();
        String visibility = Objects.requireNonNullElse(ctx.formParam("visibility"), "public");
        String inReplyTo = Optional.ofNullable(ctx.formParam("inReplyTo")).map(String::strip)
                .filter(s -> !s.isEmpty()).orElse(null);
        Map<String, String> values = new HashMap<>();
        values.put("content", content);
        values.put("visibility", visibility);
        if (inReplyTo != null) {
            values.put("inReplyTo", inReplyTo);
        }
        FormState form = FormState.of(values);
        Map<String, String> errors = new LinkedHashMap<>();
        if (content.isEmpty()) {
            errors.put("content", m.t("pages.compose.error.empty"));
        } else if (content.length() > MAX_CONTENT) {
            errors.put("content", m.t("post.error.long", MAX_CONTENT));
        }
        if (!visibility.equals("public") && !visibility.equals("followers")) {
            errors.put("visibility", m.t("pages.compose.error.visibility"));
        }
        Optional<StoredObject> parent = Optional.empty();
        if (inReplyTo != null) {
            parent = polity.storage().stores().objects().findObjectByUri(inReplyTo).filter(o -> !o.deleted())
                    .filter(o -> polity.federation().objects().visibleTo(o.uri(), o.attributedToId(),
                            o.visibility(), Optional.of(me)));
            if (parent.isEmpty()) {
                errors.put("content", m.t("pages.compose.error.parent"));
            }
        }
        if (!errors.isEmpty()) {
            render(ctx, 422, form.withErrors(errors));
            return;
        }
        org.polity.server.model.StoredActivity created;
        try {
            created = polity.federation().outbox().submit(me, note(me, content, visibility, parent));
        } catch (InvalidInput e) {
            Map<String, String> shown = new LinkedHashMap<>();
            web.messages(ctx).errors(e).forEach((field, message) -> shown.merge(
                    field.equals("visibility") ? "visibility" : "content", message, (a, b) -> a + " " + b));
            render(ctx, 422, form.withErrors(shown));
            return;
        }
        ctx.redirect(new ObjectPages(web).afterPublishing(returnTo(ctx.formParam("returnTo")), created.objectUri()),
                HttpStatus.SEE_OTHER);
    }

    /**
     * Where a reply form sends the reader back (a challenge's page, for a comment on a response): a path on this
     * site only, never another host ({@code //host} or a scheme), else the home page.
     */
    static String returnTo(String requested) {
        if (requested == null || !requested.startsWith("/") || requested.startsWith("//") || requested.contains("\\")
                || requested.length() > 500 || requested.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            return "/home";
        }
        return requested;
    }

    /**
     * The Note for the outbox: Markdown source; to the public with the followers in cc, or to the followers
     * only; a reply names the parent's author (addressed and mentioned) and keeps the thread's context.
     */
    private ObjectNode note(Actor me, String content, String visibility, Optional<StoredObject> parent) {
        ObjectNode note = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        note.put("type", "Note");
        ObjectNode source = note.putObject("source");
        source.put("content", content);
        source.put("mediaType", "text/markdown");
        ArrayNode to = note.putArray("to");
        ArrayNode cc = note.putArray("cc");
        if (visibility.equals("public")) {
            to.add(ActivityStreams.PUBLIC);
            cc.add(me.followersUri());
        } else {
            to.add(me.followersUri());
        }
        if (parent.isPresent()) {
            StoredObject p = parent.get();
            note.put("inReplyTo", p.uri());
            if (p.contextUri() != null) {
                note.put("context", p.contextUri());
            }
            Optional<Actor> author = polity.storage().stores().actors().findActorById(p.attributedToId())
                    .filter(a -> a.id() != me.id());
            author.ifPresent(a -> {
                cc.add(a.uri());
                ObjectNode mention = note.putArray("tag").addObject();
                mention.put("type", "Mention");
                mention.put("href", a.uri());
                mention.put("name", "@" + a.acct());
            });
        }
        for (Actor mentioned : mentioned(me, content)) {
            if (parent.isPresent() && parent.get().attributedToId() == mentioned.id()) {
                continue; // named already, as the author of the post this one answers
            }
            cc.add(mentioned.uri());
            ObjectNode mention = note.withArray("tag").addObject();
            mention.put("type", "Mention");
            mention.put("href", mentioned.uri());
            mention.put("name", "@" + mentioned.acct());
        }
        if (cc.isEmpty()) {
            note.remove("cc");
        }
        return note;
    }

    /** {@code @name@host} in a post; the host may carry a port. */
    private static final java.util.regex.Pattern HANDLE = java.util.regex.Pattern.compile(
            "(?<![\\w@/])@([A-Za-z0-9_.-]+)@([A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*(?::[0-9]{1,5})?)");
    static final int MAX_MENTIONS = 10;

    /**
     * The actors a post names by handle ({@code @name@host}), here or elsewhere, at most {@value #MAX_MENTIONS};
     * a handle that does not resolve stays plain text.
     */
    private List<Actor> mentioned(Actor me, String content) {
        java.util.Map<String, Actor> found = new java.util.LinkedHashMap<>();
        java.util.regex.Matcher m = HANDLE.matcher(content);
        org.polity.federation.http.FetchBudget budget = org.polity.federation.http.FetchBudget.perRequest();
        while (m.find() && found.size() < MAX_MENTIONS) {
            String handle = m.group(1) + "@" + m.group(2);
            try {
                Actor actor = polity.federation().actors().lookup(handle, budget);
                if (actor.id() != me.id()) {
                    found.putIfAbsent(actor.uri(), actor);
                }
            } catch (org.polity.federation.http.FetchException | RuntimeException e) {
                // not a reachable actor: the text stays as written
            }
        }
        return List.copyOf(found.values());
    }

    static long longParam(String value) {
        if (value == null || value.isBlank()) {
            return Long.MAX_VALUE;
        }
        try {
            long v = Long.parseLong(value.strip());
            return v > 0 ? v : Long.MAX_VALUE;
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}

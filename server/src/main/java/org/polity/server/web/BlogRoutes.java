package org.polity.server.web;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URI;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.polity.federation.vocab.ActivityStreams;
import org.polity.server.Polity;
import org.polity.server.activitypub.ObjectService;
import org.polity.server.groups.GroupSetup;
import org.polity.server.groups.Hashtags;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.model.StoredActivity;
import org.polity.server.service.InvalidInput;
import org.polity.server.text.Html;

/**
 * Writing a blog article in the browser (members only): {@code GET /blog/new} shows the form (title, Markdown
 * body, tags); {@code POST /blog/new} with {@code action=preview} shows it again with the rendered, sanitised
 * article under it and stores nothing, with {@code action=publish} creates the {@code Article} through the C2S
 * outbox service, as a client's post would: to the public, the author's followers in cc, so it is delivered
 * to them with a Create, listed at {@code /blog} ({@link org.polity.server.model.ObjectKind#BLOG}) and shown at
 * its own address. Replies to it are ordinary replies ({@code POST /home/posts}).
 */
public final class BlogRoutes implements RouteGroup {
    static final String PATH = "/blog/new";
    /** Characters of an article's title, as for a thread's. */
    static final int MAX_TITLE = GroupSetup.MAX_TITLE;
    static final int MAX_CONTENT = ObjectService.MAX_ARTICLE;

    private final Web web;
    private final Polity polity;

    public BlogRoutes(Web web) {
        this.web = web;
        this.polity = web.polity();
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(PATH, this::form);
        routes.post(PATH, this::submit);
    }

    private void form(Context ctx) {
        web.requireViewer(ctx);
        render(ctx, 200, FormState.empty(), null);
    }

    /** The rendered preview of a draft: its title and sanitised HTML. */
    public record Preview(String title, String html) {}

    private void render(Context ctx, int status, FormState form, Preview preview) {
        Messages m = web.messages(ctx);
        String title = m.t("blog.new.title");
        Page page = web.page(ctx, form.hasErrors() ? m.t("pages.error.title", title) : title);
        Map<String, Object> params = new HashMap<>();
        params.put("form", form);
        params.put("preview", preview);
        ctx.header("Cache-Control", "private, no-store");
        web.render(ctx, status, "blog/new.jte", page, params);
    }

    private void submit(Context ctx) {
        Account account = web.requireViewer(ctx);
        Actor me = polity.storage().stores().actors().findActorById(account.actorId()).orElseThrow();
        Messages m = web.messages(ctx);
        String title = Objects.requireNonNullElse(ctx.formParam("title"), "").strip();
        String content = Objects.requireNonNullElse(ctx.formParam("content"), "").strip();
        String tagsTyped = Objects.requireNonNullElse(ctx.formParam("tags"), "").strip();
        boolean publish = "publish".equals(ctx.formParam("action"));
        FormState form = FormState.of(Map.of("title", title, "content", content, "tags", tagsTyped));
        List<String> tags = Arrays.stream(tagsTyped.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .toList();
        Map<String, String> errors = new LinkedHashMap<>();
        if (title.isEmpty()) {
            errors.put("title", m.t("blog.error.titleEmpty"));
        } else if (title.length() > MAX_TITLE) {
            errors.put("title", m.t("blog.error.titleLong", MAX_TITLE));
        }
        if (content.isEmpty()) {
            errors.put("content", m.t("blog.error.contentEmpty"));
        } else if (content.length() > MAX_CONTENT) {
            errors.put("content", m.t("blog.error.contentLong", MAX_CONTENT));
        }
        if (tags.size() > Hashtags.MAX_TAGS) {
            errors.put("tags", m.t("groups.error.tooManyTags", Hashtags.MAX_TAGS));
        } else if (tags.stream().anyMatch(t -> Hashtags.normaliseTag(t) == null)) {
            errors.put("tags", m.t("groups.error.badTag"));
        }
        if (!errors.isEmpty()) {
            render(ctx, 422, form.withErrors(errors), null);
            return;
        }
        if (!publish) {
            render(ctx, 200, form, new Preview(title, Html.markdownToHtml(content)));
            return;
        }
        StoredActivity created;
        try {
            created = polity.federation().outbox().submit(me, article(me, title, content, tags));
        } catch (InvalidInput e) {
            Map<String, String> shown = new LinkedHashMap<>();
            m.errors(e).forEach((field, message) -> shown.merge(field.equals("name") ? "title"
                    : field.equals("tag") ? "tags" : "content", message, (x, y) -> x + " " + y));
            render(ctx, 422, form.withErrors(shown), null);
            return;
        }
        String path = URI.create(created.objectUri()).getRawPath();
        ctx.redirect(new ObjectPages(web).afterPublishing(path, created.objectUri()), HttpStatus.SEE_OTHER);
    }

    /** The Article for the outbox: a title, Markdown source, Hashtag tags; public, the followers in cc. */
    private ObjectNode article(Actor me, String title, String content, List<String> tags) {
        ObjectNode article = JsonNodeFactory.instance.objectNode();
        article.put("type", "Article");
        article.put("name", title);
        ObjectNode source = article.putObject("source");
        source.put("content", content);
        source.put("mediaType", "text/markdown");
        article.putArray("to").add(ActivityStreams.PUBLIC);
        article.putArray("cc").add(me.followersUri());
        var hashtags = polity.federation().groups().hashtags().hashtags(content, tags);
        if (!hashtags.isEmpty()) {
            article.set("tag", hashtags);
        }
        return article;
    }
}

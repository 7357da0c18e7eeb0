package org.polity.server.blog;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.polity.server.activitypub.ContentRules;
import org.polity.server.groups.Hashtags;
import org.polity.server.model.Account;
import org.polity.server.model.StoredActivity;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.NotFound;
import org.polity.server.text.Html;
import org.polity.server.translations.Languages;
import org.polity.server.translations.TranslationForm;
import org.polity.server.web.FormState;
import org.polity.server.web.Messages;
import org.polity.server.web.ObjectPages;
import org.polity.server.web.Page;
import org.polity.server.web.RouteGroup;
import org.polity.server.web.Web;

/**
 * Writing and editing blog articles in the browser (members; administrators also for the official blog,
 * {@link BlogService}). {@code GET /blog/new} and {@code GET /blog/{id}/edit} show the editor: language, title,
 * summary, Markdown body, tags (new articles), and translations ({@code translations/fields.jte}). {@code POST}
 * with {@code action=preview} shows the rendered, sanitised article (every language) under the form and stores
 * nothing; {@code action=addTranslation} adds an empty translation block; {@code action=publish} creates the
 * {@code Article} (a Create to the author's followers), {@code action=save} edits it (an Update to everyone who
 * received it). Problems are shown beside their fields in the reader's language, and nothing is stored then.
 */
public final class BlogRoutes implements RouteGroup {
    static final String PATH = "/blog/new";
    /** Characters of an article's title, as for a thread's. */
    static final int MAX_TITLE = org.polity.server.groups.GroupSetup.MAX_TITLE;
    static final int MAX_CONTENT = ContentRules.MAX_ARTICLE;

    private final Web web;
    private final BlogService blog;

    public BlogRoutes(Web web) {
        this.web = web;
        this.blog = new BlogService(web.polity());
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(PATH, this::form);
        routes.post(PATH, ctx -> submit(ctx, null));
        routes.get("/blog/{id}/edit", this::editForm);
        routes.post("/blog/{id}/edit", ctx -> submit(ctx, id(ctx)));
    }

    /** The rendered preview of a draft, one version per language. */
    public record Preview(List<Version> versions) {}

    /** One language of a preview. */
    public record Version(String lang, String title, String summary, String html) {}

    private static long id(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new NotFound(BlogService.NO_SUCH_ARTICLE);
        }
    }

    private void form(Context ctx) {
        Account account = web.requireViewer(ctx);
        Map<String, String> values = new HashMap<>();
        values.put("lang", defaultLang(account, web.messages(ctx)));
        render(ctx, 200, null, FormState.of(values), 0, null);
    }

    private void editForm(Context ctx) {
        Account account = web.requireViewer(ctx);
        long id = id(ctx);
        BlogService.Draft draft = blog.draft(account, id);
        Map<String, String> values = new HashMap<>();
        // An article written before it had a language is offered in the writer's.
        values.put("lang", draft.lang().isEmpty() ? defaultLang(account, web.messages(ctx)) : draft.lang());
        values.put("title", draft.title());
        values.put("summary", draft.summary());
        values.put("content", draft.content());
        int i = 0;
        for (TranslationForm.Entry t : draft.translations()) {
            String q = TranslationForm.PREFIX + i++ + "-";
            values.put(q + "lang", t.lang());
            values.put(q + "title", t.title());
            values.put(q + "summary", t.summary());
            values.put(q + "content", t.content());
        }
        render(ctx, 200, id, FormState.of(values), draft.translations().size(), null);
    }

    private void render(Context ctx, int status, Long editing, FormState form, int blocks, Preview preview) {
        Messages m = web.messages(ctx);
        String title = m.t(editing == null ? "blog.new.title" : "blog.edit.title");
        Page page = web.page(ctx, form.hasErrors() ? m.t("pages.error.title", title) : title);
        Map<String, Object> params = new HashMap<>();
        params.put("form", form);
        params.put("preview", preview);
        params.put("action", editing == null ? PATH : "/blog/" + editing + "/edit");
        params.put("editing", editing != null);
        params.put("blocks", blocks);
        params.put("languages", languageOptions(m, form));
        params.put("mayWriteOfficial", editing == null && page.viewer() != null
                && BlogService.mayWriteOfficial(page.viewer()));
        ctx.header("Cache-Control", "private, no-store");
        web.render(ctx, status, "blog/editor.jte", page, params);
    }

    /** The languages the selects offer (named in the reader's language), with any other tag already chosen. */
    static List<FormState.Option> languageOptions(Messages m, FormState form) {
        return FormState.options(TranslationForm.languageChoices(m.locale(), form.values()));
    }

    private void submit(Context ctx, Long editing) {
        Account account = web.requireViewer(ctx);
        if (editing != null) {
            blog.draft(account, editing); // 404 or 403 before anything else
        }
        Messages m = web.messages(ctx);
        String action = Objects.requireNonNullElse(ctx.formParam("action"), "preview");
        // A form without the field (an older page, a script) is in the writer's language.
        String rawLang = ctx.formParam("lang") == null ? defaultLang(account, m) : param(ctx, "lang");
        String title = param(ctx, "title");
        String summary = param(ctx, "summary");
        String content = param(ctx, "content");
        String tagsTyped = param(ctx, "tags");
        boolean official = editing == null && ctx.formParam("official") != null;
        Map<String, String> errors = new LinkedHashMap<>();
        String lang = Languages.normalise(rawLang).orElse(null);
        if (lang == null) {
            errors.put("lang", m.t("translations.error.lang"));
        }
        TranslationForm.Parsed translations = TranslationForm.parse(ctx::formParam, lang,
                "addTranslation".equals(action), MAX_TITLE, MAX_CONTENT);
        Map<String, String> values = new HashMap<>(translations.values());
        values.put("lang", rawLang);
        values.put("title", title);
        values.put("summary", summary);
        values.put("content", content);
        values.put("tags", tagsTyped);
        if (official) {
            values.put("official", "on");
        }
        FormState form = FormState.of(values);
        List<String> tags = Arrays.stream(tagsTyped.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .toList();
        if (title.isEmpty()) {
            errors.put("title", m.t("blog.error.titleEmpty"));
        } else if (title.length() > MAX_TITLE) {
            errors.put("title", m.t("blog.error.titleLong", MAX_TITLE));
        }
        if (summary.length() > 5_000) {
            errors.put("summary", m.t("translations.error.summaryLong"));
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
        if (official && !BlogService.mayWriteOfficial(account)) {
            throw new org.polity.server.service.Forbidden(BlogService.OFFICIAL_ONLY); // the form never offers it
        }
        translations.errors().forEach((field, key) -> errors.put(field, m.t(key,
                key.endsWith("Long") ? (field.endsWith("title") ? MAX_TITLE : field.endsWith("summary") ? 5_000
                        : MAX_CONTENT) : 0)));
        if ("addTranslation".equals(action)) {
            // Not a submission: the form again with one more block, and only the problems already there.
            render(ctx, 200, editing, form.withErrors(errors.isEmpty() ? Map.of() : errors), translations.blocks(),
                    null);
            return;
        }
        if (!errors.isEmpty()) {
            render(ctx, 422, editing, form.withErrors(errors), translations.blocks(), null);
            return;
        }
        if (!"publish".equals(action) && !"save".equals(action)) {
            List<Version> versions = new ArrayList<>();
            versions.add(new Version(lang, title, summary, Html.markdownToHtml(content)));
            translations.entries().forEach(t -> versions.add(new Version(t.lang(), t.title(), t.summary(),
                    Html.markdownToHtml(t.content()))));
            render(ctx, 200, editing, form, translations.blocks(), new Preview(versions));
            return;
        }
        BlogService.Draft draft = new BlogService.Draft(lang, title, summary, content, tags, translations.entries());
        StoredActivity done;
        try {
            done = editing == null ? blog.publish(account, draft, official) : blog.edit(account, editing, draft);
        } catch (InvalidInput e) {
            Map<String, String> shown = new LinkedHashMap<>();
            m.errors(e).forEach((field, message) -> shown.merge(field.equals("name") || field.equals("nameMap")
                    ? "title" : field.equals("tag") ? "tags" : field.equals("summary") || field.equals("summaryMap")
                    ? "summary" : "content", message, (x, y) -> x + " " + y));
            render(ctx, 422, editing, form.withErrors(shown), translations.blocks(), null);
            return;
        }
        String path = URI.create(done.objectUri()).getRawPath();
        ctx.redirect(editing == null ? new ObjectPages(web).afterPublishing(path, done.objectUri()) : path,
                HttpStatus.SEE_OTHER);
    }

    /** A new article's language: the writer's chosen UI language, else the page's. */
    private static String defaultLang(Account account, Messages m) {
        return Languages.normalise(account.locale()).orElse(m.lang());
    }

    private static String param(Context ctx, String name) {
        return Objects.requireNonNullElse(ctx.formParam(name), "").strip();
    }
}

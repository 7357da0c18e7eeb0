package org.polity.server.groups;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.polity.server.Polity;
import org.polity.server.activitypub.Publisher;
import org.polity.server.groups.GroupViews.GroupRow;
import org.polity.server.groups.GroupViews.GroupView;
import org.polity.server.groups.GroupViews.RoleRow;
import org.polity.server.groups.GroupViews.TaggedRow;
import org.polity.server.groups.GroupViews.ThreadRow;
import org.polity.server.resources.ResourceService;
import org.polity.server.model.Actor;
import org.polity.server.model.Follow;
import org.polity.server.model.GroupInfo;
import org.polity.server.model.GroupThread;
import org.polity.server.model.StoredObject;
import org.polity.server.service.Forbidden;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.Message;
import org.polity.server.service.NotFound;
import org.polity.server.text.Html;
import org.polity.server.activitypub.ContentRules;
import org.polity.server.translations.ApToTranslations;
import org.polity.server.translations.Languages;
import org.polity.server.translations.Translated;
import org.polity.server.translations.TranslationForm;
import org.polity.server.web.AtomRoutes;
import org.polity.server.web.Cards;
import org.polity.server.web.FormState;
import org.polity.server.web.Messages;
import org.polity.server.web.ObjectPages;
import org.polity.server.web.Page;
import org.polity.server.web.Web;

/**
 * The groups' pages: {@code GET /groups} (this instance's groups, the viewer's memberships, requests and
 * invitations, and a form to create a group, {@code POST /groups}); a group's page ({@code GET /groups/{name}}
 * for ours, {@code GET /remote-groups/{id}} for a remote group this instance knows) with joining
 * ({@code POST /groups/join}, {@code POST /groups/leave}), its threads and a form to start one
 * ({@code POST /groups/threads}); and {@code GET /tags/{tag}}, posts with a hashtag that the reader may see.
 */
final class GroupPages {
    private final Web web;
    private final Polity polity;
    private final GroupWeb lookups;

    GroupPages(Web web, GroupWeb lookups) {
        this.web = web;
        this.polity = web.polity();
        this.lookups = lookups;
    }

    // --- The list and creating a group -------------------------------------------------------------------------

    void list(Context ctx, int status, FormState form) {
        Messages m = web.messages(ctx);
        Page page = web.page(ctx, form.hasErrors() ? m.t("pages.error.title", m.t("groups.list.title"))
                : m.t("groups.list.title"));
        Optional<Actor> viewer = Optional.ofNullable(page.viewerActor());
        List<GroupRow> local = lookups.queries().localGroups(GroupRoutes.LIST_LIMIT).stream()
                .map(g -> lookups.row(g, viewer)).toList();
        List<GroupRow> mine = new ArrayList<>();
        List<GroupRow> invitations = new ArrayList<>();
        if (viewer.isPresent()) {
            // the groups they run (admins and moderators need not be followers), then the ones they joined
            for (GroupRow g : local) {
                if (lookups.queries().role(g.group(), viewer.get()).isPresent()) {
                    mine.add(g);
                }
            }
            for (Follow.State state : Follow.State.values()) {
                for (Follow f : lookups.queries().memberships(viewer.get(), state, GroupRoutes.LIST_LIMIT)) {
                    polity.storage().stores().actors().findActorById(f.followedId())
                            .filter(g -> mine.stream().noneMatch(r -> r.group().id() == g.id()))
                            .ifPresent(g -> mine.add(lookups.row(g, viewer)));
                }
            }
            for (long id : polity.storage().stores().groups().findInvitationsFor(viewer.get().id())) {
                polity.storage().stores().actors().findActorById(id)
                        .filter(g -> !lookups.queries().isMember(g, viewer.get()))
                        .ifPresent(g -> invitations.add(lookups.row(g, viewer)));
            }
        }
        Map<String, Object> params = new HashMap<>();
        params.put("groups", local);
        params.put("mine", mine);
        params.put("invitations", invitations);
        params.put("form", form);
        params.put("memberships", lookups.membershipOptions(m));
        if (viewer.isPresent()) {
            ctx.header("Cache-Control", "private, no-store");
        }
        web.render(ctx, status, "groups/list.jte", page, params);
    }

    void create(Context ctx) {
        Actor me = lookups.me(ctx);
        Messages m = web.messages(ctx);
        Map<String, String> values = lookups.fields(ctx, "name", "title", "about", "membership", "membersOnly");
        FormState form = FormState.of(values);
        Actor group;
        try {
            group = lookups.groups().setup().create(me, values.get("name"), values.get("title"), values.get("about"),
                    GroupInfo.Membership.parse(values.get("membership")), "on".equals(values.get("membersOnly")));
        } catch (InvalidInput e) {
            list(ctx, 422, form.withErrors(m.errors(e)));
            return;
        } catch (Forbidden e) {
            list(ctx, 403, form.withErrors(Map.of("name", m.text(e))));
            return;
        }
        ctx.redirect(GroupViews.path(group), HttpStatus.SEE_OTHER);
    }

    // --- A group's page ----------------------------------------------------------------------------------------

    void showGroup(Context ctx, int status, Actor group, FormState threadForm, FormState joinForm) {
        Messages m = web.messages(ctx);
        if (!threadForm.values().containsKey("lang")) {
            // A new thread is in the writer's language unless they choose another.
            Map<String, String> values = new HashMap<>(threadForm.values());
            values.put("lang", lookups.writerLang(ctx));
            threadForm = new FormState(values, threadForm.errors());
        }
        GroupRow head = lookups.row(group, lookups.viewerActor(ctx));
        Page page = web.page(ctx, threadForm.hasErrors() || joinForm.hasErrors()
                ? m.t("pages.error.title", head.title()) : head.title());
        Optional<Actor> viewer = Optional.ofNullable(page.viewerActor());
        Optional<GroupInfo> info = lookups.queries().info(group);
        String rules = info.map(GroupInfo::rulesSource).filter(r -> !r.isBlank()).map(Html::markdownToHtml)
                .orElse(null);
        List<RoleRow> moderators = group.local()
                ? lookups.queries().roles(group).stream().map(r -> new RoleRow(r.actor(), r.role())).toList() : List.of();
        boolean canRead = lookups.queries().canRead(group, viewer.orElse(null));
        boolean member = viewer.map(v -> lookups.queries().isMember(group, v)).orElse(false);
        boolean pending = !member && viewer.flatMap(v -> polity.storage().stores().follows()
                .findFollow(v.id(), group.id())).isPresent();
        boolean invited = viewer.map(v -> polity.storage().stores().groups().hasInvitation(group.id(), v.id()))
                .orElse(false);
        boolean moderator = viewer.map(v -> lookups.queries().canModerate(group, v)).orElse(false);
        boolean admin = viewer.flatMap(v -> lookups.queries().role(group, v)).filter(r -> r == GroupInfo.Role.ADMIN)
                .isPresent();
        List<ThreadRow> threads = new ArrayList<>();
        long count = 0;
        int offset = lookups.offsetParam(ctx.queryParam("offset"));
        if (canRead) {
            Cards cards = new Cards(polity);
            List<String> langs = page.contentLanguages();
            // The page's threads, their opening posts and their authors in three queries, not three per thread.
            List<GroupThread> shown = polity.storage().stores().groups().findThreads(group.uri(), offset,
                    GroupRoutes.THREADS_SHOWN);
            Map<String, StoredObject> posts = polity.storage().stores().objects()
                    .findObjectsByUris(shown.stream().map(GroupThread::objectUri).toList());
            cards.preload(posts.values());
            for (GroupThread t : shown) {
                Optional.ofNullable(posts.get(t.objectUri())).filter(o -> !o.deleted())
                        .filter(o -> lookups.visible(o, viewer))
                        .ifPresent(o -> {
                            Translated translated = ApToTranslations.fromPayload(o.payload(), o.name(),
                                    o.contentHtml());
                            threads.add(new ThreadRow(t, o, cards.actor(o.attributedToId()).orElse(null),
                                    m.dateTime(t.lastActivityAt()), ResourceService.view(o), translated,
                                    translated.pick(langs)));
                        });
            }
            count = polity.storage().stores().groups().countThreads(group.uri());
        }
        GroupView view = new GroupView(head, rules, moderators, canRead, member, pending, invited, moderator, admin,
                threads, count, offset);
        Map<String, Object> params = new HashMap<>();
        params.put("view", view);
        params.put("threadForm", threadForm);
        params.put("joinForm", joinForm);
        Map<String, String> kinds = new LinkedHashMap<>();
        kinds.put("discussion", m.t("groups.kind.discussion"));
        kinds.put("question", m.t("groups.kind.question"));
        params.put("kinds", FormState.options(kinds));
        params.put("languages", lookups.languageOptions(ctx, threadForm));
        params.put("blocks", blocks(threadForm));
        params.put("translationInputs", List.of(
                new TranslationForm.Input("title", m.t("groups.start.name"), null, 0),
                new TranslationForm.Input("content", m.t("groups.start.content"), m.t("groups.markdownHint"), 6)));
        if (viewer.isPresent()) {
            ctx.header("Cache-Control", "private, no-store");
        }
        String feed = AtomRoutes.groupFeed(lookups.groups(), group);
        web.render(ctx, status, "groups/group.jte", feed == null ? page : page.withFeed(head.title(), feed), params);
    }

    void join(Context ctx) {
        Actor me = lookups.me(ctx);
        Actor group = lookups.formGroup(ctx);
        Messages m = web.messages(ctx);
        String message = Objects.requireNonNullElse(ctx.formParam("message"), "");
        try {
            lookups.groups().membership().join(me, group, message);
        } catch (InvalidInput e) {
            showGroup(ctx, 422, group, FormState.of(Map.of("kind", "discussion")),
                    FormState.of(Map.of("message", message)).withErrors(lookups.onField(m.errors(e),
                            "message")));
            return;
        } catch (Forbidden e) {
            showGroup(ctx, 403, group, FormState.of(Map.of("kind", "discussion")),
                    FormState.of(Map.of("message", message)).withErrors(Map.of("message",
                            m.text(e))));
            return;
        }
        ctx.redirect(GroupViews.path(group), HttpStatus.SEE_OTHER);
    }

    void leave(Context ctx) {
        Actor me = lookups.me(ctx);
        Actor group = lookups.formGroup(ctx);
        if (polity.storage().stores().follows().findFollow(me.id(), group.id()).isPresent()) {
            lookups.groups().membership().leave(me, group);
        }
        ctx.redirect(GroupViews.path(group), HttpStatus.SEE_OTHER);
    }

    /** A thread's translation blocks ({@code translations/fields.jte}): a title and a Markdown text, as its own. */
    static final List<TranslationForm.Field> TRANSLATED = List.of(
            new TranslationForm.Field("title", true, ContentRules.MAX_NAME, "translations.error.titleEmpty",
                    "translations.error.titleLong"),
            new TranslationForm.Field("content", true, ContentRules.MAX_CONTENT, "translations.error.contentEmpty",
                    "translations.error.contentLong"));

    /** How many translation blocks a thread form shows (those it holds). */
    private static int blocks(FormState form) {
        int n = 0;
        while (form.values().containsKey(TranslationForm.PREFIX + n + "-lang")) {
            n++;
        }
        return n;
    }

    /**
     * {@code POST /groups/threads}: title, kind, Markdown text, tags, the language it is written in and its
     * translations (as the blog editor's: {@code action=addTranslation} shows one more block and stores nothing).
     */
    void startThread(Context ctx) {
        Actor me = lookups.me(ctx);
        Actor group = lookups.formGroup(ctx);
        Messages m = web.messages(ctx);
        Map<String, String> values = lookups.fields(ctx, "name", "kind", "content", "tags", "lang");
        values.putIfAbsent("kind", "discussion");
        // A form without the field (an older page, a script) is in the writer's language.
        values.putIfAbsent("lang", lookups.writerLang(ctx));
        String lang = Languages.normalise(values.get("lang")).orElse(null);
        boolean addBlock = "addTranslation".equals(ctx.formParam("action"));
        TranslationForm.ParsedBlocks translations = TranslationForm.parseBlocks(ctx::formParam, lang, addBlock,
                TRANSLATED, "groups.error.translationSameAsThread");
        values.putAll(translations.values());
        FormState form = FormState.of(values);
        if (!lookups.queries().isMember(group, me)) {
            showGroup(ctx, 403, group, form.withErrors(Map.of("name", m.t("groups.error.notMember"))),
                    FormState.empty());
            return;
        }
        List<String> tags = Arrays.stream(values.getOrDefault("tags", "").split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
        Map<String, String> errors = new LinkedHashMap<>();
        if (lang == null) {
            errors.put("lang", m.t("translations.error.lang"));
        }
        translations.errors().forEach((field, key) -> errors.put(field, m.t(key,
                field.endsWith("title") ? ContentRules.MAX_NAME : ContentRules.MAX_CONTENT)));
        if (addBlock) {
            // Not a submission: the form again with one more block, and only the problems already there.
            showGroup(ctx, 200, group, form.withErrors(errors), FormState.empty());
            return;
        }
        if (tags.size() > Hashtags.MAX_TAGS) {
            errors.put("tags", m.t("groups.error.tooManyTags", Hashtags.MAX_TAGS));
        } else if (tags.stream().anyMatch(t -> Hashtags.normaliseTag(t) == null)) {
            errors.put("tags", m.t("groups.error.badTag"));
        }
        if (!errors.isEmpty()) {
            showGroup(ctx, 422, group, form.withErrors(errors), FormState.empty());
            return;
        }
        String objectUri;
        try {
            List<TranslationForm.Entry> entries = translations.entries().stream().map(b -> new TranslationForm.Entry(
                    b.lang(), b.value("title"), "", b.value("content"))).toList();
            var activity = lookups.groups().posting().startThread(me, group, lang, values.get("name"),
                    values.get("content"), entries, GroupThread.Kind.parse(values.get("kind")), tags);
            objectUri = Publisher.JSON.readTree(activity.payload()).path("object").path("id").asText(null);
        } catch (InvalidInput e) {
            Map<String, String> shown = new LinkedHashMap<>();
            m.errors(e).forEach((field, message) -> shown.merge(field.equals("nameMap") ? "name"
                    : field.equals("contentMap") ? "content" : field, message, (x, y) -> x + " " + y));
            showGroup(ctx, 422, group, form.withErrors(shown), FormState.empty());
            return;
        } catch (Forbidden e) {
            showGroup(ctx, 403, group, form.withErrors(Map.of("name", m.text(e))),
                    FormState.empty());
            return;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String target = objectUri == null ? GroupViews.path(group) : polity.storage().stores().objects()
                .findObjectByUri(objectUri).map(o -> "/threads/" + o.id()).orElse(GroupViews.path(group));
        ctx.redirect(new ObjectPages(web).afterPublishing(target, objectUri), HttpStatus.SEE_OTHER);
    }

    // --- Tags --------------------------------------------------------------------------------------------------

    void tag(Context ctx) {
        Messages m = web.messages(ctx);
        String tag = Hashtags.normaliseTag(ctx.pathParam("tag"));
        if (tag == null) {
            throw new NotFound(Message.of("groups.error.noTag"));
        }
        Page page = web.page(ctx, m.t("groups.tag.title", tag));
        Optional<Actor> viewer = Optional.ofNullable(page.viewerActor());
        Cards cards = new Cards(polity);
        List<TaggedRow> rows = new ArrayList<>();
        for (String uri : polity.storage().stores().groups().findTagged(tag, GroupRoutes.TAGGED_SHOWN)) {
            polity.storage().stores().objects().findObjectByUri(uri).filter(o -> !o.deleted())
                    .filter(o -> lookups.visible(o, viewer))
                    .ifPresent(o -> rows.add(new TaggedRow(cards.post(o, m, page.contentLanguages()), threadPath(o))));
        }
        if (viewer.isPresent()) {
            ctx.header("Cache-Control", "private, no-store");
        }
        web.render(ctx, 200, "groups/tag.jte", page, Map.of("tag", tag, "rows", rows));
    }

    /** The thread page a group post is read on, or null when it is not in a thread. */
    private String threadPath(StoredObject o) {
        return polity.storage().stores().groups().findPost(o.uri())
                .flatMap(gp -> gp.isThread() ? Optional.of(o)
                        : polity.storage().stores().objects().findObjectByUri(gp.threadUri()))
                .map(t -> "/threads/" + t.id() + (t.id() == o.id() ? "" : "#post-" + o.id())).orElse(null);
    }
}

package org.polity.server.groups;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.polity.server.Polity;
import org.polity.server.activitypub.ContentRules;
import org.polity.server.activitypub.Publisher;
import org.polity.server.groups.GroupViews.PostNode;
import org.polity.server.groups.GroupViews.ThreadView;
import org.polity.server.model.Actor;
import org.polity.server.model.GroupThread;
import org.polity.server.model.Reaction;
import org.polity.server.model.StoredObject;
import org.polity.server.service.Message;
import org.polity.server.service.NotFound;
import org.polity.server.text.Html;
import org.polity.server.translations.ApToTranslations;
import org.polity.server.translations.Translated;
import org.polity.server.web.Cards;
import org.polity.server.web.FormState;
import org.polity.server.web.Messages;
import org.polity.server.web.ObjectPages;
import org.polity.server.web.Page;
import org.polity.server.web.Web;

/** {@code GET /threads/{id}} (the thread's object row id): the thread and its replies nested by {@code inReplyTo}. */
final class ThreadPage {
    private final Web web;
    private final Polity polity;
    private final GroupWeb lookups;

    ThreadPage(Web web, GroupWeb lookups) {
        this.web = web;
        this.polity = web.polity();
        this.lookups = lookups;
    }

    // --- A thread ----------------------------------------------------------------------------------------------

    void showThread(Context ctx, int status, FormState form) {
        showThread(ctx, status, form, lookups.objectById(ctx));
    }

    /** How deep replies nest on a thread page. */
    static final int MAX_DEPTH = 6;

    void showThread(Context ctx, int status, FormState form, StoredObject object) {
        Messages m = web.messages(ctx);
        Optional<Actor> viewer = lookups.viewerActor(ctx);
        GroupThread thread = polity.storage().stores().groups().findThread(object.uri())
                .filter(t -> !object.deleted() && lookups.visible(object, viewer))
                .orElseThrow(() -> new NotFound(Message.of("groups.error.noThread")));
        Actor group = polity.federation().actors().known(thread.groupUri())
                .orElseThrow(() -> new NotFound(Message.of("groups.error.noThread")));
        if (!lookups.queries().canRead(group, viewer.orElse(null))) {
            throw new NotFound(Message.of("groups.error.noThread"));
        }
        Cards cards = new Cards(polity);
        List<String> langs = web.contentLanguages(ctx);
        Map<String, PostNode> nodes = new LinkedHashMap<>();
        Map<String, StoredObject> posts = new LinkedHashMap<>();
        // Replies by people the viewer blocks or mutes, or who block the viewer, are left out (their replies
        // then hang under the opening post); the opening post itself stays, or the thread could not be read.
        java.util.Set<Long> hidden = viewer.map(v -> new org.polity.server.blocks.Blocks(polity).hiddenFrom(v))
                .orElse(java.util.Set.of());
        // The thread's posts and their likes in one query each, not one per post.
        List<String> postUris = polity.storage().stores().groups().findThreadPosts(thread.objectUri(),
                GroupRoutes.POSTS_SHOWN);
        Map<String, StoredObject> stored = polity.storage().stores().objects().findObjectsByUris(postUris);
        Map<String, Long> likes = polity.storage().stores().reactions().countByObjects(postUris, Reaction.Kind.LIKE);
        for (String uri : postUris) {
            Optional.ofNullable(stored.get(uri))
                    .filter(o -> o.deleted() || lookups.visible(o, viewer))
                    .filter(o -> uri.equals(thread.objectUri()) || !hidden.contains(o.attributedToId()))
                    .ifPresent(o -> posts.put(uri, o));
        }
        cards.preload(posts.values());
        posts.forEach((uri, o) -> {
            Translated translated = ApToTranslations.fromPayload(o.payload(), o.name(), o.contentHtml());
            nodes.put(uri, new PostNode(o, cards.actor(o.attributedToId()).orElse(null),
                    m.dateTime(o.publishedAt()), viewer.map(v -> v.id() == o.attributedToId() && o.local())
                            .orElse(false),
                    likes.getOrDefault(o.uri(), 0L), source(o),
                    cards.author(o.attributedToId()), translated, translated.pick(langs)));
        });
        PostNode root = nodes.get(thread.objectUri());
        if (root == null) {
            throw new NotFound(Message.of("groups.error.noThread"));
        }
        // Replies nest under their parent, at most MAX_DEPTH levels deep: a deeper reply is shown under its
        // deepest allowed ancestor (a long back-and-forth stays readable, and the page's work stays bounded).
        Map<PostNode, Integer> depth = new java.util.IdentityHashMap<>();
        Map<PostNode, PostNode> shownUnder = new java.util.IdentityHashMap<>();
        depth.put(root, 0);
        for (PostNode node : nodes.values()) {
            if (node == root) {
                continue;
            }
            PostNode parent = node.object.inReplyToUri() == null ? null : nodes.get(node.object.inReplyToUri());
            PostNode under = parent == null || parent == node || !depth.containsKey(parent) ? root : parent;
            while (depth.get(under) >= MAX_DEPTH) {
                under = shownUnder.get(under);
            }
            under.children.add(node);
            shownUnder.put(node, under);
            depth.put(node, depth.get(under) + 1);
        }
        prune(root);
        PostNode accepted = thread.acceptedAnswerUri() == null ? null : nodes.get(thread.acceptedAnswerUri());
        if (accepted != null && accepted.deleted()) {
            accepted = null;
        }
        boolean member = viewer.map(v -> lookups.queries().isMember(group, v)).orElse(false);
        boolean moderator = group.local() && viewer.map(v -> lookups.queries().canModerate(group, v)).orElse(false);
        boolean canReply = member && (!thread.locked() || moderator);
        boolean canAccept = thread.kind() == GroupThread.Kind.QUESTION && viewer.isPresent()
                && (viewer.get().id() == object.attributedToId() || moderator);
        List<String> tags = List.of();
        try {
            tags = Hashtags.tagNames(Publisher.JSON.readTree(object.payload()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            // no tags shown
        }
        String replyLang = form.values().entrySet().stream().filter(e -> e.getKey().endsWith("-lang"))
                .map(Map.Entry::getValue).findFirst().orElse(canReply ? lookups.writerLang(ctx) : "");
        ThreadView view = new ThreadView(lookups.row(group, viewer), thread, root, accepted, tags, viewer.isPresent(),
                member, canReply, canAccept, moderator,
                canReply ? lookups.languageOptions(ctx, FormState.of(Map.of("lang", replyLang))) : List.of(),
                replyLang);
        String title = root.title() == null || root.title().isBlank() ? m.t("groups.thread.untitled") : root.title();
        // The thread page advertises its group's feed (a public group of ours), where new threads appear.
        Page page = web.page(ctx, form.hasErrors() ? m.t("pages.error.title", title) : title)
                .withFeed(group.displayName(), org.polity.server.web.AtomRoutes.groupFeed(lookups.groups(), group));
        if (viewer.isPresent()) {
            ctx.header("Cache-Control", "private, no-store");
        }
        Map<String, Object> params = new HashMap<>();
        params.put("view", view);
        params.put("form", form);
        params.put("published", new ObjectPages(web).publishedLink(ctx));
        web.render(ctx, status, "groups/thread.jte", page, params);
    }

    /** Drops deleted posts that no live reply hangs from. */
    private static boolean prune(PostNode node) {
        node.children.removeIf(ThreadPage::prune);
        return node.deleted() && node.children.isEmpty();
    }

    /** The Markdown a post was written in, for its author's edit form (else its text). */
    private static String source(StoredObject o) {
        if (o.deleted() || !o.local()) {
            return "";
        }
        try {
            JsonNode payload = Publisher.JSON.readTree(o.payload());
            JsonNode source = payload.path("source");
            if (source.path("content").isTextual()) {
                return source.path("content").asText();
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // fall through
        }
        return Html.toPlainText(o.contentHtml() == null ? "" : o.contentHtml(), ContentRules.MAX_CONTENT);
    }

    /** The thread of this request's {@code /threads/{id}}, as stored. */
    StoredObject threadObject(Context ctx) {
        StoredObject object = lookups.objectById(ctx);
        if (polity.storage().stores().groups().findThread(object.uri()).isEmpty()) {
            throw new NotFound(Message.of("groups.error.noThread"));
        }
        return object;
    }


    /** Re-renders the thread page of row {@code threadId} (after a form on it failed). */
    void renderThreadById(Context ctx, String threadId, int status, FormState form) {
        StoredObject thread = polity.storage().stores().objects().findObjectById(Long.parseLong(threadId))
                .orElseThrow(() -> new NotFound(Message.of("groups.error.noThread")));
        showThread(ctx, status, form, thread);
    }
}

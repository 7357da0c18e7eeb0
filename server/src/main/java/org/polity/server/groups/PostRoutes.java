package org.polity.server.groups;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.polity.server.Polity;
import org.polity.server.activitypub.ContentRules;
import org.polity.server.activitypub.Publisher;
import org.polity.server.model.Actor;
import org.polity.server.model.GroupPost;
import org.polity.server.model.Reaction;
import org.polity.server.model.StoredObject;
import org.polity.server.service.Message;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.NotFound;
import org.polity.server.web.FormState;
import org.polity.server.web.Messages;
import org.polity.server.web.ObjectPages;
import org.polity.server.web.Web;

/**
 * The forms on a thread page: replying, accepting an answer, pinning and locking ({@code /threads/{id}/...}), and
 * editing, deleting, liking and removing a post ({@code /posts/{id}/...}). Each answers with a redirect
 * (Post/Redirect/Get); invalid input re-renders the thread with the problem beside the form and a 4xx status.
 */
final class PostRoutes {
    private final Web web;
    private final Polity polity;
    private final GroupWeb lookups;
    private final ThreadPage threadPage;

    PostRoutes(Web web, GroupWeb lookups, ThreadPage threadPage) {
        this.web = web;
        this.polity = web.polity();
        this.lookups = lookups;
        this.threadPage = threadPage;
    }

    void reply(Context ctx) {
        Actor me = lookups.me(ctx);
        Messages m = web.messages(ctx);
        StoredObject thread = threadPage.threadObject(ctx);
        String parentUri = Objects.requireNonNullElse(ctx.formParam("parent"), thread.uri());
        String content = Objects.requireNonNullElse(ctx.formParam("content"), "");
        StoredObject parent = polity.storage().stores().objects().findObjectByUri(parentUri)
                .filter(p -> polity.storage().stores().groups().findPost(p.uri())
                        .map(gp -> gp.threadUri().equals(thread.uri())).orElse(false))
                .orElseThrow(() -> new NotFound(Message.of("svc.object.notVisible")));
        String field = "reply-" + parent.id();
        // The language the reply is written in (the form's select; a form without one says none).
        String lang = ctx.formParam("lang");
        org.polity.server.model.StoredActivity replied;
        try {
            replied = polity.federation().groups().posting().reply(me, parent.uri(), content, lang);
        } catch (InvalidInput e) {
            threadPage.showThread(ctx, 422, FormState.of(Map.of(field, content, field + "-lang",
                    Objects.requireNonNullElse(lang, ""))).withErrors(lookups.onField(m.errors(e), field)));
            return;
        }
        // Back to the thread, as before (no #fragment: reloading that address reloads the page); the confirmation
        // links to the reply.
        ctx.redirect(new ObjectPages(web).afterPublishing("/threads/" + thread.id(), replied.objectUri()),
                HttpStatus.SEE_OTHER);
    }

    void accept(Context ctx) {
        Actor me = lookups.me(ctx);
        StoredObject thread = threadPage.threadObject(ctx);
        String answer = Optional.ofNullable(ctx.formParam("answer")).map(String::strip).filter(s -> !s.isEmpty())
                .orElse(null);
        lookups.groups().moderation().acceptAnswer(me, thread.uri(), answer);
        ctx.redirect("/threads/" + thread.id(), HttpStatus.SEE_OTHER);
    }

    void moderateThread(Context ctx, boolean pin) {
        Actor me = lookups.me(ctx);
        StoredObject thread = threadPage.threadObject(ctx);
        boolean on = "true".equals(ctx.formParam(pin ? "pinned" : "locked"));
        if (pin) {
            lookups.groups().moderation().setPinned(me, thread.uri(), on);
        } else {
            lookups.groups().moderation().setLocked(me, thread.uri(), on);
        }
        ctx.redirect("/threads/" + thread.id(), HttpStatus.SEE_OTHER);
    }

    /** Where to go back to after changing a post: its thread's page, or its group's when the thread is gone. */
    private String back(StoredObject post) {
        Optional<GroupPost> gp = polity.storage().stores().groups().findPost(post.uri());
        if (gp.isEmpty()) {
            return "/groups";
        }
        Optional<StoredObject> thread = polity.storage().stores().objects().findObjectByUri(gp.get().threadUri())
                .filter(t -> !t.deleted());
        if (thread.isPresent()) {
            return "/threads/" + thread.get().id() + (gp.get().isThread() ? "" : "#post-" + post.id());
        }
        return polity.federation().actors().known(gp.get().groupUri()).map(GroupViews::path).orElse("/groups");
    }

    void edit(Context ctx) {
        Actor me = lookups.me(ctx);
        Messages m = web.messages(ctx);
        StoredObject post = lookups.objectById(ctx);
        String content = Objects.requireNonNullElse(ctx.formParam("content"), "");
        String name = ctx.formParam("name");
        String field = "edit-" + post.id();
        InvalidInput failed = null;
        if (content.isBlank()) {
            failed = InvalidInput.of(field, Message.of("groups.error.emptyEdit"));
        } else if (content.strip().length() > ContentRules.MAX_CONTENT) {
            failed = InvalidInput.of(field, Message.of("post.error.long", ContentRules.MAX_CONTENT));
        } else if (name != null && name.isBlank()) {
            failed = InvalidInput.of(field, Message.of("groups.error.emptyTitle"));
        }
        if (failed == null) {
            ObjectNode update = Publisher.JSON.createObjectNode();
            ObjectNode object = update.putObject("object");
            object.put("id", post.uri());
            ObjectNode source = object.putObject("source");
            source.put("content", content.strip());
            source.put("mediaType", "text/markdown");
            if (name != null) {
                object.put("name", name.strip());
            }
            try {
                polity.federation().objects().update(me, update);
            } catch (InvalidInput e) {
                failed = e;
            }
        }
        if (failed != null) {
            String threadId = back(post).replaceAll("^/threads/(\\d+).*$", "$1");
            if (!threadId.matches("\\d+")) {
                throw InvalidInput.of("content", failed.problems().values().iterator().next());
            }
            threadPage.renderThreadById(ctx, threadId, 422, FormState.of(Map.of(field, content))
                    .withErrors(lookups.onField(m.errors(failed), field)));
            return;
        }
        ctx.redirect(back(post), HttpStatus.SEE_OTHER);
    }


    void delete(Context ctx) {
        Actor me = lookups.me(ctx);
        StoredObject post = lookups.objectById(ctx);
        String back = back(post);
        boolean isThread = polity.storage().stores().groups().findPost(post.uri()).map(GroupPost::isThread)
                .orElse(false);
        if (isThread) {
            back = polity.storage().stores().groups().findPost(post.uri())
                    .flatMap(gp -> polity.federation().actors().known(gp.groupUri())).map(GroupViews::path)
                    .orElse("/groups");
        }
        ObjectNode delete = Publisher.JSON.createObjectNode();
        delete.put("object", post.uri());
        polity.federation().objects().delete(me, delete);
        ctx.redirect(back.replaceAll("#.*$", ""), HttpStatus.SEE_OTHER);
    }

    void like(Context ctx) {
        Actor me = lookups.me(ctx);
        StoredObject post = lookups.objectById(ctx);
        ObjectNode like = Publisher.JSON.createObjectNode();
        like.put("object", post.uri());
        try {
            polity.federation().objects().react(me, like, Reaction.Kind.LIKE);
        } catch (InvalidInput e) {
            // liked already: nothing changes
        }
        ctx.redirect(back(post), HttpStatus.SEE_OTHER);
    }

    void removePost(Context ctx) {
        Actor me = lookups.me(ctx);
        StoredObject post = lookups.objectById(ctx);
        String back = back(post);
        boolean isThread = polity.storage().stores().groups().findPost(post.uri()).map(GroupPost::isThread)
                .orElse(false);
        String groupPage = polity.storage().stores().groups().findPost(post.uri())
                .flatMap(gp -> polity.federation().actors().known(gp.groupUri())).map(GroupViews::path)
                .orElse("/groups");
        lookups.groups().moderation().remove(me, post.uri(), ctx.formParam("reason"));
        ctx.redirect(isThread ? groupPage : back.replaceAll("#.*$", ""), HttpStatus.SEE_OTHER);
    }
}

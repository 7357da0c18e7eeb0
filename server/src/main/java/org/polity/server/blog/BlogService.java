package org.polity.server.blog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.polity.federation.vocab.ActivityStreams;
import org.polity.server.Polity;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.model.ActorType;
import org.polity.server.model.ObjectKind;
import org.polity.server.model.StoredActivity;
import org.polity.server.model.StoredObject;
import org.polity.server.model.Visibility;
import org.polity.server.service.Forbidden;
import org.polity.server.service.NotFound;
import org.polity.server.text.Html;
import org.polity.server.translations.ApToTranslations;
import org.polity.server.translations.Translated;
import org.polity.server.translations.Translation;
import org.polity.server.translations.TranslationForm;

/**
 * Blogs: members' articles and the instance's official blog. The official blog is written by a {@code Service}
 * actor of its own, {@value #OFFICIAL} ({@code /users/official}, {@code @official@host}), which anyone on another
 * server (Mastodon included) can follow and which accepts follows without approval; only administrators write
 * and edit it. The instance actor (FEP-2677) stays what it is, the signer of the server's own fetches.
 *
 * <p>An article is an {@code Article} with its Markdown {@code source}, in a default language and any number of
 * translations ({@code contentMap}, {@code nameMap}, {@code summaryMap}, and {@code source.contentMap}); it is
 * created through the C2S outbox service and edited with an {@code Update}, as a client's would be.
 */
public final class BlogService {
    /** The official blog's actor (a reserved username, {@code ActorService.RESERVED}). */
    public static final String OFFICIAL = "official";
    public static final String NOT_YOURS = "Only the author of an article can edit it.";
    public static final String OFFICIAL_ONLY = "Only administrators write the official blog.";
    public static final String NO_SUCH_ARTICLE = "There is no such article.";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Object LOCK = new Object();

    private final Polity polity;

    public BlogService(Polity polity) {
        this.polity = polity;
    }

    /** An article as written: its language, title, summary (plain text), Markdown body, tags and translations. */
    public record Draft(String lang, String title, String summary, String content, List<String> tags,
            List<TranslationForm.Entry> translations) {}

    /** The official blog's actor, created (with its key pair) the first time it is needed. */
    public Actor officialActor() {
        Optional<Actor> found = polity.actors().findLocal(OFFICIAL).filter(a -> a.type() == ActorType.Service);
        if (found.isPresent()) {
            return found.get();
        }
        synchronized (LOCK) {
            return polity.actors().findLocal(OFFICIAL).orElseGet(() -> polity.storage().transaction(tx ->
                    polity.actors().createLocal(tx, ActorType.Service, OFFICIAL, polity.config().instanceName(),
                            "", false)));
        }
    }

    /** Whether {@code actor} is the official blog's. */
    public static boolean isOfficial(Actor actor) {
        return actor.local() && actor.type() == ActorType.Service && OFFICIAL.equals(actor.username());
    }

    /** Who may write the official blog: administrators. */
    public static boolean mayWriteOfficial(Account account) {
        return account.isAdmin();
    }

    /** Publishes a new article by the member, or on the official blog when {@code official} (administrators). */
    public StoredActivity publish(Account account, Draft draft, boolean official) {
        Actor author = official ? officialFor(account) : member(account);
        ObjectNode article = JSON.createObjectNode();
        article.put("type", "Article");
        fill(article, draft);
        article.putArray("to").add(ActivityStreams.PUBLIC);
        article.putArray("cc").add(author.followersUri());
        StringBuilder text = new StringBuilder(draft.content());
        draft.translations().forEach(t -> text.append('\n').append(t.content()));
        var hashtags = polity.federation().groups().hashtags().hashtags(text.toString(), draft.tags());
        if (!hashtags.isEmpty()) {
            article.set("tag", hashtags);
        }
        return polity.federation().outbox().submit(author, article);
    }

    /** Replaces an article's text and translations; the Update goes to everyone who received it. */
    public StoredActivity edit(Account account, long objectId, Draft draft) {
        StoredObject row = editable(account, objectId);
        Actor author = polity.storage().stores().actors().findActorById(row.attributedToId()).orElseThrow();
        ObjectNode object = JSON.createObjectNode();
        object.put("id", row.uri());
        object.put("type", "Article");
        fill(object, draft);
        if (draft.summary().isEmpty()) {
            object.put("summary", "");
        }
        ObjectNode update = JSON.createObjectNode();
        update.put("type", "Update");
        update.set("object", object);
        return polity.federation().outbox().submit(author, update);
    }

    /** An article as its editor shows it: the Markdown sources of every language. */
    public Draft draft(Account account, long objectId) {
        StoredObject row = editable(account, objectId);
        JsonNode payload = read(row.payload());
        Translated t = ApToTranslations.read(payload);
        Translation primary = t.primary();
        List<TranslationForm.Entry> translations = new ArrayList<>();
        var values = TranslationForm.values(t.translations());
        for (int i = 0; i < t.translations().size(); i++) {
            String q = TranslationForm.PREFIX + i + "-";
            translations.add(new TranslationForm.Entry(values.get(q + "lang"), values.get(q + "title"),
                    values.get(q + "summary"), values.get(q + "content")));
        }
        return new Draft(primary.lang() == null ? "" : primary.lang(), primary.name() == null ? "" : primary.name(),
                primary.summaryHtml() == null ? "" : Html.toPlainText(primary.summaryHtml(), 5_000),
                primary.contentSource() != null ? primary.contentSource()
                        : Html.toPlainText(primary.contentHtml(), Integer.MAX_VALUE),
                List.of(), translations);
    }

    /** The address of an article's editor for this viewer, or null when they may not edit it. */
    public String editPath(StoredObject object, Optional<Account> viewer) {
        if (viewer.isEmpty() || !object.local() || object.deleted() || object.kind() != ObjectKind.BLOG) {
            return null;
        }
        return mayEdit(viewer.get(), object) ? "/blog/" + object.id() + "/edit" : null;
    }

    /** The official blog's latest public articles, newest first. */
    public List<StoredObject> officialArticles(int limit) {
        Optional<Actor> official = polity.actors().findLocal(OFFICIAL).filter(BlogService::isOfficial);
        if (official.isEmpty()) {
            return List.of();
        }
        return polity.storage().stores().objects().findObjectsByAuthor(official.get().id(), Long.MAX_VALUE, limit * 2)
                .stream().filter(o -> !o.deleted() && o.kind() == ObjectKind.BLOG
                        && o.visibility() == Visibility.PUBLIC).limit(limit).toList();
    }

    private boolean mayEdit(Account account, StoredObject object) {
        if (object.attributedToId() == account.actorId()) {
            return true;
        }
        return mayWriteOfficial(account) && polity.storage().stores().actors().findActorById(object.attributedToId())
                .filter(BlogService::isOfficial).isPresent();
    }

    private StoredObject editable(Account account, long objectId) {
        StoredObject row = polity.storage().stores().objects().findObjectById(objectId)
                .filter(o -> o.local() && !o.deleted() && o.kind() == ObjectKind.BLOG)
                .orElseThrow(() -> new NotFound(NO_SUCH_ARTICLE));
        if (!mayEdit(account, row)) {
            throw new Forbidden(NOT_YOURS);
        }
        return row;
    }

    private Actor officialFor(Account account) {
        if (!mayWriteOfficial(account)) {
            throw new Forbidden(OFFICIAL_ONLY);
        }
        return officialActor();
    }

    private Actor member(Account account) {
        return polity.storage().stores().actors().findActorById(account.actorId()).orElseThrow();
    }

    /** Title, summary, Markdown source and their translations, as the object's language maps. */
    private static void fill(ObjectNode object, Draft draft) {
        object.put("name", draft.title());
        ObjectNode source = object.putObject("source");
        source.put("content", draft.content());
        source.put("mediaType", "text/markdown");
        if (!draft.summary().isEmpty()) {
            object.put("summary", summaryHtml(draft.summary()));
        }
        if (draft.lang().isEmpty()) {
            return;
        }
        ObjectNode names = object.putObject("nameMap");
        ObjectNode sources = source.putObject("contentMap");
        ObjectNode summaries = JSON.createObjectNode();
        names.put(draft.lang(), draft.title());
        sources.put(draft.lang(), draft.content());
        if (!draft.summary().isEmpty()) {
            summaries.put(draft.lang(), summaryHtml(draft.summary()));
        }
        for (TranslationForm.Entry t : draft.translations()) {
            names.put(t.lang(), t.title());
            sources.put(t.lang(), t.content());
            if (!t.summary().isEmpty()) {
                summaries.put(t.lang(), summaryHtml(t.summary()));
            }
        }
        if (!summaries.isEmpty()) {
            object.set("summaryMap", summaries);
        }
    }

    /** A summary typed as plain text, as HTML paragraphs. */
    static String summaryHtml(String text) {
        StringBuilder out = new StringBuilder();
        for (String para : text.strip().split("\\R\\s*\\R")) {
            out.append("<p>").append(Html.escape(para.strip()).replaceAll("\\R", "<br>")).append("</p>");
        }
        return out.toString();
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("stored JSON is unreadable", e);
        }
    }
}

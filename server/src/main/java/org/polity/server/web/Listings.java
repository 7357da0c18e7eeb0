package org.polity.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.polity.federation.vocab.ActivityStreams;
import org.polity.federation.vocab.Contexts;
import org.polity.server.Polity;
import org.polity.server.model.Actor;
import org.polity.server.model.StoredObject;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.Message;

/**
 * What the public listings share (the directories and search): the {@code before} cursor, one page of
 * objects with the cursor of the next, the entries the HTML shows, and the ActivityStreams collection the
 * JSON answer is. One code path, so every listing pages and serialises the same way.
 *
 * <p>Paging is by keyset: {@code ?before=<row id>} names the last object of the previous page (see
 * {@code ObjectStore#findPublicObjectsByKind}), so new posts never shift the pages a reader is walking.
 */
public final class Listings {
    public static final int PAGE_SIZE = 20;
    /** Characters of plain text an entry shows of an object's content. */
    static final int EXCERPT = 280;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Polity polity;
    private final Map<Long, Optional<Actor>> actors = new HashMap<>();

    public Listings(Polity polity) {
        this.polity = polity;
    }

    /** One page: the objects shown, how many there are in all, and the cursor of the next page (null: last). */
    record Slice(List<StoredObject> objects, long total, Long next) {
        /** {@code rows} fetched one over {@link #PAGE_SIZE}, to know whether a next page exists. */
        static Slice of(List<StoredObject> rows, long total) {
            List<StoredObject> shown = rows.subList(0, Math.min(rows.size(), PAGE_SIZE));
            Long next = rows.size() > PAGE_SIZE ? shown.get(PAGE_SIZE - 1).id() : null;
            return new Slice(List.copyOf(shown), total, next);
        }
    }

    /** An object as a listing shows it: title, author, date, a plain-text excerpt and where it lives. */
    public record Entry(StoredObject object, Actor author, String published, String excerpt, String title,
            String lang) {
        public Entry(StoredObject object, Actor author, String published, String excerpt) {
            this(object, author, published, excerpt, object.name(), null);
        }

        /** The object's own page: its url when it has one, else its id. */
        public String link() {
            return object.url() != null ? object.url() : object.uri();
        }

        public boolean hasTitle() {
            return title != null && !title.isBlank();
        }

        /**
         * Where the author's name links: their profile here for a member ({@code /profiles/{id}}, with Follow),
         * else their public profile page (ours or their server's).
         */
        public String authorLink(boolean member) {
            if (author == null) {
                return null;
            }
            if (member) {
                return "/profiles/" + author.id();
            }
            String page = Cards.httpOrNull(author.profileUrl());
            return page != null ? page : Cards.httpOrNull(author.uri());
        }

        public String authorName() {
            return author == null ? "" : author.displayName() == null || author.displayName().isBlank()
                    ? author.username() : author.displayName();
        }
    }

    /**
     * The {@code before} cursor of this request, or null for the first page.
     *
     * @throws InvalidInput (422) when it is not a positive row id
     */
    public static Long before(Context ctx, Messages m) {
        String value = ctx.queryParam("before");
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long id = Long.parseLong(value.strip());
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw InvalidInput.of("before", Message.of("directory.error.before"));
    }

    public Optional<Actor> actor(long id) {
        return actors.computeIfAbsent(id, i -> polity.storage().stores().actors().findActorById(i));
    }

    List<Entry> entries(Slice slice, Messages m, List<String> langs) {
        return slice.objects().stream().map(o -> entry(o, m, langs)).toList();
    }

    /** The official blog's latest public articles as entries, in the reader's language. */
    static List<Entry> officialBlog(Polity polity, Messages m, List<String> langs, int limit) {
        Listings listings = new Listings(polity);
        return new org.polity.server.blog.BlogService(polity).officialArticles(limit).stream()
                .map(o -> listings.entry(o, m, langs)).toList();
    }

    /**
     * An entry in the first of the reader's languages ({@code langs}, {@link Web#contentLanguages}) the object has
     * ({@code org.polity.server.translations}), else in its default.
     */
    public Entry entry(StoredObject o, Messages m, List<String> langs) {
        var translated = org.polity.server.translations.ApToTranslations.fromPayload(o.payload(), o.name(),
                o.contentHtml());
        var shown = translated.pick(langs);
        return new Entry(o, actor(o.attributedToId()).orElse(null), m.dateTime(o.publishedAt()),
                excerpt(shown.hasSummary() ? shown.summaryHtml() : shown.contentHtml()), shown.name(), shown.lang());
    }

    /**
     * Plain text of sanitised HTML, cut at about {@value #EXCERPT} characters on a word boundary. The template
     * escapes it again on the way out; tags are dropped and the few entities the sanitiser writes decoded.
     */
    public static String excerpt(String html) {
        if (html == null || html.isEmpty()) {
            return "";
        }
        String text = html.replaceAll("<[^>]*>", " ").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&quot;", "\"").replace("&#34;", "\"").replace("&#39;", "'").replace("&#64;", "@")
                .replace("&#43;", "+").replace("&#61;", "=").replace("&#96;", "`").replace("&amp;", "&")
                .replaceAll("\\s+", " ").strip();
        if (text.length() <= EXCERPT) {
            return text;
        }
        int cut = text.lastIndexOf(' ', EXCERPT);
        return text.substring(0, cut > EXCERPT / 2 ? cut : EXCERPT) + "…";
    }

    /**
     * The listing as ActivityStreams: the first page is an {@code OrderedCollection} with {@code totalItems}
     * and the page's objects in {@code orderedItems}; a later page ({@code before} given) is an
     * {@code OrderedCollectionPage} that is {@code partOf} it. Both carry {@code next} while more follow.
     * {@code collectionPath} is the listing's path with its query ({@code /search?q=...}), without a cursor;
     * {@code people}, shown first on the first page only, are local actors (search).
     */
    ObjectNode collection(String collectionPath, Long before, Slice slice, List<Actor> people) {
        String id = polity.uris().url(collectionPath);
        String separator = collectionPath.contains("?") ? "&" : "?";
        ObjectNode c = JSON.createObjectNode();
        ArrayNode context = c.putArray("@context");
        context.add(ActivityStreams.CONTEXT);
        context.add(Contexts.polityTerms());
        if (before == null) {
            c.put("id", id);
            c.put("type", "OrderedCollection");
        } else {
            c.put("id", id + separator + "before=" + before);
            c.put("type", "OrderedCollectionPage");
            c.put("partOf", id);
        }
        c.put("totalItems", slice.total() + people.size());
        ArrayNode items = c.putArray("orderedItems");
        for (Actor person : people) {
            items.add(actorItem(person));
        }
        for (StoredObject o : slice.objects()) {
            items.add(objectItem(o));
        }
        if (slice.next() != null) {
            c.put("next", id + separator + "before=" + slice.next());
        }
        return c;
    }

    /** A local actor in a collection: enough to show and follow it (its document has the rest). */
    public ObjectNode actorItem(Actor a) {
        ObjectNode item = JSON.createObjectNode();
        item.put("id", a.uri());
        item.put("type", a.type().name());
        item.put("preferredUsername", a.username());
        if (a.displayName() != null && !a.displayName().isBlank()) {
            item.put("name", a.displayName());
        }
        if (a.profileUrl() != null) {
            item.put("url", a.profileUrl());
        }
        return item;
    }

    /**
     * A public object in a collection, built from the stored columns (the sanitised content, never a remote
     * server's raw payload) with the full type list of its document, so {@code ["Article","Challenge"]}
     * stays visible to the hub and other readers.
     */
    public ObjectNode objectItem(StoredObject o) {
        ObjectNode item = JSON.createObjectNode();
        item.put("id", o.uri());
        JsonNode types = types(o);
        if (types.isArray() && types.size() == 1) {
            item.set("type", types.get(0));
        } else {
            item.set("type", types);
        }
        actor(o.attributedToId()).ifPresent(a -> item.put("attributedTo", a.uri()));
        if (o.name() != null && !o.name().isBlank()) {
            item.put("name", o.name());
        }
        item.put("content", o.contentHtml());
        if (o.url() != null) {
            item.put("url", o.url());
        }
        if (o.inReplyToUri() != null) {
            item.put("inReplyTo", o.inReplyToUri());
        }
        item.put("published", o.publishedAt().toString());
        if (o.updatedAt() != null) {
            item.put("updated", o.updatedAt().toString());
        }
        item.putArray("to").add(ActivityStreams.PUBLIC);
        return item;
    }

    /** The type list of the stored document (strings only), or the stored primary type. */
    private static JsonNode types(StoredObject o) {
        ArrayNode out = JSON.createArrayNode();
        try {
            JsonNode type = JSON.readTree(o.payload()).get("type");
            if (type != null && type.isTextual()) {
                out.add(type.asText());
            } else if (type != null && type.isArray()) {
                type.forEach(t -> {
                    if (t.isTextual() && out.size() < 8) {
                        out.add(t.asText());
                    }
                });
            }
        } catch (IOException e) {
            // an unreadable payload keeps the stored type
        }
        if (out.isEmpty()) {
            out.add(o.type());
        }
        return out;
    }

    /**
     * Writes ActivityStreams JSON in the media type asked for: {@code application/activity+json}, or
     * {@code application/ld+json} with the ActivityStreams profile when only JSON-LD was asked for.
     */
    public static void writeJson(Context ctx, JsonNode document) {
        String accept = ctx.header("Accept") == null ? "" : ctx.header("Accept").toLowerCase(Locale.ROOT);
        boolean ldOnly = accept.contains(ActivityStreams.LD_JSON) && !accept.contains(ActivityStreams.MEDIA_TYPE);
        ctx.contentType(ldOnly ? ActivityStreams.LD_JSON_PROFILE : ActivityStreams.MEDIA_TYPE)
                .result(Problems.utf8(document.toString()));
    }
}

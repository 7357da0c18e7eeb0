package org.polity.server.activitypub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.polity.federation.http.FetchBudget;
import org.polity.federation.resolve.ResolvedKey;
import org.polity.federation.signatures.HttpMessage;
import org.polity.federation.signatures.SignatureVerifier;
import org.polity.federation.signatures.VerifiedSignature;
import org.polity.federation.vocab.ActivityStreams;
import org.polity.federation.vocab.ApReader;
import org.polity.server.Polity;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.model.ActorType;
import org.polity.server.model.Visibility;
import org.polity.server.service.Message;
import org.polity.server.service.Forbidden;
import org.polity.server.service.NotFound;
import org.polity.server.web.BearerAuth;
import org.polity.server.web.Negotiation;
import org.polity.server.web.ObjectPages;
import org.polity.server.web.Problems;
import org.polity.server.web.Web;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the ActivityPub GET routes share: who is asking (bearer token or HTTP signature), the member or group a
 * path names, and the shapes of collections and pages (OrderedCollection with {@code totalItems} and a
 * {@code first} page; OrderedCollectionPage of {@value OutboxRoutes#PAGE_SIZE} items with a {@code next} cursor).
 */
final class CollectionSupport {
    static final SignatureVerifier VERIFIER = new SignatureVerifier(Duration.ofHours(1));
    static final ApReader READER = new ApReader();
    static final List<Visibility> LISTED = List.of(Visibility.PUBLIC, Visibility.UNLISTED);
    static final List<Visibility> ALL = List.of(Visibility.values());
    static final List<Visibility> MEMBERS = List.of(Visibility.PUBLIC, Visibility.UNLISTED,
            Visibility.FOLLOWERS);
    private static final Logger log = LoggerFactory.getLogger(CollectionSupport.class);

    private final Polity polity;
    private final BearerAuth auth;
    private final ObjectPages pages;

    CollectionSupport(Web web) {
        this.polity = web.polity();
        this.auth = new BearerAuth(polity);
        this.pages = new ObjectPages(web);
    }

    BearerAuth auth() {
        return auth;
    }

    ObjectPages pages() {
        return pages;
    }

    /**
     * Whether to answer a browser with HTML ({@link ObjectPages}) rather than ActivityStreams JSON; either way
     * the answer depends on {@code Accept}, which {@code Vary} says.
     */
    static boolean html(Context ctx) {
        ctx.header("Vary", "Accept, Authorization, Signature");
        return Negotiation.wantsHtml(ctx) && ctx.header("Authorization") == null;
    }


    ObjectService objects() {
        return polity.federation().objects();
    }


    boolean memberOrTheirServer(Actor group, Actor reader) {
        return polity.federation().groups().queries().isMember(group, reader)
                || !reader.local() && reader.type() == ActorType.Application && polity.storage().stores().follows()
                        .domainFollowsAnyCollection(reader.domain(), List.of(group.followersUri()));
    }


    Actor group(String name) {
        Actor actor = member(name);
        if (actor.type() != ActorType.Group) {
            throw new NotFound(Message.of("svc.group.noName"));
        }
        return actor;
    }

    /** A small OrderedCollection with its items inline. */
    static ObjectNode inline(String id, List<JsonNode> items) {
        ObjectNode c = Publisher.JSON.createObjectNode();
        c.put("@context", ActivityStreams.CONTEXT);
        c.put("id", id);
        c.put("type", "OrderedCollection");
        c.put("totalItems", items.size());
        ArrayNode ordered = c.putArray("orderedItems");
        items.forEach(ordered::add);
        return c;
    }


    // --- Who is asking -----------------------------------------------------------------------------------------

    /** The reader: the bearer token's actor, or a verified HTTP signature's key owner, or nobody. */
    Optional<Actor> reader(Context ctx) {
        Optional<Account> account = auth.account(ctx);
        if (account.isPresent()) {
            return Optional.of(auth.actorOf(account.get()));
        }
        if (ctx.header("Signature") == null && ctx.header("Signature-Input") == null) {
            return Optional.empty();
        }
        return signer(ctx);
    }

    /**
     * The actor that signed this GET (draft-cavage or RFC 9421): the key's owner, as the resolver checked it
     * (the owner's actor document lists the key). The target URI is our base URL's origin with the request's
     * path and query, which is what a remote server signed when it fetched our id.
     */
    Optional<Actor> signer(Context ctx) {
        URI base = polity.uris().base();
        String query = ctx.queryString();
        URI target = URI.create(base.getScheme() + "://" + base.getRawAuthority() + ctx.path()
                + (query == null ? "" : "?" + query));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        ctx.headerMap().forEach((name, value) -> headers.put(name, List.of(value)));
        HttpMessage message = HttpMessage.request(ctx.method().name(), target, headers, new byte[0]);
        FetchBudget budget = FetchBudget.perRequest();
        try {
            VerifiedSignature verified = VERIFIER.verify(message,
                    polity.federation().resolver().keyResolver(budget), polity.clock().instant());
            Optional<String> owner = polity.federation().resolver().cachedKey(verified.keyId())
                    .map(ResolvedKey::ownerId);
            if (owner.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(polity.federation().actors().resolve(owner.get(), budget));
        } catch (Exception e) {
            log.debug("GET {}: signature not accepted, answering as to anyone: {}", ctx.path(), e.getMessage());
            return Optional.empty();
        }
    }

    /** An active member's actor by name; anything else is 404, as on the actor document. */
    Actor member(String name) {
        return polity.actors().findLocal(name.toLowerCase(Locale.ROOT))
                .filter(a -> a.type() == ActorType.Person && polity.storage().stores().accounts()
                                .findAccountByActorId(a.id()).filter(Account::isActive).isPresent()
                        || a.type() == ActorType.Group
                                && polity.storage().stores().groups().findGroup(a.id()).isPresent()
                        || org.polity.server.blog.BlogService.isOfficial(a)) // the official blog's collections
                .orElseThrow(() -> new NotFound(Message.of("site.error.noMember")));
    }

    /** The actor of the path, which the bearer token must own (401 without a token, 403 for another's). */
    Actor ownerOnly(Context ctx) {
        Account account = auth.requireAccount(ctx);
        Actor owner = member(ctx.pathParam("name"));
        if (account.actorId() != owner.id()) {
            throw new Forbidden(Message.of("svc.owner.only", owner.username()));
        }
        privateIf(ctx, true);
        return owner;
    }

    // --- Documents ---------------------------------------------------------------------------------------------

    static boolean isPage(Context ctx) {
        return "true".equals(ctx.queryParam("page"));
    }

    static long cursor(Context ctx, String name, long otherwise) {
        String value = ctx.queryParam(name);
        if (value == null) {
            return otherwise;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw org.polity.server.service.InvalidInput.of(name, Message.of("svc.paging.next"));
        }
    }

    static void privateIf(Context ctx, boolean isPrivate) {
        if (isPrivate) {
            ctx.header("Cache-Control", "private, no-store");
        }
    }

    static ObjectNode collection(String id, long total) {
        ObjectNode c = Publisher.JSON.createObjectNode();
        c.put("@context", ActivityStreams.CONTEXT);
        c.put("id", id);
        c.put("type", "OrderedCollection");
        c.put("totalItems", total);
        c.put("first", id + "?page=true");
        return c;
    }

    /**
     * The collection document, or with {@code ?page=true} one of its pages. A collection of at most
     * {@value #OutboxRoutes.PAGE_SIZE} items also carries them all inline ({@code orderedItems}, as well as {@code first}), so
     * a client that reads only the collection sees everything (the conformance runner looks for a new activity
     * in the outbox's own items); a bigger one is read through its pages. {@code rows} are the first page's rows
     * (fetched one over the page size), unused when a big collection itself is asked for.
     */
    static <T> ObjectNode collectionOrPage(String collectionId, String cursorName, Context ctx, long total,
            List<T> rows, Function<T, Long> rowId, Function<T, JsonNode> item) {
        if (isPage(ctx)) {
            return page(collectionId, cursorName, ctx, rows, rowId, item);
        }
        ObjectNode c = collection(collectionId, total);
        if (total <= OutboxRoutes.PAGE_SIZE && rows.size() <= OutboxRoutes.PAGE_SIZE) {
            ArrayNode ordered = c.putArray("orderedItems");
            rows.forEach(r -> ordered.add(item.apply(r)));
        }
        return c;
    }

    /**
     * A page of {@code rows} (fetched one over the page size, to know whether there is a next page); the
     * cursor of the next page is the last item's row id.
     */
    static <T> ObjectNode page(String collectionId, String cursorName, Context ctx, List<T> rows,
            Function<T, Long> rowId, Function<T, JsonNode> item) {
        List<JsonNode> items = new ArrayList<>();
        for (T row : rows.subList(0, Math.min(rows.size(), OutboxRoutes.PAGE_SIZE))) {
            items.add(item.apply(row));
        }
        String next = rows.size() > OutboxRoutes.PAGE_SIZE
                ? collectionId + "?page=true&" + cursorName + "=" + rowId.apply(rows.get(OutboxRoutes.PAGE_SIZE - 1)) : null;
        return pageDocument(collectionId, ctx, items, next);
    }

    static ObjectNode pageDocument(String collectionId, Context ctx, List<JsonNode> items, String next) {
        ObjectNode p = Publisher.JSON.createObjectNode();
        p.put("@context", ActivityStreams.CONTEXT);
        String query = ctx.queryString();
        p.put("id", collectionId + (query == null ? "?page=true" : "?" + query));
        p.put("type", "OrderedCollectionPage");
        p.put("partOf", collectionId);
        if (next != null) {
            p.put("next", next);
        }
        ArrayNode ordered = p.putArray("orderedItems");
        items.forEach(ordered::add);
        return p;
    }

    /**
     * ActivityStreams JSON in the media type asked for: {@code application/activity+json}, or
     * {@code application/ld+json} with the profile when the client asked for JSON-LD only.
     */
    static void writeJson(Context ctx, int status, JsonNode document) {
        String accept = ctx.header("Accept") == null ? "" : ctx.header("Accept").toLowerCase(Locale.ROOT);
        boolean ldOnly = accept.contains(ActivityStreams.LD_JSON) && !accept.contains(ActivityStreams.MEDIA_TYPE);
        ctx.status(status).contentType(ldOnly ? ActivityStreams.LD_JSON_PROFILE : ActivityStreams.MEDIA_TYPE)
                .result(Problems.utf8(document.toString()));
    }
}

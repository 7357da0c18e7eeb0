package org.polity.server.activitypub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
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
import org.polity.federation.vocab.InvalidApDocument;
import org.polity.server.Polity;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.model.ActorType;
import org.polity.server.model.Follow;
import org.polity.server.model.InboxEntry;
import org.polity.server.model.Reaction;
import org.polity.server.model.StoredActivity;
import org.polity.server.model.StoredObject;
import org.polity.server.model.Visibility;
import org.polity.server.service.Forbidden;
import org.polity.server.service.NotFound;
import org.polity.server.storage.InboxStore;
import org.polity.server.web.BearerAuth;
import org.polity.server.web.Negotiation;
import org.polity.server.web.ObjectPages;
import org.polity.server.web.Problems;
import org.polity.server.web.RouteGroup;
import org.polity.server.web.Web;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An actor's ActivityPub collections and our objects and activities, over HTTP:
 * <ul>
 *   <li>{@code POST /users/{name}/outbox}: client-to-server (ActivityPub 6), with the owner's bearer token;
 *       answers {@code 201 Created}, {@code Location} = the new activity's id, and the activity;</li>
 *   <li>{@code GET /users/{name}/outbox}: public and unlisted activities, newest first; the owner (bearer
 *       token) sees all of theirs;</li>
 *   <li>{@code GET /users/{name}/inbox}: the owner only (ActivityPub 5.2): activities addressed to them, ours
 *       and received (see {@link InboxStore#findAddressedTo});</li>
 *   <li>{@code GET /users/{name}/home}: the owner only: posts of the people they follow, newest first;</li>
 *   <li>{@code GET /users/{name}/followers} and {@code /following}: accepted follows only, oldest first;</li>
 *   <li>{@code GET /users/{name}/liked}: the objects the member liked (public ones, or all to the member);
 *       {@code /users/{name}/likes}, {@code /shares} and {@code /objects/{id}/likes}, {@code /shares}: the Like
 *       and Announce activities of a member or a post, from the stored reactions;</li>
 *   <li>{@code GET /objects/{id}}, {@code GET /activities/{id}}: with the addressing enforced
 *       ({@link ObjectService#visibleTo}); an absent object and one the reader may not see get the same 404;
 *       a deleted object answers 410 Gone with its Tombstone.</li>
 * </ul>
 * Collections are {@code OrderedCollection}s with {@code totalItems} and a {@code first} page; pages are
 * {@code OrderedCollectionPage}s of {@value #PAGE_SIZE} items with a {@code next} cursor
 * ({@code ?page=true&before=...} or {@code &after=...}).
 *
 * <p>The reader of a GET is the bearer token's actor, or the actor whose key made a valid HTTP signature
 * (another server fetching for its users), or nobody. A bad token answers 401; a bad signature is treated
 * as no signature, so it sees what anyone sees.
 */
public final class OutboxRoutes implements RouteGroup {
    private static final Logger log = LoggerFactory.getLogger(OutboxRoutes.class);
    public static final int PAGE_SIZE = 20;
    private static final SignatureVerifier VERIFIER = new SignatureVerifier(Duration.ofHours(1));
    private static final ApReader READER = new ApReader();
    private static final List<Visibility> LISTED = List.of(Visibility.PUBLIC, Visibility.UNLISTED);
    private static final List<Visibility> ALL = List.of(Visibility.values());
    private static final List<Visibility> MEMBERS = List.of(Visibility.PUBLIC, Visibility.UNLISTED,
            Visibility.FOLLOWERS);

    private final Polity polity;
    private final BearerAuth auth;
    private final ObjectPages pages;

    public OutboxRoutes(Web web) {
        this.polity = web.polity();
        this.auth = new BearerAuth(polity);
        this.pages = new ObjectPages(web);
    }

    /**
     * Whether to answer a browser with HTML ({@link ObjectPages}) rather than ActivityStreams JSON; either way
     * the answer depends on {@code Accept}, which {@code Vary} says.
     */
    private static boolean html(Context ctx) {
        ctx.header("Vary", "Accept, Authorization, Signature");
        return Negotiation.wantsHtml(ctx) && ctx.header("Authorization") == null;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/users/{name}/outbox", this::postOutbox);
        routes.get("/users/{name}/outbox", this::outbox);
        routes.get("/users/{name}/inbox", this::inbox);
        routes.get("/users/{name}/home", this::home);
        routes.get("/users/{name}/followers", ctx -> follows(ctx, true));
        routes.get("/users/{name}/following", ctx -> follows(ctx, false));
        routes.get("/users/{name}/moderators", this::moderators);
        routes.get("/users/{name}/featured", this::featured);
        routes.get("/objects/{id}", this::object);
        routes.get("/objects/{id}/context", this::threadContext);
        routes.get("/objects/{id}/replies", this::replies);
        routes.get("/users/{name}/liked", this::liked);
        routes.get("/users/{name}/likes", ctx -> actorReactions(ctx, Reaction.Kind.LIKE));
        routes.get("/users/{name}/shares", ctx -> actorReactions(ctx, Reaction.Kind.ANNOUNCE));
        routes.get("/objects/{id}/likes", ctx -> objectReactions(ctx, Reaction.Kind.LIKE));
        routes.get("/objects/{id}/shares", ctx -> objectReactions(ctx, Reaction.Kind.ANNOUNCE));
        routes.get("/activities/{id}", this::activity);
        BearerAuth.register(routes);
    }

    private ObjectService objects() {
        return polity.federation().objects();
    }

    // --- POST outbox -------------------------------------------------------------------------------------------

    private void postOutbox(Context ctx) {
        Account account = auth.requireAccount(ctx);
        Actor owner = member(ctx.pathParam("name"));
        if (account.actorId() != owner.id()) {
            throw new Forbidden("This token cannot post to another member's outbox.");
        }
        if (!acceptableBodyType(ctx.contentType())) {
            Problems.write(ctx, 415, "Unsupported media type", "Post application/activity+json or "
                    + "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\".");
            return;
        }
        ObjectNode document;
        try {
            document = READER.parse(ctx.bodyAsBytes());
            READER.read(document); // the shape of every modelled property
        } catch (InvalidApDocument e) {
            Problems.write(ctx, 400, "Bad request", "The body is not a usable ActivityStreams document: "
                    + e.getMessage());
            return;
        }
        StoredActivity stored = polity.federation().outbox().submit(owner, document);
        ctx.header("Location", stored.uri());
        ctx.header("Cache-Control", "no-store");
        writeJson(ctx, 201, objects().present(stored));
    }

    /**
     * The body types the outbox parses as JSON: the ActivityStreams types and {@code application/json}, and also
     * none at all or {@code text/plain}, which is what a script's {@code fetch(url, {body: string})} sends
     * (the conformance runner posts so). Taking them is safe because the outbox authenticates by bearer token
     * only, which no cross-site form can add (the CSRF exemption of outboxes rests on that); form and
     * multipart bodies stay refused. The body must still parse as an ActivityStreams document (else 400).
     */
    static boolean acceptableBodyType(String contentType) {
        String type = contentType == null ? "" : contentType.strip().toLowerCase(Locale.ROOT);
        return type.isEmpty() || type.startsWith(ActivityStreams.MEDIA_TYPE) || type.startsWith(ActivityStreams.LD_JSON)
                || type.startsWith("application/json") || type.equals("text/plain") || type.startsWith("text/plain;");
    }

    // --- Collections -------------------------------------------------------------------------------------------

    private void outbox(Context ctx) {
        Actor owner = member(ctx.pathParam("name"));
        if (html(ctx)) {
            pages.toActorPage(ctx, owner);
            return;
        }
        boolean self = auth.account(ctx).map(a -> a.actorId() == owner.id()).orElse(false);
        // A members-only group's Announces are addressed to its members (FOLLOWERS): they are listed to its
        // members and to a member's server signing its fetch (FEP-2677), so a late joiner's server can backfill
        // them; never the group's DIRECT activities (Accepts, Rejects, invitations).
        boolean groupReader = !self && owner.type() == ActorType.Group && reader(ctx).map(r -> memberOrTheirServer(owner, r))
                .orElse(false);
        List<Visibility> visibilities = self ? ALL : groupReader ? MEMBERS : LISTED;
        privateIf(ctx, self || groupReader);
        var activities = polity.storage().stores().activities();
        long total = activities.countByActor(owner.id(), visibilities);
        long before = isPage(ctx) ? cursor(ctx, "before", Long.MAX_VALUE) : Long.MAX_VALUE;
        List<StoredActivity> rows = isPage(ctx) || total <= PAGE_SIZE
                ? activities.findByActor(owner.id(), visibilities, before, PAGE_SIZE + 1) : List.of();
        writeJson(ctx, 200, collectionOrPage(owner.outboxUri(), "before", ctx, total, rows, StoredActivity::id,
                a -> objects().present(a)));
    }

    private boolean memberOrTheirServer(Actor group, Actor reader) {
        return polity.federation().groups().isMember(group, reader)
                || !reader.local() && reader.type() == ActorType.Application && polity.storage().stores().follows()
                        .domainFollowsAnyCollection(reader.domain(), List.of(group.followersUri()));
    }

    // --- Likes and shares (ActivityPub 5.7, 5.8) ------------------------------------------------------------

    /**
     * What a member liked: the ids of the objects, newest like first. Anyone sees the likes of public and
     * unlisted objects this instance holds; the member, with their token, sees all their likes of objects that
     * still exist (docs/api.md).
     */
    private void liked(Context ctx) {
        Actor owner = member(ctx.pathParam("name"));
        if (html(ctx)) {
            pages.toActorPage(ctx, owner);
            return;
        }
        boolean self = auth.account(ctx).map(a -> a.actorId() == owner.id()).orElse(false);
        privateIf(ctx, self);
        var reactions = polity.storage().stores().reactions();
        long total = reactions.countLikedBy(owner.id(), !self);
        long before = isPage(ctx) ? cursor(ctx, "before", Long.MAX_VALUE) : Long.MAX_VALUE;
        List<Reaction> rows = isPage(ctx) || total <= PAGE_SIZE
                ? reactions.findLikedBy(owner.id(), !self, before, PAGE_SIZE + 1) : List.of();
        writeJson(ctx, 200, collectionOrPage(polity.uris().liked(owner.username()), "before", ctx, total, rows,
                Reaction::id, r -> Publisher.JSON.getNodeFactory().textNode(r.objectUri())));
    }

    /** The Likes or Announces of one of our members (public, as the member's document is). */
    private void actorReactions(Context ctx, Reaction.Kind kind) {
        Actor owner = member(ctx.pathParam("name"));
        if (html(ctx)) {
            pages.toActorPage(ctx, owner);
            return;
        }
        reactionsOf(ctx, owner.uri(), kind);
    }

    /** The Likes or Announces of one of our posts, to those who may see the post (404 to others, as the post). */
    private void objectReactions(Context ctx, Reaction.Kind kind) {
        String uri = polity.uris().object(ctx.pathParam("id"));
        if (html(ctx)) {
            pages.objectCollection(ctx, uri);
            return;
        }
        Optional<Actor> reader = reader(ctx);
        StoredObject row = polity.storage().stores().objects().findObjectByUri(uri)
                .filter(StoredObject::local).filter(o -> !o.deleted())
                .filter(o -> objects().visibleTo(o.uri(), o.attributedToId(), o.visibility(), reader))
                .orElseThrow(() -> new NotFound(ObjectService.NOT_VISIBLE));
        ctx.header("Vary", "Accept, Authorization, Signature");
        privateIf(ctx, row.visibility() != Visibility.PUBLIC && row.visibility() != Visibility.UNLISTED);
        reactionsOf(ctx, uri, kind);
    }

    /** The ids of the Like or Announce activities of {@code uri}, newest first. */
    private void reactionsOf(Context ctx, String uri, Reaction.Kind kind) {
        var reactions = polity.storage().stores().reactions();
        long total = reactions.count(uri, kind);
        long before = isPage(ctx) ? cursor(ctx, "before", Long.MAX_VALUE) : Long.MAX_VALUE;
        List<Reaction> rows = isPage(ctx) || total <= PAGE_SIZE
                ? reactions.findByObject(uri, kind, before, PAGE_SIZE + 1) : List.of();
        String id = kind == Reaction.Kind.LIKE ? polity.uris().likes(uri) : polity.uris().shares(uri);
        writeJson(ctx, 200, collectionOrPage(id, "before", ctx, total, rows, Reaction::id,
                r -> Publisher.JSON.getNodeFactory().textNode(r.activityUri())));
    }

    private void inbox(Context ctx) {
        Actor owner = ownerOnly(ctx);
        InboxStore inbox = polity.storage().stores().inbox();
        if (!isPage(ctx)) {
            writeJson(ctx, 200, collection(owner.inboxUri(), inbox.countAddressedTo(owner.id(), owner.uri())));
            return;
        }
        Instant at = InboxStore.FIRST_PAGE;
        InboxEntry.Source source = InboxEntry.Source.RECEIVED;
        long id = Long.MAX_VALUE;
        String before = ctx.queryParam("before");
        if (before != null) {
            // seconds.nanos-SOURCE-id: the full (time, source, id) of the last entry of the previous page
            String[] parts = before.split("-");
            try {
                String[] time = parts[0].split("\\.");
                at = Instant.ofEpochSecond(Long.parseLong(time[0]), Long.parseLong(time[1]));
                source = InboxEntry.Source.valueOf(parts[1]);
                id = Long.parseLong(parts[2]);
            } catch (RuntimeException e) {
                throw org.polity.server.service.InvalidInput.of("before", "Use the next link of the previous page.");
            }
        }
        List<InboxEntry> rows = inbox.findAddressedTo(owner.id(), owner.uri(), at, source, id, PAGE_SIZE + 1);
        List<JsonNode> items = new ArrayList<>();
        for (InboxEntry entry : rows.subList(0, Math.min(rows.size(), PAGE_SIZE))) {
            items.add(entry.source() == InboxEntry.Source.LOCAL
                    ? polity.storage().stores().activities().findActivityById(entry.id()).map(objects()::present)
                            .map(JsonNode.class::cast).orElse(ObjectService.readTree(entry.payload()))
                    : ObjectService.readTree(entry.payload()));
        }
        String next = null;
        if (rows.size() > PAGE_SIZE) {
            InboxEntry last = rows.get(PAGE_SIZE - 1);
            next = owner.inboxUri() + "?page=true&before=" + last.at().getEpochSecond() + "." + last.at().getNano()
                    + "-" + last.source().name() + "-" + last.id();
        }
        writeJson(ctx, 200, pageDocument(owner.inboxUri(), ctx, items, next));
    }

    private void home(Context ctx) {
        Actor owner = ownerOnly(ctx);
        String id = polity.uris().actor(owner.username()) + "/home";
        if (!isPage(ctx)) {
            ObjectNode c = Publisher.JSON.createObjectNode();
            c.put("@context", ActivityStreams.CONTEXT);
            c.put("id", id);
            c.put("type", "OrderedCollection");
            c.put("first", id + "?page=true");
            writeJson(ctx, 200, c);
            return;
        }
        long before = cursor(ctx, "before", Long.MAX_VALUE);
        List<StoredObject> rows = objects().homeTimeline(owner, before, PAGE_SIZE + 1);
        writeJson(ctx, 200, page(id, "before", ctx, rows, StoredObject::id, o -> {
            ObjectNode json = (ObjectNode) ObjectService.readTree(o.payload());
            json.remove("@context");
            return json;
        }));
    }

    private void follows(Context ctx, boolean followers) {
        Actor owner = member(ctx.pathParam("name"));
        if (html(ctx)) {
            pages.follows(ctx, owner, followers);
            return;
        }
        var store = polity.storage().stores().follows();
        String id = followers ? owner.followersUri() : owner.followingUri();
        if (owner.type() == ActorType.Group && isPage(ctx)
                && !polity.federation().groups().canRead(owner, reader(ctx).orElse(null))) {
            throw new Forbidden("Only members see who is in this group.");
        }
        if (!isPage(ctx)) {
            writeJson(ctx, 200, collection(id, followers ? store.countFollowers(owner.id(), Follow.State.ACCEPTED)
                    : store.countFollowing(owner.id(), Follow.State.ACCEPTED)));
            return;
        }
        long after = cursor(ctx, "after", 0);
        List<Follow> rows = followers ? store.findFollowers(owner.id(), Follow.State.ACCEPTED, after, PAGE_SIZE + 1)
                : store.findFollowing(owner.id(), Follow.State.ACCEPTED, after, PAGE_SIZE + 1);
        var actors = polity.storage().stores().actors();
        writeJson(ctx, 200, page(id, "after", ctx, rows, Follow::id, f -> Publisher.JSON.getNodeFactory().textNode(
                actors.findActorById(followers ? f.followerId() : f.followedId()).map(Actor::uri).orElse(null))));
    }

    // --- Groups (FEP-1b12) -------------------------------------------------------------------------------------

    /** A group's moderators (admins included), as Lemmy serves them: an OrderedCollection of actor ids. */
    private void moderators(Context ctx) {
        Actor group = group(ctx.pathParam("name"));
        if (html(ctx)) {
            pages.toActorPage(ctx, group);
            return;
        }
        GroupService groups = polity.federation().groups();
        List<JsonNode> items = new ArrayList<>();
        groups.roles(group).forEach(r -> items.add(Publisher.JSON.getNodeFactory().textNode(r.actor().uri())));
        writeJson(ctx, 200, inline(groups.moderatorsUri(group), items));
    }

    /** A group's pinned threads ({@code featured}, as Lemmy and Mastodon name it), embedded. */
    private void featured(Context ctx) {
        Actor group = group(ctx.pathParam("name"));
        if (html(ctx)) {
            pages.toActorPage(ctx, group);
            return;
        }
        GroupService groups = polity.federation().groups();
        List<JsonNode> items = new ArrayList<>();
        Optional<Actor> reader = reader(ctx);
        if (groups.canRead(group, reader.orElse(null))) {
            for (var thread : polity.storage().stores().groups().findThreads(group.uri(), 0, 50)) {
                if (!thread.pinned()) {
                    break; // pinned threads come first
                }
                polity.storage().stores().objects().findObjectByUri(thread.objectUri())
                        .filter(o -> !o.deleted())
                        .filter(o -> objects().visibleTo(o.uri(), o.attributedToId(), o.visibility(), reader))
                        .ifPresent(o -> {
                            if (!o.local()) {
                                // Another server's post: named by id, its own server serves it.
                                items.add(Publisher.JSON.getNodeFactory().textNode(o.uri()));
                                return;
                            }
                            ObjectNode json = (ObjectNode) ObjectService.readTree(o.payload());
                            json.remove("@context");
                            items.add(json);
                        });
            }
        }
        writeJson(ctx, 200, inline(groups.featuredUri(group), items));
    }

    /**
     * The context of a thread (FEP-7888): the ids of its posts that this instance holds and the reader may see,
     * the thread first, oldest first.
     */
    private void threadContext(Context ctx) {
        String threadUri = polity.uris().object(ctx.pathParam("id"));
        if (html(ctx)) {
            pages.objectCollection(ctx, threadUri);
            return;
        }
        Optional<Actor> reader = reader(ctx);
        StoredObject thread = polity.storage().stores().objects().findObjectByUri(threadUri)
                .filter(StoredObject::local)
                .filter(o -> objects().visibleTo(o.uri(), o.attributedToId(), o.visibility(), reader))
                .orElseThrow(() -> new NotFound(ObjectService.NOT_VISIBLE));
        List<JsonNode> items = new ArrayList<>();
        for (String uri : polity.storage().stores().groups().findThreadPosts(thread.uri(), 1_000)) {
            polity.storage().stores().objects().findObjectByUri(uri).filter(o -> !o.deleted())
                    .filter(o -> objects().visibleTo(o.uri(), o.attributedToId(), o.visibility(), reader))
                    .ifPresent(o -> items.add(Publisher.JSON.getNodeFactory().textNode(o.uri())));
        }
        ctx.header("Vary", "Accept, Authorization, Signature");
        privateIf(ctx, thread.visibility() != Visibility.PUBLIC && thread.visibility() != Visibility.UNLISTED);
        writeJson(ctx, 200, inline(threadUri + "/context", items));
    }

    /** The direct replies to one of our posts that this instance holds and the reader may see, oldest first. */
    private void replies(Context ctx) {
        String uri = polity.uris().object(ctx.pathParam("id"));
        if (html(ctx)) {
            pages.objectCollection(ctx, uri);
            return;
        }
        Optional<Actor> reader = reader(ctx);
        StoredObject parent = polity.storage().stores().objects().findObjectByUri(uri)
                .filter(StoredObject::local)
                .filter(o -> objects().visibleTo(o.uri(), o.attributedToId(), o.visibility(), reader))
                .orElseThrow(() -> new NotFound(ObjectService.NOT_VISIBLE));
        List<JsonNode> items = new ArrayList<>();
        for (StoredObject reply : polity.storage().stores().objects().findReplies(parent.uri(), 1_000)) {
            if (!reply.deleted() && objects().visibleTo(reply.uri(), reply.attributedToId(), reply.visibility(), reader)) {
                items.add(Publisher.JSON.getNodeFactory().textNode(reply.uri()));
            }
        }
        ctx.header("Vary", "Accept, Authorization, Signature");
        privateIf(ctx, parent.visibility() != Visibility.PUBLIC && parent.visibility() != Visibility.UNLISTED);
        writeJson(ctx, 200, inline(uri + "/replies", items));
    }

    private Actor group(String name) {
        Actor actor = member(name);
        if (actor.type() != ActorType.Group) {
            throw new NotFound("There is no group with that name on this instance.");
        }
        return actor;
    }

    /** A small OrderedCollection with its items inline. */
    private static ObjectNode inline(String id, List<JsonNode> items) {
        ObjectNode c = Publisher.JSON.createObjectNode();
        c.put("@context", ActivityStreams.CONTEXT);
        c.put("id", id);
        c.put("type", "OrderedCollection");
        c.put("totalItems", items.size());
        ArrayNode ordered = c.putArray("orderedItems");
        items.forEach(ordered::add);
        return c;
    }

    // --- Objects and activities --------------------------------------------------------------------------------

    private void object(Context ctx) {
        String uri = polity.uris().object(ctx.pathParam("id"));
        if (html(ctx)) {
            pages.object(ctx, uri);
            return;
        }
        Optional<Actor> reader = reader(ctx);
        StoredObject row = polity.storage().stores().objects().findObjectByUri(uri)
                .filter(StoredObject::local)
                .filter(o -> objects().visibleTo(o.uri(), o.attributedToId(), o.visibility(), reader))
                .orElseThrow(() -> new NotFound(ObjectService.NOT_VISIBLE));
        ctx.header("Vary", "Accept, Authorization, Signature");
        privateIf(ctx, row.visibility() != Visibility.PUBLIC && row.visibility() != Visibility.UNLISTED);
        if (row.deleted()) {
            writeJson(ctx, 410, ObjectService.tombstone(row.uri(), row.type(), row.deletedAt()));
            return;
        }
        JsonNode document = ObjectService.readTree(row.payload());
        if (document instanceof ObjectNode o && !o.has("likes")) {
            // Posts stored before likes and shares were served: the collections exist for them too.
            o.put("likes", polity.uris().likes(row.uri()));
            o.put("shares", polity.uris().shares(row.uri()));
        }
        writeJson(ctx, 200, document);
    }

    private void activity(Context ctx) {
        String uri = polity.uris().activity(ctx.pathParam("id"));
        if (html(ctx)) {
            Optional<Actor> viewer = pages.viewer(ctx);
            pages.activity(ctx, polity.storage().stores().activities().findActivityByUri(uri)
                    .filter(a -> objects().visibleTo(a.uri(), a.actorId(), a.visibility(), viewer))
                    .orElseThrow(() -> new NotFound(ObjectService.NOT_VISIBLE)));
            return;
        }
        Optional<Actor> reader = reader(ctx);
        StoredActivity row = polity.storage().stores().activities().findActivityByUri(uri)
                .filter(a -> objects().visibleTo(a.uri(), a.actorId(), a.visibility(), reader))
                .orElseThrow(() -> new NotFound(ObjectService.NOT_VISIBLE));
        ctx.header("Vary", "Accept, Authorization, Signature");
        privateIf(ctx, row.visibility() != Visibility.PUBLIC && row.visibility() != Visibility.UNLISTED);
        writeJson(ctx, 200, objects().present(row));
    }

    // --- Who is asking -----------------------------------------------------------------------------------------

    /** The reader: the bearer token's actor, or a verified HTTP signature's key owner, or nobody. */
    private Optional<Actor> reader(Context ctx) {
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
    private Optional<Actor> signer(Context ctx) {
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
    private Actor member(String name) {
        return polity.actors().findLocal(name.toLowerCase(Locale.ROOT))
                .filter(a -> a.type() == ActorType.Person && polity.storage().stores().accounts()
                                .findAccountByActorId(a.id()).filter(Account::isActive).isPresent()
                        || a.type() == ActorType.Group
                                && polity.storage().stores().groups().findGroup(a.id()).isPresent()
                        || org.polity.server.blog.BlogService.isOfficial(a)) // the official blog's collections
                .orElseThrow(() -> new NotFound("There is no member with that name on this instance."));
    }

    /** The actor of the path, which the bearer token must own (401 without a token, 403 for another's). */
    private Actor ownerOnly(Context ctx) {
        Account account = auth.requireAccount(ctx);
        Actor owner = member(ctx.pathParam("name"));
        if (account.actorId() != owner.id()) {
            throw new Forbidden("Only " + owner.username() + " can read this.");
        }
        privateIf(ctx, true);
        return owner;
    }

    // --- Documents ---------------------------------------------------------------------------------------------

    private static boolean isPage(Context ctx) {
        return "true".equals(ctx.queryParam("page"));
    }

    private static long cursor(Context ctx, String name, long otherwise) {
        String value = ctx.queryParam(name);
        if (value == null) {
            return otherwise;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw org.polity.server.service.InvalidInput.of(name, "Use the next link of the previous page.");
        }
    }

    private static void privateIf(Context ctx, boolean isPrivate) {
        if (isPrivate) {
            ctx.header("Cache-Control", "private, no-store");
        }
    }

    private static ObjectNode collection(String id, long total) {
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
     * {@value #PAGE_SIZE} items also carries them all inline ({@code orderedItems}, as well as {@code first}), so
     * a client that reads only the collection sees everything (the conformance runner looks for a new activity
     * in the outbox's own items); a bigger one is read through its pages. {@code rows} are the first page's rows
     * (fetched one over the page size), unused when a big collection itself is asked for.
     */
    private static <T> ObjectNode collectionOrPage(String collectionId, String cursorName, Context ctx, long total,
            List<T> rows, Function<T, Long> rowId, Function<T, JsonNode> item) {
        if (isPage(ctx)) {
            return page(collectionId, cursorName, ctx, rows, rowId, item);
        }
        ObjectNode c = collection(collectionId, total);
        if (total <= PAGE_SIZE && rows.size() <= PAGE_SIZE) {
            ArrayNode ordered = c.putArray("orderedItems");
            rows.forEach(r -> ordered.add(item.apply(r)));
        }
        return c;
    }

    /**
     * A page of {@code rows} (fetched one over the page size, to know whether there is a next page); the
     * cursor of the next page is the last item's row id.
     */
    private static <T> ObjectNode page(String collectionId, String cursorName, Context ctx, List<T> rows,
            Function<T, Long> rowId, Function<T, JsonNode> item) {
        List<JsonNode> items = new ArrayList<>();
        for (T row : rows.subList(0, Math.min(rows.size(), PAGE_SIZE))) {
            items.add(item.apply(row));
        }
        String next = rows.size() > PAGE_SIZE
                ? collectionId + "?page=true&" + cursorName + "=" + rowId.apply(rows.get(PAGE_SIZE - 1)) : null;
        return pageDocument(collectionId, ctx, items, next);
    }

    private static ObjectNode pageDocument(String collectionId, Context ctx, List<JsonNode> items, String next) {
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
    private static void writeJson(Context ctx, int status, JsonNode document) {
        String accept = ctx.header("Accept") == null ? "" : ctx.header("Accept").toLowerCase(Locale.ROOT);
        boolean ldOnly = accept.contains(ActivityStreams.LD_JSON) && !accept.contains(ActivityStreams.MEDIA_TYPE);
        ctx.status(status).contentType(ldOnly ? ActivityStreams.LD_JSON_PROFILE : ActivityStreams.MEDIA_TYPE)
                .result(Problems.utf8(document.toString()));
    }
}

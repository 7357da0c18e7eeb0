package org.polity.server.activitypub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.polity.federation.vocab.ActivityStreams;
import org.polity.federation.vocab.InvalidApDocument;
import org.polity.server.Polity;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.model.ActorType;
import org.polity.server.model.InboxEntry;
import org.polity.server.model.Reaction;
import org.polity.server.model.StoredActivity;
import org.polity.server.model.StoredObject;
import org.polity.server.model.Visibility;
import org.polity.server.service.Message;
import org.polity.server.service.Forbidden;
import org.polity.server.storage.InboxStore;
import org.polity.server.web.BearerAuth;
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
    public static final int PAGE_SIZE = 20;
    private static final Logger log = LoggerFactory.getLogger(OutboxRoutes.class);

    private final Polity polity;
    private final CollectionSupport c;
    private final FollowCollectionRoutes follows;
    private final GroupCollectionRoutes groups;
    private final ReactionCollectionRoutes reactions;
    private final ObjectRoutes objectRoutes;

    public OutboxRoutes(Web web) {
        this.polity = web.polity();
        this.c = new CollectionSupport(web);
        this.follows = new FollowCollectionRoutes(polity, c);
        this.groups = new GroupCollectionRoutes(polity, c);
        this.reactions = new ReactionCollectionRoutes(polity, c);
        this.objectRoutes = new ObjectRoutes(polity, c);
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/users/{name}/outbox", this::postOutbox);
        routes.get("/users/{name}/outbox", this::outbox);
        routes.get("/users/{name}/inbox", this::inbox);
        routes.get("/users/{name}/home", this::home);
        routes.get("/users/{name}/followers", ctx -> follows.follows(ctx, true));
        routes.get("/users/{name}/following", ctx -> follows.follows(ctx, false));
        routes.get("/users/{name}/moderators", groups::moderators);
        routes.get("/users/{name}/featured", groups::featured);
        routes.get("/objects/{id}", objectRoutes::object);
        routes.get("/objects/{id}/context", objectRoutes::threadContext);
        routes.get("/objects/{id}/replies", objectRoutes::replies);
        routes.get("/users/{name}/liked", reactions::liked);
        routes.get("/users/{name}/likes", ctx -> reactions.actorReactions(ctx, Reaction.Kind.LIKE));
        routes.get("/users/{name}/shares", ctx -> reactions.actorReactions(ctx, Reaction.Kind.ANNOUNCE));
        routes.get("/objects/{id}/likes", ctx -> reactions.objectReactions(ctx, Reaction.Kind.LIKE));
        routes.get("/objects/{id}/shares", ctx -> reactions.objectReactions(ctx, Reaction.Kind.ANNOUNCE));
        routes.get("/activities/{id}", objectRoutes::activity);
        BearerAuth.register(routes);
    }


    // --- POST outbox -------------------------------------------------------------------------------------------

    void postOutbox(Context ctx) {
        Account account = c.auth().requireAccount(ctx);
        Actor owner = c.member(ctx.pathParam("name"));
        if (account.actorId() != owner.id()) {
            throw new Forbidden(Message.of("svc.outbox.otherMember"));
        }
        if (!acceptableBodyType(ctx.contentType())) {
            Problems.write(ctx, 415, "Unsupported media type", "Post application/activity+json or "
                    + "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\".");
            return;
        }
        ObjectNode document;
        try {
            document = CollectionSupport.READER.parse(ctx.bodyAsBytes());
            CollectionSupport.READER.read(document); // the shape of every modelled property
        } catch (InvalidApDocument e) {
            Problems.write(ctx, 400, "Bad request", "The body is not a usable ActivityStreams document: "
                    + e.getMessage());
            return;
        }
        StoredActivity stored = polity.federation().outbox().submit(owner, document);
        ctx.header("Location", stored.uri());
        ctx.header("Cache-Control", "no-store");
        CollectionSupport.writeJson(ctx, 201, c.objects().present(stored));
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

    void outbox(Context ctx) {
        Actor owner = c.member(ctx.pathParam("name"));
        if (CollectionSupport.html(ctx)) {
            c.pages().toActorPage(ctx, owner);
            return;
        }
        boolean self = c.auth().account(ctx).map(a -> a.actorId() == owner.id()).orElse(false);
        // A members-only group's Announces are addressed to its members (FOLLOWERS): they are listed to its
        // members and to a member's server signing its fetch (FEP-2677), so a late joiner's server can backfill
        // them; never the group's DIRECT activities (Accepts, Rejects, invitations).
        boolean groupReader = !self && owner.type() == ActorType.Group && c.reader(ctx).map(r -> c.memberOrTheirServer(owner, r))
                .orElse(false);
        List<Visibility> visibilities = self ? CollectionSupport.ALL : groupReader ? CollectionSupport.MEMBERS : CollectionSupport.LISTED;
        CollectionSupport.privateIf(ctx, self || groupReader);
        var activities = polity.storage().stores().activities();
        long total = activities.countByActor(owner.id(), visibilities);
        long before = CollectionSupport.isPage(ctx) ? CollectionSupport.cursor(ctx, "before", Long.MAX_VALUE) : Long.MAX_VALUE;
        List<StoredActivity> rows = CollectionSupport.isPage(ctx) || total <= OutboxRoutes.PAGE_SIZE
                ? activities.findByActor(owner.id(), visibilities, before, OutboxRoutes.PAGE_SIZE + 1) : List.of();
        CollectionSupport.writeJson(ctx, 200, CollectionSupport.collectionOrPage(owner.outboxUri(), "before", ctx, total, rows, StoredActivity::id,
                a -> c.objects().present(a)));
    }


    void inbox(Context ctx) {
        Actor owner = c.ownerOnly(ctx);
        InboxStore inbox = polity.storage().stores().inbox();
        if (!CollectionSupport.isPage(ctx)) {
            CollectionSupport.writeJson(ctx, 200, CollectionSupport.collection(owner.inboxUri(), inbox.countAddressedTo(owner.id(), owner.uri())));
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
                throw org.polity.server.service.InvalidInput.of("before", Message.of("svc.paging.next"));
            }
        }
        List<InboxEntry> rows = inbox.findAddressedTo(owner.id(), owner.uri(), at, source, id, OutboxRoutes.PAGE_SIZE + 1);
        List<JsonNode> items = new ArrayList<>();
        for (InboxEntry entry : rows.subList(0, Math.min(rows.size(), OutboxRoutes.PAGE_SIZE))) {
            items.add(entry.source() == InboxEntry.Source.LOCAL
                    ? polity.storage().stores().activities().findActivityById(entry.id()).map(c.objects()::present)
                            .map(JsonNode.class::cast).orElse(ObjectService.readTree(entry.payload()))
                    : ObjectService.readTree(entry.payload()));
        }
        String next = null;
        if (rows.size() > OutboxRoutes.PAGE_SIZE) {
            InboxEntry last = rows.get(OutboxRoutes.PAGE_SIZE - 1);
            next = owner.inboxUri() + "?page=true&before=" + last.at().getEpochSecond() + "." + last.at().getNano()
                    + "-" + last.source().name() + "-" + last.id();
        }
        CollectionSupport.writeJson(ctx, 200, CollectionSupport.pageDocument(owner.inboxUri(), ctx, items, next));
    }

    void home(Context ctx) {
        Actor owner = c.ownerOnly(ctx);
        String id = polity.uris().actor(owner.username()) + "/home";
        if (!CollectionSupport.isPage(ctx)) {
            ObjectNode c = Publisher.JSON.createObjectNode();
            c.put("@context", ActivityStreams.CONTEXT);
            c.put("id", id);
            c.put("type", "OrderedCollection");
            c.put("first", id + "?page=true");
            CollectionSupport.writeJson(ctx, 200, c);
            return;
        }
        long before = CollectionSupport.cursor(ctx, "before", Long.MAX_VALUE);
        List<StoredObject> rows = c.objects().homeTimeline(owner, before, OutboxRoutes.PAGE_SIZE + 1);
        CollectionSupport.writeJson(ctx, 200, CollectionSupport.page(id, "before", ctx, rows, StoredObject::id, o -> {
            ObjectNode json = (ObjectNode) ObjectService.readTree(o.payload());
            json.remove("@context");
            return json;
        }));
    }
}

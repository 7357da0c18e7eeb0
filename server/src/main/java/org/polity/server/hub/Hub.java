package org.polity.server.hub;

import org.polity.server.audit.AuditLog;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.polity.federation.http.FetchBudget;
import org.polity.federation.http.FetchException;
import org.polity.federation.inbox.InboxDispatcher;
import org.polity.federation.vocab.ActivityStreams;
import org.polity.federation.vocab.ApReader;
import org.polity.server.Polity;
import org.polity.server.activitypub.Publisher;
import org.polity.server.config.PolityConfig;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.model.ObjectKind;
import org.polity.server.model.StoredActivity;
import org.polity.server.model.StoredObject;
import org.polity.server.model.Visibility;
import org.polity.server.service.Forbidden;
import org.polity.server.service.Message;
import org.polity.server.service.NotFound;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub (DESIGN.md, "Hub"), as a relay in the manner of FEP-ae0c and Mastodon's relays.
 *
 * <p><b>On the hub</b> ({@code POLITY_MODE=hub}): a national instance's actor asks to join with a {@code Follow}
 * whose object is the public collection; an administrator approves it (or not), and the hub answers
 * {@code Accept}, follows the member back, and sends it what it already relayed (the backfill, in pages). From
 * then on every {@code Create}, {@code Update} or {@code Delete} of a challenge, response or case study a member
 * sends the hub is relayed to every other member, byte for byte as it arrived (the hub's HTTP signature on the
 * original body), never back to its origin, at most once per activity id.
 *
 * <p><b>On a national instance</b> ({@code POLITY_HUB_URL}): it asks to join at start-up, sends its hub the
 * public activities of the kinds its administrators chose, and takes what its hub relays as the origin's own
 * only once it has checked it with the origin: the object is fetched from its own server (and a {@code Delete}
 * counts only when the origin no longer has the object). The relaying hub's signature proves who relayed, not
 * who wrote.
 */
public final class Hub {
    private static final Logger log = LoggerFactory.getLogger(Hub.class);

    /** The kinds a national instance may send its hub, by their keys. */
    public static final List<String> KINDS = List.of("challenges", "responses", "case-studies");
    /** The activities the hub relays. */
    static final Set<String> RELAYED_TYPES = Set.of("Create", "Update", "Delete");
    static final String RELAYED_KINDS_SETTING = "hub_relayed_kinds";
    static final int BACKFILL_PAGE = 100;

    static final Message NOT_ADMIN = Message.of("hub.error.notAdmin");
    static final Message NO_MEMBER = Message.of("hub.error.noMember");

    private final Polity polity;

    public Hub(Polity polity) {
        this.polity = polity;
    }

    private HubStore store() {
        return polity.storage().stores().hub();
    }

    public boolean isHub() {
        return polity.config().mode() == PolityConfig.Mode.HUB;
    }

    private Actor hubActor() {
        return polity.storage().stores().actors().findLocalActorByUsername(
                org.polity.server.service.ActorService.INSTANCE_ACTOR).orElseThrow();
    }

    // --- On the hub --------------------------------------------------------------------------------------------

    /** A {@code Follow} of the public collection: an instance asks to join the hub. Empty when not one. */
    public Optional<String> receiveJoin(Actor member, JsonNode follow) {
        String object = ApReader.idOf(follow.get("object"));
        if (!isHub() || object == null || !ActivityStreams.isPublic(object)) {
            return Optional.empty();
        }
        String followId = ApReader.idOf(follow.get("id"));
        store().putMember(new HubStore.Member(member.id(), member.domain(), HubStore.Member.PENDING, followId,
                polity.clock().instant(), null));
        Optional<HubStore.Member> now = store().findMember(member.id());
        if (now.filter(m -> m.state().equals(HubStore.Member.ACCEPTED)).isPresent()) {
            accept(member, followId); // asked again (its Accept was lost): answered again
        }
        return Optional.of(member.acct() + " asks to join the hub (" + now.map(HubStore.Member::state).orElse("?")
                + ")");
    }

    /**
     * An administrator admits a member: the hub accepts its Follow, follows it back, and sends it what the hub
     * relayed before (oldest first, never what the member itself sent).
     */
    public void approve(Account admin, long memberActorId) throws FetchException {
        requireAdmin(admin);
        HubStore.Member member = store().findMember(memberActorId).orElseThrow(() -> new NotFound(NO_MEMBER));
        Actor actor = polity.storage().stores().actors().findActorById(memberActorId).orElseThrow();
        store().setMemberState(memberActorId, HubStore.Member.ACCEPTED, admin.id(), polity.clock().instant());
        accept(actor, member.followActivityUri());
        if (polity.storage().stores().follows().findFollow(hubActor().id(), actor.id()).isEmpty()) {
            polity.federation().follows().follow(hubActor(), actor, null);
        }
        backfill(actor, member.domain());
        polity.audit().record(admin, AuditLog.HUB_ADMIT, member.domain(), actor.uri());
    }

    /** An administrator suspends a member: nothing is relayed to or from it until it is approved again. */
    public void suspend(Account admin, long memberActorId) {
        requireAdmin(admin);
        HubStore.Member member = store().findMember(memberActorId).orElseThrow(() -> new NotFound(NO_MEMBER));
        store().setMemberState(memberActorId, HubStore.Member.SUSPENDED, admin.id(), polity.clock().instant());
        polity.audit().record(admin, AuditLog.HUB_SUSPEND, member.domain(), null);
    }

    public List<HubStore.Member> members(String state) {
        return store().findMembers(state);
    }

    private void accept(Actor member, String followId) {
        Publisher publisher = polity.federation().publisher();
        Actor hub = hubActor();
        ObjectNode accept = publisher.activity(hub, "Accept");
        ObjectNode inner = accept.putObject("object");
        inner.put("id", followId).put("type", "Follow").put("actor", member.uri()).put("object", ActivityStreams.PUBLIC);
        accept.putArray("to").add(member.uri());
        publisher.publish(hub, accept);
    }

    /**
     * A verified activity from {@code actorUri} (its signer), as received in {@code body}: relayed when its sender
     * is an admitted member, its type and kind are relayed, and its id is new to the hub. Why not, when not.
     */
    public Optional<String> relay(String actorUri, JsonNode activity, byte[] body) {
        if (!isHub()) {
            return Optional.of("not a hub");
        }
        String type = activity.path("type").asText("");
        if (!RELAYED_TYPES.contains(type)) {
            return Optional.of(type + " is not relayed");
        }
        // The sender's server, as actors' domains are written (host, and port when there is one; ApToModel).
        URI sender = URI.create(actorUri);
        String domain = sender.getHost() == null ? "" : sender.getHost().toLowerCase(java.util.Locale.ROOT)
                + (sender.getPort() == -1 ? "" : ":" + sender.getPort());
        Optional<HubStore.Member> member = store().findMemberByDomain(domain)
                .filter(m -> m.state().equals(HubStore.Member.ACCEPTED));
        if (member.isEmpty()) {
            return Optional.of(actorUri + " is not on an admitted member instance");
        }
        if (!"Delete".equals(type)) {
            // A Delete is always relayed (members must be able to remove what they hold); the rest by kind.
            String key = kindKey(activity.get("object"));
            if (key == null) {
                return Optional.of(type + " of something other than a challenge, response or case study");
            }
            if (!relayedKinds().contains(key)) {
                return Optional.of(type + " of " + key + ", which this hub does not relay");
            }
        }
        String id = ApReader.idOf(activity.get("id"));
        Actor hub = hubActor();
        String origin = member.get().domain();
        List<String> inboxes = new ArrayList<>();
        for (HubStore.Member m : store().findMembers(HubStore.Member.ACCEPTED)) {
            if (!m.domain().equals(origin)) {
                polity.storage().stores().actors().findActorById(m.actorId())
                        .ifPresent(a -> inboxes.add(a.sharedInboxUri() != null ? a.sharedInboxUri() : a.inboxUri()));
            }
        }
        Instant now = polity.clock().instant();
        String payload = new String(body, StandardCharsets.UTF_8);
        boolean fresh = polity.storage().transaction(tx -> {
            if (tx.activities().findActivityByUri(id).isPresent()) {
                return false;
            }
            StoredActivity copy = tx.activities().insert(new StoredActivity(0, id, type, hub.id(),
                    ApReader.idOf(activity.get("object")), Visibility.DIRECT, now, payload));
            if (!tx.hub().insertRelayed(new HubStore.Relayed(0, id, origin, type, copy.id(), now))) {
                return false;
            }
            tx.deliveries().enqueue(copy.id(), inboxes, now);
            return true;
        });
        if (!fresh) {
            return Optional.of(id + " was relayed already");
        }
        polity.federation().deliveries().wake();
        log.info("relayed {} {} from {} to {} member inboxes", type, id, origin, inboxes.size());
        return Optional.empty();
    }

    /** The key of {@link #KINDS} an object kind is relayed under, or null when it is never relayed. */
    static String kindKey(ObjectKind kind) {
        return kind == ObjectKind.CHALLENGE ? "challenges" : kind == ObjectKind.RESPONSE ? "responses"
                : kind == ObjectKind.CASE_STUDY ? "case-studies" : null;
    }

    private static String kindKey(JsonNode object) {
        return object == null || !object.isObject() ? null : kindKey(ObjectKind.of(InboxDispatcher.types(object)));
    }

    /** The kinds this hub relays (its type allowlist, {@link #KINDS} until an administrator narrows it). */
    public List<String> relayedKinds() {
        return polity.storage().stores().settings().find(RELAYED_KINDS_SETTING)
                .map(v -> java.util.Arrays.stream(v.split(",")).filter(KINDS::contains).toList()).orElse(KINDS);
    }

    /** The hub's administrator chooses which kinds it relays (keys of {@link #KINDS}); Delete is always relayed. */
    public void chooseRelayedKinds(Account admin, List<String> kinds) {
        requireAdmin(admin);
        if (!isHub()) {
            throw new NotFound(NO_MEMBER);
        }
        String chosen = String.join(",", kinds.stream().filter(KINDS::contains).distinct().toList());
        polity.storage().stores().settings().upsert(RELAYED_KINDS_SETTING, chosen);
        polity.audit().record(admin, AuditLog.HUB_KINDS, "relayed kinds", chosen);
    }

    /** Queues, page by page, what the hub relayed (but what came from {@code domain}) to a newly admitted member. */
    void backfill(Actor member, String domain) {
        String inbox = member.sharedInboxUri() != null ? member.sharedInboxUri() : member.inboxUri();
        long after = 0;
        int queued = 0;
        while (true) {
            List<HubStore.Relayed> page = store().findRelayed(after, BACKFILL_PAGE);
            if (page.isEmpty()) {
                break;
            }
            Instant now = polity.clock().instant();
            for (HubStore.Relayed r : page) {
                if (!r.originDomain().equals(domain) && !deletedSince(r)) {
                    queued += polity.storage().stores().deliveries().enqueue(r.relayedActivityId(), List.of(inbox), now);
                }
            }
            after = page.get(page.size() - 1).id();
        }
        if (queued > 0) {
            polity.federation().deliveries().wake();
        }
        log.info("backfill of {}: {} activities queued", member.acct(), queued);
    }

    /**
     * Whether what {@code r} relayed has been deleted since: a new member is sent none of a deleted object's
     * activities, neither its Create (which its proof would still vouch for) nor its Delete (of nothing it holds).
     */
    private boolean deletedSince(HubStore.Relayed r) {
        var stores = polity.storage().stores();
        return stores.activities().findActivityById(r.relayedActivityId()).map(StoredActivity::objectUri)
                .flatMap(stores.objects()::findObjectByUri).map(StoredObject::deleted).orElse(false);
    }

    private static void requireAdmin(Account admin) {
        if (admin == null || !admin.isAdmin()) {
            throw new Forbidden(NOT_ADMIN);
        }
    }

    // --- On a national instance --------------------------------------------------------------------------------

    /**
     * Asks the configured hub to admit this instance ({@code Follow} of the public collection by our instance
     * actor), unless it has already, or asked already. Called at start-up, in the background: a hub that is down
     * is asked again at the next start.
     */
    public void subscribe() {
        Optional<URI> hubUrl = polity.config().hubUrl();
        if (isHub() || hubUrl.isEmpty()) {
            return;
        }
        try {
            String actorUri = hubUrl.get().toString().replaceAll("/+$", "") + "/actor";
            Optional<HubStore.Subscription> existing = store().findSubscription()
                    .filter(s -> s.hubActorUri().equals(actorUri));
            if (existing.filter(s -> s.state().equals(HubStore.Member.ACCEPTED)).isPresent()) {
                return;
            }
            Actor hub = polity.federation().actors().resolve(actorUri, FetchBudget.perRequest());
            Actor me = hubActor();
            Publisher publisher = polity.federation().publisher();
            ObjectNode follow = publisher.activity(me, "Follow");
            follow.put("object", ActivityStreams.PUBLIC);
            follow.putArray("to").add(hub.uri());
            List<String> kinds = existing.map(HubStore.Subscription::kinds).orElse(KINDS);
            publisher.publish(me, follow, tx -> tx.hub().putSubscription(new HubStore.Subscription(hub.uri(),
                    hub.sharedInboxUri() != null ? hub.sharedInboxUri() : hub.inboxUri(), follow.path("id").asText(),
                    HubStore.Member.PENDING, kinds, polity.clock().instant())));
            log.info("asked the hub {} to admit this instance", hub.uri());
        } catch (FetchException | RuntimeException e) {
            log.warn("could not ask the hub {} to admit this instance: {}", hubUrl.get(), e.getMessage());
        }
    }

    /** The hub's {@code Accept} of our request to join. Empty when it is not that. */
    public Optional<String> receiveAccept(Actor accepter, JsonNode follow) {
        String followId = ApReader.idOf(follow);
        return store().findSubscription()
                .filter(s -> s.hubActorUri().equals(accepter.uri()) && s.followActivityUri().equals(followId))
                .map(s -> {
                    store().putSubscription(new HubStore.Subscription(s.hubActorUri(), s.hubInboxUri(),
                            s.followActivityUri(), HubStore.Member.ACCEPTED, s.kinds(), polity.clock().instant()));
                    return "the hub " + accepter.acct() + " admitted this instance";
                });
    }

    /** The subscription, once the hub admitted us. */
    public Optional<HubStore.Subscription> admitted() {
        return store().findSubscription().filter(s -> s.state().equals(HubStore.Member.ACCEPTED));
    }

    /** An administrator chooses what this instance sends its hub (keys of {@link #KINDS}). */
    public void chooseKinds(Account admin, List<String> kinds) {
        requireAdmin(admin);
        HubStore.Subscription s = store().findSubscription().orElseThrow(() -> new NotFound(NO_MEMBER));
        store().putSubscription(new HubStore.Subscription(s.hubActorUri(), s.hubInboxUri(), s.followActivityUri(),
                s.state(), kinds.stream().filter(KINDS::contains).distinct().toList(), polity.clock().instant()));
        polity.audit().record(admin, AuditLog.HUB_SUBSCRIPTION_KINDS, s.hubActorUri(),
                String.join(",", kinds.stream().filter(KINDS::contains).distinct().toList()));
    }

    /**
     * The hub's inbox, when {@code activity} (by our {@code actor}) is one for the hub: a public {@code Create},
     * {@code Update} or {@code Delete} of a kind the administrators chose, once the hub admitted us.
     */
    public List<String> outboundInboxes(Actor actor, JsonNode activity) {
        if (isHub() || polity.config().hubUrl().isEmpty() || !RELAYED_TYPES.contains(activity.path("type").asText(""))) {
            return List.of(); // every publish passes here: no query on an instance without a hub
        }
        Optional<HubStore.Subscription> s = admitted();
        if (s.isEmpty()) {
            return List.of();
        }
        String objectUri = ApReader.idOf(activity.get("object"));
        Optional<StoredObject> object = objectUri == null ? Optional.empty()
                : polity.storage().stores().objects().findObjectByUri(objectUri);
        ObjectKind kind = object.map(StoredObject::kind).orElseGet(() -> activity.get("object") != null
                && activity.get("object").isObject() ? ObjectKind.of(InboxDispatcher.types(activity.get("object")))
                : null);
        String key = kindKey(kind);
        boolean isPublic = object.map(o -> o.visibility() == Visibility.PUBLIC).orElse(false)
                || Publisher.visibility(activity, actor) == Visibility.PUBLIC;
        if (key == null || !s.get().kinds().contains(key) || !isPublic) {
            return List.of();
        }
        return List.of(s.get().hubInboxUri());
    }

    /**
     * Whether {@code signerUri} is the hub this instance asked to join, whether or not its Accept was processed
     * yet (what it relays is checked with the origin). The hub sends its Accept, its Follow back and its backfill
     * as separate deliveries, and the Accept is handled on the inbox thread while a relayed delivery is checked as
     * it arrives: requiring the Accept first would refuse, for good, a backfill that overtook it.
     */
    public boolean relayedBy(String signerUri) {
        return store().findSubscription().filter(s -> s.hubActorUri().equals(signerUri))
                .filter(s -> s.state().equals(HubStore.Member.PENDING) || s.state().equals(HubStore.Member.ACCEPTED))
                .isPresent();
    }

    /**
     * A relayed activity made the origin's own: a Create or Update carries the object as its own server serves it
     * now (fetched, guarded and signed); a Delete counts only when the origin no longer has the object. Empty
     * when it cannot be checked, or the origin disagrees.
     */
    public Optional<ObjectNode> checkedWithOrigin(ObjectNode activity, FetchBudget budget) {
        String type = activity.path("type").asText("");
        String actorUri = ApReader.idOf(activity.get("actor"));
        String objectUri = ApReader.idOf(activity.get("object"));
        if (actorUri == null || objectUri == null || !RELAYED_TYPES.contains(type)
                || !org.polity.server.activitypub.InboxRoutes.sameOrigin(URI.create(objectUri), URI.create(actorUri))) {
            return Optional.empty();
        }
        try {
            JsonNode fetched = polity.federation().fetcher().fetch(URI.create(objectUri), budget);
            if ("Delete".equals(type)) {
                return "Tombstone".equals(fetched.path("type").asText()) ? Optional.of(activity) : Optional.empty();
            }
            ObjectNode checked = activity.deepCopy();
            checked.set("object", fetched);
            return Optional.of(checked);
        } catch (FetchException e) {
            if ("Delete".equals(type) && (e.status() == 404 || e.status() == 410)) {
                return Optional.of(activity);
            }
            log.info("a relayed {} of {} could not be checked with its origin: {}", type, objectUri, e.getMessage());
            return Optional.empty();
        }
    }
}

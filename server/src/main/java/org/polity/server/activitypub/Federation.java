package org.polity.server.activitypub;

import java.net.URI;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.polity.federation.crypto.Pem;
import org.polity.federation.http.DeliveryResult;
import org.polity.federation.http.FederationHttp;
import org.polity.federation.http.FederationHttpOptions;
import org.polity.federation.http.Signer;
import org.polity.federation.resolve.ObjectFetcher;
import org.polity.federation.resolve.Resolver;
import org.polity.federation.resolve.WebFingerClient;
import org.polity.server.Polity;
import org.polity.server.Version;
import org.polity.server.activitypub.inbox.InboxHandlers;
import org.polity.server.delivery.DeliveryWorker;
import org.polity.server.delivery.InboxPoster;
import org.polity.server.groups.Groups;
import org.polity.server.model.Actor;
import org.polity.server.service.ActorService;

/**
 * The instance's side of the protocol library, wired once per server: the guarded HTTP client, object and
 * key resolution signed by the instance actor (FEP-2677), WebFinger, and the delivery worker posting signed
 * activities. Built after the base URL is bound and the instance actor exists.
 */
public final class Federation implements AutoCloseable {
    private final Polity polity;
    private final FederationHttp http;
    private final ObjectFetcher fetcher;
    private final Resolver resolver;
    private final WebFingerClient webFinger;
    private final DeliveryWorker deliveryWorker;
    private final Map<Long, Signer> signers = new ConcurrentHashMap<>();
    private final RemoteActors actors;
    private final Publisher publisher;
    private final FollowService follows;
    private final InboxWorker inboxWorker;
    private final InboxAdmission admission;
    private final ObjectService objects;
    private final OutboxService outbox;
    private final Groups groups;
    private final Backfill backfill;
    private final HostSoftware hostSoftware;
    private final org.polity.server.domains.DomainLists domainLists;
    private final org.polity.server.delivery.QueuePruner pruner;

    public Federation(Polity polity, FederationHttpOptions options, DeliveryWorker.Settings deliverySettings,
            Clock clock) {
        this.polity = polity;
        // Domain policy is asked before every request (fetches, WebFinger, NodeInfo, backfill, deliveries, each
        // redirect hop): a blocked domain, or an unlisted one in allowlist mode, is never contacted.
        org.polity.server.domains.DomainPolicy policy = polity.domainPolicy();
        this.http = new FederationHttp(options, url -> !policy.refuses(url));
        Actor instance = polity.actors().findLocal(ActorService.INSTANCE_ACTOR)
                .orElseThrow(() -> new IllegalStateException("the instance actor must exist before federation starts"));
        this.fetcher = new ObjectFetcher(http, signer(instance), url -> !policy.refuses(url));
        this.resolver = new Resolver(fetcher, keyOwner -> !policy.refuses(keyOwner));
        resolver.caches().forEach((name, cache) -> polity.metrics().monitor(cache, name));
        this.webFinger = new WebFingerClient(http);
        this.deliveryWorker = new DeliveryWorker(polity.storage(), this::post, new DeliveryWorker.Keys() {
            @Override
            public String keyId(long actorId) {
                return signerFor(actorId).keyId();
            }

            @Override
            public PrivateKey privateKey(long actorId) {
                return signerFor(actorId).privateKey();
            }
        }, clock, deliverySettings);
        this.actors = new RemoteActors(polity);
        this.publisher = new Publisher(polity, actors);
        this.follows = new FollowService(polity, actors, publisher);
        this.admission = new InboxAdmission(polity);
        this.inboxWorker = new InboxWorker(polity, InboxHandlers.table(), admission);
        this.objects = new ObjectService(polity, publisher);
        this.outbox = new OutboxService(polity, actors, publisher, follows, objects);
        this.groups = new Groups(polity, actors, publisher, follows);
        this.backfill = new Backfill(polity, actors, groups.intake(), Backfill.Limits.DEFAULT);
        this.hostSoftware = new HostSoftware(polity);
        this.domainLists = new org.polity.server.domains.DomainLists(policy, options);
        this.pruner = new org.polity.server.delivery.QueuePruner(polity.storage(), polity.metrics(), clock,
                polity.config().queues().retention());
    }

    /** The hourly deletion of finished queue rows past their retention. */
    public org.polity.server.delivery.QueuePruner pruner() {
        return pruner;
    }

    /** The subscribed domain lists and their scheduled refresh. */
    public org.polity.server.domains.DomainLists domainLists() {
        return domainLists;
    }

    /** The checks a received activity passes before it is stored (on the request thread, or deferred). */
    InboxAdmission admission() {
        return admission;
    }

    public InboxWorker inboxWorker() {
        return inboxWorker;
    }

    public RemoteActors actors() {
        return actors;
    }

    public Publisher publisher() {
        return publisher;
    }

    public FollowService follows() {
        return follows;
    }

    /** Our actors' objects and reactions, and who may read what. */
    public ObjectService objects() {
        return objects;
    }

    /** Groups (FEP-1b12): their queries and operations, one class each ({@link Groups}). */
    public Groups groups() {
        return groups;
    }

    /** Joining late: a remote group's recent threads, a remote person's recent posts, once a follow is accepted. */
    public Backfill backfill() {
        return backfill;
    }

    public HostSoftware hostSoftware() {
        return hostSoftware;
    }

    public OutboxService outbox() {
        return outbox;
    }

    public static FederationHttpOptions options(Polity polity) {
        return FederationHttpOptions.defaults(polity.config().allowPrivateAddresses(),
                FederationHttpOptions.userAgent(Version.VERSION, polity.uris().base().toString()));
    }

    public void start() {
        deliveryWorker.start();
        inboxWorker.start();
        backfill.start();
        domainLists.start();
        pruner.start();
    }

    /** The signing key of a local actor, decrypted once and kept in memory. */
    public Signer signer(Actor actor) {
        return signers.computeIfAbsent(actor.id(),
                id -> new Signer(actor.publicKeyId(), Pem.privateKey(polity.actors().privateKeyPem(actor))));
    }

    private Signer signerFor(long actorId) {
        Signer cached = signers.get(actorId);
        if (cached != null) {
            return cached;
        }
        Actor actor = polity.storage().stores().actors().findActorById(actorId)
                .filter(Actor::local)
                .orElseThrow(() -> new IllegalStateException("no local actor " + actorId));
        return signer(actor);
    }

    private InboxPoster.Result post(URI inbox, byte[] body, String keyId, PrivateKey key) {
        DeliveryResult result = http.deliver(inbox, body, new Signer(keyId, key));
        polity.metrics().delivery(inbox.getHost() == null ? "unknown" : inbox.getHost(), result.status());
        if (result.succeeded()) {
            return InboxPoster.Result.of(result.status());
        }
        if (!result.retryable() && result.status() == 0) {
            // Refused before sending (a blocked address): as final as a 4xx.
            return new InboxPoster.Result(400, result.retryAfter(), result.error());
        }
        return new InboxPoster.Result(result.status(), result.retryAfter(), result.error());
    }

    public FederationHttp http() {
        return http;
    }

    public ObjectFetcher fetcher() {
        return fetcher;
    }

    public Resolver resolver() {
        return resolver;
    }

    public WebFingerClient webFinger() {
        return webFinger;
    }

    public DeliveryWorker deliveries() {
        return deliveryWorker;
    }

    @Override
    public void close() {
        inboxWorker.close();
        backfill.close();
        actors.close();
        deliveryWorker.close();
        hostSoftware.close();
        domainLists.close();
        pruner.close();
        http.close();
    }
}

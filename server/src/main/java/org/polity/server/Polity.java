package org.polity.server;

import java.time.Clock;
import java.time.Duration;
import org.polity.server.config.PolityConfig;
import org.polity.server.crypto.KeyVault;
import org.polity.server.service.AccountService;
import org.polity.server.service.ActorService;
import org.polity.server.service.NotificationService;
import org.polity.server.service.SessionService;
import org.polity.server.storage.Storage;

/**
 * Everything one instance shares, wired once from its configuration (compare GoToSocial's {@code state}).
 * No static state: several of these live in one JVM in the federation tests. The HTTP server and the CLI
 * both build one.
 */
public final class Polity implements AutoCloseable {
    private final PolityConfig config;
    private final Storage storage;
    private final KeyVault vault;
    private final Uris uris;
    private final Clock clock;
    private final org.polity.server.limits.Limits limits;
    private final ActorService actors;
    private final AccountService accounts;
    private final org.polity.server.service.InstanceSettings settings;
    private final SessionService sessions;
    private final NotificationService notifications;
    private volatile org.polity.server.activitypub.Federation federation;
    private final org.polity.server.resources.MediaStore media;
    private final org.polity.server.resources.ResourceService resources;
    private final org.polity.server.crypto.ProofKeys proofKeys;
    private final org.polity.server.audit.AuditLog audit;
    private final org.polity.server.metrics.Metrics metrics;
    private final org.polity.server.domains.DomainPolicy domainPolicy;
    private final org.polity.server.moderation.Standings standings;
    private final org.polity.server.limits.SharedWindows sharedWindows;

    public Polity(PolityConfig config, Storage storage, KeyVault vault, Clock clock) {
        this.config = config;
        this.storage = storage;
        this.vault = vault;
        this.clock = clock;
        this.sharedWindows = config.queues().sharesRates(storage.engine())
                ? new org.polity.server.limits.SharedWindows(storage.stores().rateCounts(), clock) : null;
        this.limits = new org.polity.server.limits.Limits(config.limits(), clock, sharedWindows);
        this.uris = new Uris();
        this.actors = new ActorService(storage, vault, uris, clock);
        this.audit = new org.polity.server.audit.AuditLog(storage, clock);
        this.settings = new org.polity.server.service.InstanceSettings(storage, config, audit);
        this.domainPolicy = new org.polity.server.domains.DomainPolicy(storage, config, uris, clock, audit);
        this.notifications = new NotificationService(this);
        this.accounts = new AccountService(storage, actors, config, clock, settings, notifications::signUpWaiting,
                audit);
        this.sessions = new SessionService(storage, clock, Duration.ofDays(config.sessionDays()));
        this.media = org.polity.server.resources.MediaStores.open(config);
        this.resources = new org.polity.server.resources.ResourceService(this, media);
        this.proofKeys = new org.polity.server.crypto.ProofKeys(storage, vault, clock);
        this.metrics = new org.polity.server.metrics.Metrics(storage, clock);
        proofKeys.caches().forEach((name, cache) -> metrics.monitor(cache, name));
        this.standings = new org.polity.server.moderation.Standings(this);
    }

    /** The Prometheus metrics ({@code GET /metrics}). */
    public org.polity.server.metrics.Metrics metrics() {
        return metrics;
    }

    /** Which actors, ours and remote, are suspended or silenced (docs/operations.md, Moderation). */
    public org.polity.server.moderation.Standings standings() {
        return standings;
    }

    /** The append-only log of moderators' and administrators' actions. */
    public org.polity.server.audit.AuditLog audit() {
        return audit;
    }

    /** Which servers this instance federates with: domain rules and the federation mode. */
    public org.polity.server.domains.DomainPolicy domainPolicy() {
        return domainPolicy;
    }

    /** Our actors' Ed25519 keys for object integrity proofs (FEP-8b32). */
    public org.polity.server.crypto.ProofKeys proofKeys() {
        return proofKeys;
    }

    /** Where uploaded files are kept (the data directory, or an S3-compatible store). */
    public org.polity.server.resources.MediaStore media() {
        return media;
    }

    /** Resources: uploaded files and shared links. */
    public org.polity.server.resources.ResourceService resources() {
        return resources;
    }

    public PolityConfig config() {
        return config;
    }

    public Storage storage() {
        return storage;
    }

    public KeyVault vault() {
        return vault;
    }

    public Uris uris() {
        return uris;
    }

    public Clock clock() {
        return clock;
    }

    public ActorService actors() {
        return actors;
    }

    public AccountService accounts() {
        return accounts;
    }

    /** The settings administrators change on the web, over the configuration's defaults. */
    public org.polity.server.service.InstanceSettings settings() {
        return settings;
    }

    public SessionService sessions() {
        return sessions;
    }

    /** Rate limits and the client address they count by (docs/operations.md, Rate limits and caps). */
    public org.polity.server.limits.Limits limits() {
        return limits;
    }

    /** Notifications for local actors (follows, replies, mentions). */
    public NotificationService notifications() {
        return notifications;
    }

    /** Attaches the federation wiring once the server has bound its base URL (HTTP server only). */
    public void attach(org.polity.server.activitypub.Federation federation) {
        if (this.federation != null) {
            throw new IllegalStateException("federation is attached already");
        }
        this.federation = federation;
    }

    /** The federation wiring; absent in the offline CLI. */
    public org.polity.server.activitypub.Federation federation() {
        org.polity.server.activitypub.Federation f = federation;
        if (f == null) {
            throw new IllegalStateException("federation is not running (offline tool, or the server is starting)");
        }
        return f;
    }

    /** The federation when it has been attached (start-up may fail before), else null. */
    public org.polity.server.activitypub.Federation federationIfStarted() {
        return federation;
    }

    @Override
    public void close() {
        org.polity.server.activitypub.Federation f = federation;
        if (f != null) {
            f.close();
        }
        if (sharedWindows != null) {
            sharedWindows.close();
        }
        media.close();
        storage.close();
    }
}

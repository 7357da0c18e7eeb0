package org.polity.server.challenges;

import org.polity.server.audit.AuditLog;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.polity.federation.http.FetchException;
import org.polity.federation.vocab.ActivityStreams;
import org.polity.server.Polity;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.model.Notification;
import org.polity.server.model.StoredObject;
import org.polity.server.service.Forbidden;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.NotFound;

/**
 * Country challenges issued here, and responses written here (docs/api.md, "Challenges"). An issuer (an
 * administrator, or a member an administrator authorised) writes a draft on behalf of the instance's country and
 * opens it: a Create goes to the public and the issuer's followers. Every later change (an edit, reviewing,
 * closing with an outcome, a shortlisted or featured response) is an Update of the whole challenge to the same
 * audience and the challenge's followers; every save keeps the prior version. A draft stays here.
 *
 * <p>Any member responds to a challenge we hold (ours or another server's) while it is open: the response is a
 * Create addressed to the public, the issuer and the responder's followers; the issuer's server collects it
 * ({@link ChallengeIntake}) and re-sends it to the challenge's followers.
 */
public final class ChallengeService {
    private final Polity polity;

    public ChallengeService(Polity polity) {
        this.polity = polity;
    }

    private ChallengeStore store() {
        return polity.storage().stores().challenges();
    }

    // --- Roles -------------------------------------------------------------------------------------------------

    /** Administrators, and members an administrator authorised. */
    public boolean isIssuer(Account account) {
        return account != null && account.isActive() && (account.isAdmin() || store().isIssuer(account.id()));
    }

    /** An administrator authorises a member to issue challenges, or no longer. */
    public void setIssuer(Account admin, Account member, boolean issuer) {
        if (!admin.isAdmin()) {
            throw new Forbidden(ChallengeChecks.APPOINT);
        }
        if (issuer) {
            store().addIssuer(member.id(), admin.id(), polity.clock().instant());
        } else {
            store().removeIssuer(member.id());
        }
        polity.audit().record(admin, issuer ? AuditLog.ISSUER_GRANT : AuditLog.ISSUER_REVOKE,
                polity.audit().handleOf(member), null);
    }

    public List<Account> issuers() {
        return store().findIssuers().stream()
                .flatMap(id -> polity.storage().stores().accounts().findAccountById(id).stream()).toList();
    }

    // --- Issuing -----------------------------------------------------------------------------------------------

    /** The checks of a challenge's fields, and that it is issued for this instance's country. */
    public void validate(Challenge c) {
        ChallengeChecks.validate(c, polity.clock().instant());
        if (!c.country().equals(polity.config().country())) {
            throw InvalidInput.of("country", ChallengeChecks.OWN_COUNTRY);
        }
    }

    /** A new draft by an issuer: checked, stored as version 1, seen only by its issuer and administrators. */
    public ChallengeStore.Entry createDraft(Account issuer, Challenge fields) {
        requireIssuer(issuer);
        Challenge c = fields.withStatus(ChallengeStatus.DRAFT, "");
        validate(c);
        Actor actor = actor(issuer);
        Instant now = polity.clock().instant();
        return store().insert(new ChallengeStore.Entry(0, null, true, actor.id(), c, 1, now, now), actor.uri());
    }

    /**
     * The issuer saves new fields over version {@code expectedVersion} (status and outcome stay as they are; the
     * prior version is kept). An open challenge sends an Update. Questions and categories keep their ids.
     */
    public ChallengeStore.Entry edit(Account issuer, long id, int expectedVersion, Challenge fields) {
        ChallengeStore.Entry entry = own(issuer, id);
        Challenge c = fields.withStatus(entry.status(), entry.fields().outcome());
        validate(c);
        if (entry.objectUri() == null) {
            Actor actor = actor(issuer);
            if (!store().updateFields(id, expectedVersion, c, actor.uri(), polity.clock().instant())) {
                throw InvalidInput.of("version", ChallengeChecks.CONFLICT);
            }
            return store().findById(id).orElseThrow();
        }
        return publishUpdate(entry, expectedVersion, c.withIds(entry.objectUri()));
    }

    /**
     * Moves a challenge one step: a draft opens (its Create goes out), an open one goes to reviewing, a reviewed
     * one closes with {@code outcome} (Markdown). Each later step is an Update.
     */
    public ChallengeStore.Entry advance(Account issuer, long id, ChallengeStatus to, String outcome) {
        ChallengeStore.Entry entry = own(issuer, id);
        String summary = outcome == null ? "" : outcome.strip();
        ChallengeChecks.transition(entry.status(), to, summary);
        if (entry.status() == ChallengeStatus.DRAFT) {
            return open(entry);
        }
        Challenge next = entry.fields().withStatus(to, to == ChallengeStatus.CLOSED ? summary : "");
        return publishUpdate(entry, entry.version(), next);
    }

    private ChallengeStore.Entry open(ChallengeStore.Entry entry) {
        Challenge draft = entry.fields().withStatus(ChallengeStatus.OPEN, "");
        validate(draft); // a deadline may have passed since the draft was saved
        Actor author = polity.storage().stores().actors().findActorById(entry.authorId()).orElseThrow();
        Instant now = polity.clock().instant();
        ArrayNode hashtags = polity.federation().groups().hashtags().hashtags("", draft.tags());
        ObjectNode object = ChallengeToAp.object(draft, author.followersUri(), hashtags);
        polity.federation().objects().createNamed(author, object, null,
                uri -> ChallengeToAp.extensions(uri, draft.withIds(uri), pageUrl(entry.id()), List.of(), List.of(),
                        null, null),
                (tx, uri) -> {
                    if (!tx.challenges().updateFields(entry.id(), entry.version(), draft.withIds(uri), author.uri(),
                            now)) {
                        throw InvalidInput.of("version", ChallengeChecks.CONFLICT);
                    }
                    tx.challenges().setObjectUri(entry.id(), uri, now);
                });
        return store().findById(entry.id()).orElseThrow();
    }

    /** The issuer shortlists (or features) a response of their open or reviewed challenge, or stops to. */
    public ChallengeStore.Entry mark(Account issuer, long id, String responseUri, boolean featured, boolean on) {
        ChallengeStore.Entry entry = own(issuer, id);
        if (entry.objectUri() == null || store().findResponse(responseUri)
                .filter(r -> r.challengeUri().equals(entry.objectUri())).isEmpty()) {
            throw InvalidInput.of("response", ChallengeChecks.NOT_A_RESPONSE);
        }
        if (featured) {
            store().setFeatured(responseUri, on);
        } else {
            store().setShortlisted(responseUri, on);
        }
        return publishUpdate(entry, entry.version(), entry.fields());
    }

    /**
     * An Update of the whole challenge with {@code next} as its fields, to its public, the issuer's followers,
     * the challenge's remote followers and its responders; local followers are notified.
     */
    private ChallengeStore.Entry publishUpdate(ChallengeStore.Entry entry, int expectedVersion, Challenge next) {
        Actor author = polity.storage().stores().actors().findActorById(entry.authorId()).orElseThrow();
        Instant now = polity.clock().instant();
        String uri = entry.objectUri();
        ObjectNode update = JsonNodeFactory.instance.objectNode();
        ObjectNode object = update.putObject("object");
        object.put("id", uri);
        ChallengeToAp.texts(object, next);
        ArrayNode cc = JsonNodeFactory.instance.arrayNode();
        audience(entry, author).forEach(cc::add);
        List<ChallengeStore.Response> responses = store().findResponses(uri, 0, 10_000);
        List<String> shortlisted = responses.stream().filter(ChallengeStore.Response::shortlisted)
                .map(ChallengeStore.Response::responseUri).toList();
        List<String> featured = responses.stream().filter(ChallengeStore.Response::featured)
                .map(ChallengeStore.Response::responseUri).toList();
        ArrayNode hashtags = polity.federation().groups().hashtags().hashtags("", next.tags());
        ObjectNode extensions = ChallengeToAp.extensions(uri, next, pageUrl(entry.id()), shortlisted, featured, cc,
                hashtags);
        polity.federation().objects().update(author, update, extensions, tx -> {
            if (!tx.challenges().updateFields(entry.id(), expectedVersion, next, author.uri(), now)) {
                throw InvalidInput.of("version", ChallengeChecks.CONFLICT);
            }
        });
        polity.notifications().challengeNews(localFollowers(uri), Notification.Kind.CHALLENGE_UPDATED, author.id(),
                uri);
        return store().findById(entry.id()).orElseThrow();
    }

    /** Who hears of a change: the issuer's followers, the challenge's remote followers, and its responders. */
    private List<String> audience(ChallengeStore.Entry entry, Actor author) {
        Set<String> out = new LinkedHashSet<>();
        out.add(author.followersUri());
        var actors = polity.storage().stores().actors();
        for (ChallengeStore.Follower f : store().findFollowers(entry.objectUri(), ChallengeStore.Follower.ACCEPTED)) {
            actors.findActorById(f.followerId()).filter(a -> !a.local()).ifPresent(a -> out.add(a.uri()));
        }
        for (ChallengeStore.Response r : store().findResponses(entry.objectUri(), 0, 10_000)) {
            actors.findActorById(r.responderId()).filter(a -> !a.local()).ifPresent(a -> out.add(a.uri()));
        }
        return new ArrayList<>(out);
    }

    /** The local actors following challenge {@code uri}. */
    public List<Long> localFollowers(String uri) {
        var actors = polity.storage().stores().actors();
        return store().findFollowers(uri, ChallengeStore.Follower.ACCEPTED).stream()
                .map(ChallengeStore.Follower::followerId)
                .filter(id -> actors.findActorById(id).filter(Actor::local).isPresent()).toList();
    }

    // --- Responding --------------------------------------------------------------------------------------------

    /**
     * A member responds to an open challenge we hold. The response names the challenge in {@code inReplyTo}, joins
     * its {@code context}, and is addressed to the public, the issuer and the responder's followers.
     */
    public StoredObject respond(Account member, long challengeId, ChallengeResponse response) {
        ChallengeStore.Entry entry = visible(challengeId, Optional.of(member))
                .orElseThrow(() -> new NotFound(ChallengeChecks.NOT_VISIBLE));
        if (entry.status() != ChallengeStatus.OPEN || entry.objectUri() == null) {
            throw new Forbidden(ChallengeChecks.NOT_OPEN);
        }
        ChallengeChecks.validate(response, entry.fields());
        Actor responder = actor(member);
        Actor issuer = polity.storage().stores().actors().findActorById(entry.authorId()).orElseThrow();
        String challengeUri = entry.objectUri();
        String context = polity.storage().stores().objects().findObjectByUri(challengeUri)
                .map(StoredObject::contextUri).orElse(challengeUri + "/context");
        ObjectNode object = ResponseToAp.object(response, challengeUri, issuer.uri(), responder.followersUri());
        Instant now = polity.clock().instant();
        String[] created = new String[1];
        polity.federation().objects().createNamed(responder, object, null,
                uri -> {
                    ObjectNode x = ResponseToAp.extensions(response, context);
                    // Its attachments: the files of the resources it links to that are ours (uploaded here).
                    org.polity.server.casestudies.CaseStudyToAp.attachFiles(x, org.polity.server.resources.ApToResource
                            .localResourceFiles(polity.storage().stores().objects(), response.links()));
                    return x;
                },
                (tx, uri) -> {
                    created[0] = uri;
                    tx.challenges().insertResponse(new ChallengeStore.Response(uri, challengeUri, responder.id(),
                            response.country(), blankToNull(response.questionId()),
                            blankToNull(response.categoryId()), false, false, now));
                });
        if (entry.local()) {
            new ChallengeRelay(polity).redistribute(entry, created[0], responder);
        } else {
            // The issuer's server re-sends it to its followers elsewhere; those here hear of it now.
            polity.notifications().challengeNews(localFollowers(challengeUri), Notification.Kind.CHALLENGE_RESPONSE,
                    responder.id(), created[0]);
        }
        return polity.storage().stores().objects().findObjectByUri(created[0]).orElseThrow();
    }

    // --- Following ---------------------------------------------------------------------------------------------

    /**
     * A member follows a challenge: ours at once; another server's by a {@code Follow} of the challenge sent to
     * its issuer, accepted when their server answers.
     */
    public ChallengeStore.Follower follow(Account member, long challengeId) throws FetchException {
        ChallengeStore.Entry entry = visible(challengeId, Optional.of(member)).filter(e -> e.objectUri() != null)
                .orElseThrow(() -> new NotFound(ChallengeChecks.NOT_VISIBLE));
        Actor me = actor(member);
        Instant now = polity.clock().instant();
        Optional<ChallengeStore.Follower> existing = store().findFollower(entry.objectUri(), me.id());
        if (existing.isPresent()) {
            return existing.get();
        }
        if (entry.local()) {
            ChallengeStore.Follower f = new ChallengeStore.Follower(entry.objectUri(), me.id(), null,
                    ChallengeStore.Follower.ACCEPTED, now);
            store().putFollower(f);
            return f;
        }
        Actor issuer = polity.storage().stores().actors().findActorById(entry.authorId()).orElseThrow();
        var publisher = polity.federation().publisher();
        ObjectNode follow = publisher.activity(me, "Follow");
        follow.put("object", entry.objectUri());
        follow.putArray("to").add(issuer.uri());
        ChallengeStore.Follower f = new ChallengeStore.Follower(entry.objectUri(), me.id(), follow.path("id").asText(),
                ChallengeStore.Follower.PENDING, now);
        publisher.publish(me, follow, tx -> tx.challenges().putFollower(f));
        return f;
    }

    /** A member stops following a challenge (another server's hears an Undo of the Follow). */
    public void unfollow(Account member, long challengeId) {
        ChallengeStore.Entry entry = visible(challengeId, Optional.of(member)).filter(e -> e.objectUri() != null)
                .orElseThrow(() -> new NotFound(ChallengeChecks.NOT_VISIBLE));
        Actor me = actor(member);
        Optional<ChallengeStore.Follower> existing = store().findFollower(entry.objectUri(), me.id());
        if (existing.isEmpty()) {
            return;
        }
        if (entry.local() || existing.get().activityUri() == null) {
            store().removeFollower(entry.objectUri(), me.id());
            return;
        }
        Actor issuer = polity.storage().stores().actors().findActorById(entry.authorId()).orElseThrow();
        var publisher = polity.federation().publisher();
        ObjectNode undo = publisher.activity(me, "Undo");
        ObjectNode inner = undo.putObject("object");
        inner.put("id", existing.get().activityUri()).put("type", "Follow").put("actor", me.uri())
                .put("object", entry.objectUri());
        undo.putArray("to").add(issuer.uri());
        publisher.publish(me, undo, tx -> tx.challenges().removeFollower(entry.objectUri(), me.id()));
    }

    public Optional<ChallengeStore.Follower> following(Optional<Account> viewer, ChallengeStore.Entry entry) {
        if (viewer.isEmpty() || entry.objectUri() == null) {
            return Optional.empty();
        }
        return store().findFollower(entry.objectUri(), viewer.get().actorId());
    }

    // --- Reading -----------------------------------------------------------------------------------------------

    /** A challenge as {@code viewer} may see it: once open to anyone; a draft to its issuer and administrators. */
    public Optional<ChallengeStore.Entry> visible(long id, Optional<Account> viewer) {
        return store().findById(id).filter(e -> e.status().federated()
                || viewer.filter(v -> v.actorId() == e.authorId() || v.isAdmin()).isPresent())
                .filter(e -> e.objectUri() == null || polity.storage().stores().objects().findObjectByUri(e.objectUri())
                        .filter(o -> !o.deleted()).isPresent());
    }

    public Optional<ChallengeStore.Entry> byObjectUri(String uri) {
        return store().findByObjectUri(uri);
    }

    /** Whether {@code viewer} may change the challenge: its issuer while still authorised, or an administrator. */
    public boolean mayEdit(Optional<Account> viewer, ChallengeStore.Entry e) {
        return e.local() && viewer.filter(v -> isIssuer(v) && (v.actorId() == e.authorId() || v.isAdmin())).isPresent();
    }

    public List<ChallengeStore.DirectoryRow> directory(ChallengeStore.Filter filter, Long beforeObjectId, int limit) {
        return store().findDirectory(filter, beforeObjectId, limit);
    }

    public long count(ChallengeStore.Filter filter) {
        return store().countDirectory(filter);
    }

    public List<ChallengeStore.Entry> drafts(Account issuer) {
        return store().findByAuthor(issuer.actorId(), 100).stream()
                .filter(e -> e.status() == ChallengeStatus.DRAFT).toList();
    }

    public List<ChallengeStore.Response> responses(ChallengeStore.Entry e) {
        return e.objectUri() == null ? List.of() : store().findResponses(e.objectUri(), 0, 500);
    }

    public List<ChallengeStore.Version> versions(long id) {
        return store().findVersions(id);
    }

    public String pageUrl(long id) {
        return polity.uris().url(ChallengeRoutes.DIRECTORY + "/" + id);
    }

    private ChallengeStore.Entry own(Account issuer, long id) {
        ChallengeStore.Entry entry = visible(id, Optional.of(issuer))
                .orElseThrow(() -> new NotFound(ChallengeChecks.NOT_VISIBLE));
        if (!mayEdit(Optional.of(issuer), entry)) {
            throw new Forbidden(isIssuer(issuer) ? ChallengeChecks.NOT_AUTHOR : ChallengeChecks.NOT_ISSUER);
        }
        return entry;
    }

    private void requireIssuer(Account account) {
        if (!isIssuer(account)) {
            throw new Forbidden(ChallengeChecks.NOT_ISSUER);
        }
    }

    private Actor actor(Account account) {
        return polity.storage().stores().actors().findActorById(account.actorId()).orElseThrow();
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    static Optional<Long> parseId(String s) {
        try {
            return Optional.of(Long.parseLong(s.strip()));
        } catch (NumberFormatException | NullPointerException e) {
            return Optional.empty();
        }
    }

}

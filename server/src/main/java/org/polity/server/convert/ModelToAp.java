package org.polity.server.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.polity.federation.nodeinfo.NodeInfo;
import org.polity.federation.vocab.ActivityStreams;
import org.polity.federation.vocab.Contexts;
import org.polity.federation.vocab.Endpoints;
import org.polity.federation.vocab.PropertyValue;
import org.polity.federation.vocab.PublicKey;
import org.polity.federation.webfinger.Jrd;
import org.polity.federation.webfinger.WebFinger;
import org.polity.server.Uris;
import org.polity.server.Version;
import org.polity.server.config.PolityConfig;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;

/**
 * Domain model to wire types: actor documents, WebFinger descriptors, NodeInfo (named by direction, as
 * GoToSocial's typeutils are). Pure conversion: it reads nothing from storage, so callers decide what may be
 * shown (only active accounts, see {@code DiscoveryRoutes}).
 */
public final class ModelToAp {
    private final Uris uris;
    private final PolityConfig config;
    private final java.util.function.Function<Actor, com.fasterxml.jackson.databind.JsonNode> assertionMethods;

    public ModelToAp(Uris uris, PolityConfig config) {
        this(uris, config, null);
    }

    /**
     * As above, with each actor's {@code assertionMethod} (its Ed25519 Multikey, FEP-521a) from
     * {@code assertionMethods}, so that others can check the proofs on what it signs (FEP-8b32).
     */
    public ModelToAp(Uris uris, PolityConfig config,
            java.util.function.Function<Actor, com.fasterxml.jackson.databind.JsonNode> assertionMethods) {
        this.uris = uris;
        this.config = config;
        this.assertionMethods = assertionMethods;
    }

    /**
     * A member's {@code Person} document (ActivityPub, section 4.1), with the Polity profile terms and the same
     * facts as Mastodon-readable {@code PropertyValue} attachments, so that Mastodon users see organisation and
     * role on the profile too.
     */
    public org.polity.federation.vocab.Actor personToAs(Actor actor, Account account) {
        Account.Profile profile = account.profile();
        org.polity.federation.vocab.Actor doc = common(actor).type("Person");
        // ActivityPub 5.7, 5.8: what the member liked, and the Likes and Announces of the member.
        doc.setUnknown("liked", TextNode.valueOf(uris.liked(actor.username())));
        doc.setUnknown("likes", TextNode.valueOf(uris.likes(actor.uri())));
        doc.setUnknown("shares", TextNode.valueOf(uris.shares(actor.uri())));
        if (!profile.organisation().isEmpty()) {
            doc.organisation(profile.organisation());
        }
        if (!profile.jobTitle().isEmpty()) {
            doc.jobTitle(profile.jobTitle());
        }
        if (!profile.country().isEmpty()) {
            doc.country(profile.country());
        }
        if (!profile.expertise().isEmpty()) {
            doc.expertise(profile.expertise());
        }
        List<JsonNode> fields = new ArrayList<>();
        if (!profile.organisation().isEmpty()) {
            fields.add(PropertyValue.of("Organisation", escape(profile.organisation())));
        }
        if (!profile.jobTitle().isEmpty()) {
            fields.add(PropertyValue.of("Role", escape(profile.jobTitle())));
        }
        if (!fields.isEmpty()) {
            doc.attachment(fields);
        }
        return doc;
    }

    /**
     * The instance actor (FEP-2677): an {@code Application} that signs the server's own fetches. It has no
     * followers or following collections; it approves followers manually (it accepts none), and its
     * {@code url} is the instance's home page.
     */
    public org.polity.federation.vocab.Actor instanceActorToAs(Actor actor) {
        org.polity.federation.vocab.Actor doc = common(actor).type("Application");
        if (doc.summary() == null && !config.instanceDescription().isEmpty()) {
            doc.summary("<p>" + escape(config.instanceDescription()) + "</p>");
        }
        return doc.manuallyApprovesFollowers(true).url(TextNode.valueOf(uris.base().toString()));
    }

    /**
     * The official blog's actor: a {@code Service} that anyone may follow (it accepts follows without approval)
     * and whose {@code url} is the blog's page.
     */
    public org.polity.federation.vocab.Actor serviceToAs(Actor actor, String blogPage) {
        org.polity.federation.vocab.Actor doc = common(actor).type("Service");
        if (doc.summary() == null && !config.instanceDescription().isEmpty()) {
            doc.summary("<p>" + escape(config.instanceDescription()) + "</p>");
        }
        return doc.url(TextNode.valueOf(blogPage));
    }

    /**
     * One of our groups (FEP-1b12): a {@code Group} whose {@code attributedTo} is its moderators collection and
     * whose {@code featured} collection holds its pinned threads, as Lemmy writes them, so Lemmy, Mbin and
     * Mastodon users can find, follow and read it; {@code postingRestrictedToMods} false (members post).
     * Polity adds how people join ({@code membership}) and whether only members read it ({@code membersOnly}).
     */
    public org.polity.federation.vocab.Actor groupToAs(Actor actor, org.polity.server.model.GroupInfo info,
            String moderatorsUri, String featuredUri) {
        org.polity.federation.vocab.Actor doc = common(actor).type("Group");
        doc.setUnknown("attributedTo", TextNode.valueOf(moderatorsUri));
        doc.setUnknown("featured", TextNode.valueOf(featuredUri));
        doc.setUnknown("postingRestrictedToMods", com.fasterxml.jackson.databind.node.BooleanNode.FALSE);
        doc.setUnknown("membership", TextNode.valueOf(info.membership().wireName()));
        doc.setUnknown("membersOnly", com.fasterxml.jackson.databind.node.BooleanNode.valueOf(info.membersOnly()));
        if (!config.country().isEmpty()) {
            doc.country(config.country());
        }
        return doc;
    }

    private org.polity.federation.vocab.Actor common(Actor actor) {
        org.polity.federation.vocab.Actor doc = new org.polity.federation.vocab.Actor()
                .context(Contexts.actorContext())
                .id(actor.uri())
                .preferredUsername(actor.username())
                .name(actor.displayName())
                .inbox(actor.inboxUri())
                .outbox(actor.outboxUri())
                .followers(actor.followersUri())
                .following(actor.followingUri())
                .endpoints(actor.sharedInboxUri() == null ? null : new Endpoints(actor.sharedInboxUri()))
                .publicKey(new PublicKey(actor.publicKeyId(), actor.uri(), actor.publicKeyPem()))
                .manuallyApprovesFollowers(actor.manuallyApprovesFollowers())
                .published(dateTime(actor.createdAt()));
        if (actor.summaryHtml() != null && !actor.summaryHtml().isEmpty()) {
            doc.summary(actor.summaryHtml());
        }
        if (actor.profileUrl() != null) {
            doc.url(TextNode.valueOf(actor.profileUrl()));
        }
        if (assertionMethods != null && actor.local()) {
            doc.setUnknown("assertionMethod", assertionMethods.apply(actor));
        }
        return doc;
    }

    /**
     * The WebFinger descriptor of a local actor (RFC 7033, section 4.4): subject {@code acct:name@authority},
     * the actor id and profile page as aliases, a {@code self} link typed {@code application/activity+json}
     * (how ActivityPub servers find the actor) and the profile page.
     */
    public Jrd actorToWebFinger(Actor actor) {
        Jrd jrd = new Jrd().subject("acct:" + actor.username() + "@" + uris.authority()).alias(actor.uri());
        // The instance actor's "profile" is the home page, which is not another name for it: no alias then.
        if (actor.profileUrl() != null && !actor.profileUrl().equals(actor.uri())
                && !actor.profileUrl().equals(uris.base().toString())) {
            jrd.alias(actor.profileUrl());
        }
        if (actor.profileUrl() != null) {
            jrd.link(Jrd.Link.href(WebFinger.REL_PROFILE_PAGE, "text/html", actor.profileUrl()));
        }
        return jrd.link(Jrd.Link.href(WebFinger.REL_SELF, ActivityStreams.MEDIA_TYPE, actor.uri()));
    }

    /** Counts for NodeInfo {@code usage}. */
    public record Usage(long users, long activeMonth, long activeHalfyear, long localPosts) {}

    /** The NodeInfo 2.1 document of this instance. */
    public NodeInfo instanceToNodeInfo(Usage usage) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("nodeName", config.instanceName());
        metadata.put("nodeDescription", config.instanceDescription());
        metadata.put("country", config.country());
        metadata.put("mode", config.mode().wireName());
        return new NodeInfo(NodeInfo.VERSION,
                new NodeInfo.Software(Version.SOFTWARE, Version.VERSION, null, null),
                List.of(NodeInfo.PROTOCOL_ACTIVITYPUB),
                NodeInfo.Services.none(),
                !config.signupEmailDomains().isEmpty(),
                new NodeInfo.Usage(new NodeInfo.Users(usage.users(), usage.activeMonth(), usage.activeHalfyear()),
                        usage.localPosts(), null),
                metadata);
    }

    /** Plain text to HTML text (for PropertyValue values, which Mastodon reads as HTML). */
    static String escape(String text) {
        return org.polity.server.text.Html.escape(text);
    }

    /** An instant as xsd:dateTime in whole seconds, UTC ({@code 2026-01-02T03:04:05Z}), as Mastodon writes it. */
    static String dateTime(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}

package org.polity.server.groups;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.polity.federation.vocab.ActivityStreams;
import org.polity.server.Polity;
import org.polity.server.activitypub.Publisher;
import org.polity.server.model.Actor;
import org.polity.server.model.ActorType;
import org.polity.server.model.Follow;
import org.polity.server.model.GroupInfo;
import org.polity.server.service.Message;
import org.polity.server.service.ActorService;
import org.polity.server.service.Forbidden;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.NotFound;
import org.polity.server.text.Html;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creating our groups (the country's network group among them), changing their settings, and their
 * ActivityStreams document (FEP-1b12).
 */
public final class GroupSetup {
    private static final Logger log = LoggerFactory.getLogger(GroupSetup.class);
    /** The handle of every national instance's network group. */
    public static final String NETWORK = "network";
    public static final int MAX_TITLE = 200;
    public static final int MAX_RULES = 10_000;

    private final Polity polity;
    private final GroupQueries queries;
    private final Publisher publisher;

    /** {@code publisher} may be null offline (the CLI), which creates groups and publishes nothing. */
    public GroupSetup(Polity polity, GroupQueries queries, Publisher publisher) {
        this.polity = polity;
        this.queries = queries;
        this.publisher = publisher;
    }

    private org.polity.server.storage.Stores stores() {
        return polity.storage().stores();
    }

    /**
     * Creates one of our groups. {@code creator} becomes its admin (null when an operator creates it with the
     * CLI). Members may create groups only when the instance allows it; admins always may.
     */
    public Actor create(Actor creator, String name, String title, String aboutMarkdown, GroupInfo.Membership membership,
            boolean membersOnly) {
        return create(creator, name, title, aboutMarkdown, membership, membersOnly,
                org.polity.federation.crypto.RsaKeys::generate);
    }

    /** As above; {@code keys} gives the group's key pair once the input is valid (the server makes one early). */
    /** What is wrong with a group's name (the rules of usernames), or null when it is a valid one. */
    private static Message groupNameProblem(String name) {
        Message problem = ActorService.usernameMessage(name);
        if (problem == null) {
            return null;
        }
        return switch (problem.key()) {
            case "svc.username.empty" -> Message.of("groups.service.nameEmpty");
            case "svc.username.format" -> Message.of("groups.service.groupName");
            case "svc.username.reserved" -> Message.of("groups.service.reserved");
            default -> problem;
        };
    }

    private Actor create(Actor creator, String name, String title, String aboutMarkdown,
            GroupInfo.Membership membership, boolean membersOnly, java.util.function.Supplier<java.security.KeyPair> keys) {
        if (creator != null && !polity.settings().membersCreateGroups() && !queries.isAdministrator(creator)) {
            throw new Forbidden(Message.of("groups.service.adminsCreate"));
        }
        InvalidInput.Collector errors = new InvalidInput.Collector();
        String username = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        Message problem = username.equals(NETWORK) ? null : groupNameProblem(username);
        if (problem != null) {
            errors.add("name", problem);
        } else if (polity.actors().findLocal(username).isPresent()) {
            errors.add("name", Message.of("groups.service.nameTaken", username));
        }
        String t = title == null ? "" : title.strip();
        if (t.isEmpty()) {
            errors.add("title", Message.of("groups.service.titleMissing"));
        } else if (t.length() > MAX_TITLE) {
            errors.add("title", Message.of("blog.error.titleLong", MAX_TITLE));
        }
        String about = aboutMarkdown == null ? "" : aboutMarkdown.strip();
        if (about.length() > MAX_RULES) {
            errors.add("about", Message.of("groups.service.aboutLong", MAX_RULES));
        }
        if (membership == null) {
            errors.add("membership", Message.of("groups.service.membership"));
        }
        errors.throwIfAny();
        Instant now = polity.clock().instant();
        java.security.KeyPair pair = keys.get(); // before the transaction: generating one takes CPU-seconds
        Actor group = polity.storage().transaction(tx -> {
            Actor g = polity.actors().createLocal(tx, ActorType.Group, username, t,
                    about.isEmpty() ? "" : Html.markdownToHtml(about), membership != GroupInfo.Membership.OPEN, pair);
            tx.groups().insertGroup(new GroupInfo(g.id(), membership, membersOnly, about, "",
                    creator == null ? null : creator.id(), now));
            if (creator != null) {
                tx.groups().setRole(g.id(), creator.id(), GroupInfo.Role.ADMIN);
                // The creator is a member like any other (members read members-only threads and get its posts).
                tx.follows().insertOrGet(creator.id(), g.id(), Follow.State.ACCEPTED,
                        polity.uris().activity(java.util.UUID.randomUUID().toString()), now);
            }
            return g;
        });
        log.info("group @{} created ({}, {})", username, membership.wireName(), membersOnly ? "members only" : "public");
        return group;
    }


    /**
     * The country's network group, which every national instance has from its first start: handle
     * {@value #NETWORK}, "&lt;country&gt; Public Sector Innovation Network", membership by approval.
     */
    public Actor ensureNetworkGroup() {
        return ensureNetworkGroup(org.polity.federation.crypto.RsaKeys::generate);
    }

    /** As above; {@code keys} is asked for a key pair only when the group has to be created. */
    public Actor ensureNetworkGroup(java.util.function.Supplier<java.security.KeyPair> keys) {
        Optional<Actor> existing = polity.actors().findLocal(NETWORK);
        if (existing.isPresent()) {
            return existing.get();
        }
        String code = polity.config().country();
        String country = code == null || code.isBlank() ? "" : new Locale("", code).getDisplayCountry(Locale.ENGLISH);
        String title = (country.isEmpty() ? "" : country + " ") + "Public Sector Innovation Network";
        return create(null, NETWORK, title, "Public servants of " + (country.isEmpty() ? "this country" : country)
                + " who work on public sector innovation: ask, share and learn from each other and from other"
                + " countries.", GroupInfo.Membership.APPROVAL, false, keys);
    }

    /** Changes one of our groups' title, description, rules, membership and visibility (its admins only). */
    public void updateSettings(Actor by, Actor group, String title, String aboutMarkdown, String rulesMarkdown,
            GroupInfo.Membership membership, boolean membersOnly) {
        queries.requireRole(by, group, GroupInfo.Role.ADMIN);
        InvalidInput.Collector errors = new InvalidInput.Collector();
        String t = title == null ? "" : title.strip();
        if (t.isEmpty() || t.length() > MAX_TITLE) {
            errors.add("title", Message.of("groups.service.titleRange", MAX_TITLE));
        }
        String about = aboutMarkdown == null ? "" : aboutMarkdown.strip();
        String rules = rulesMarkdown == null ? "" : rulesMarkdown.strip();
        if (about.length() > MAX_RULES) {
            errors.add("about", Message.of("groups.service.aboutLong", MAX_RULES));
        }
        if (rules.length() > MAX_RULES) {
            errors.add("rules", Message.of("groups.service.rulesLong", MAX_RULES));
        }
        if (membership == null) {
            errors.add("membership", Message.of("groups.service.membership"));
        }
        errors.throwIfAny();
        polity.storage().transaction(tx -> {
            tx.actors().updateProfile(group.id(), t, about.isEmpty() ? "" : Html.markdownToHtml(about));
            tx.actors().updateManuallyApprovesFollowers(group.id(), membership != GroupInfo.Membership.OPEN);
            tx.groups().updateGroup(group.id(), membership, membersOnly, about, rules);
            return null;
        });
        Actor updated = stores().actors().findActorById(group.id()).orElseThrow();
        ObjectNode update = publisher.activity(updated, "Update");
        update.set("object", Publisher.JSON.valueToTree(document(updated)));
        update.set("to", Publisher.array(ActivityStreams.PUBLIC));
        update.set("cc", Publisher.array(updated.followersUri()));
        publisher.publish(updated, update);
    }

    /** The ActivityStreams document of one of our groups (FEP-1b12). */
    public org.polity.federation.vocab.Actor document(Actor group) {
        GroupInfo info = queries.info(group).orElseThrow(() -> new NotFound(Message.of("groups.service.noSuchGroup", group.acct())));
        return new org.polity.server.convert.ModelToAp(polity.uris(), polity.config(), polity.proofKeys()::assertionMethod)
                .groupToAs(group, info, queries.moderatorsUri(group), queries.featuredUri(group));
    }
}

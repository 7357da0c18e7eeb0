package org.polity.server.activitypub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.polity.federation.http.FetchBudget;
import org.polity.federation.http.FetchException;
import org.polity.federation.vocab.ActivityStreams;
import org.polity.federation.vocab.ApReader;
import org.polity.server.Polity;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.model.ActorType;
import org.polity.server.model.Follow;
import org.polity.server.model.GroupInfo;
import org.polity.server.model.GroupPost;
import org.polity.server.model.GroupThread;
import org.polity.server.model.Notification;
import org.polity.server.model.StoredActivity;
import org.polity.server.model.StoredObject;
import org.polity.server.service.ActorService;
import org.polity.server.service.Forbidden;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.NotFound;
import org.polity.server.storage.Stores;
import org.polity.server.text.Html;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups (FEP-1b12): a group is an actor of type {@code Group}; its members are its accepted followers; its
 * admins and moderators are kept beside it. The web UI, the CLI, the C2S outbox and the inbox handlers all
 * come here, for our groups and remote ones alike.
 *
 * <p>Posting: a thread (a {@code Page} with a {@code name}) is addressed to its group ({@code audience} and
 * {@code to}); a comment is a {@code Note} replying inside the thread, whose {@code context} (FEP-7888) is the
 * thread. A group's host decides what it accepts (members only, not into a locked thread) and re-sends what it
 * accepted to its members' servers with {@code Announce} wrapping the activity (FEP-1b12). For Mastodon, which
 * does not read an announced Create, a public thread or comment is also announced as the object itself, as
 * Lemmy does; Polity receivers recognise the second one and ignore it.
 *
 * <p>Members-only groups address their posts to the group and its followers collection (never Public), so
 * {@link ObjectService#visibleTo} lets members, and only members, read them, on every instance.
 *
 * <p>Moderation activities, all sent to the group and announced by it as Lemmy does: {@code Lock} (and Undo)
 * of a thread, {@code Add}/{@code Remove} of a thread to the group's {@code featured} collection (pinning), a
 * moderator's {@code Delete} of someone else's post (removal). Accepted answers are Polity's: an
 * {@code Accept} whose object is the answer and whose {@code target} is the question (ActivityStreams: "the
 * target property can be used ... to indicate the context into which the object has been accepted"), by the
 * asker or a moderator.
 */
public final class GroupService {
    private static final Logger log = LoggerFactory.getLogger(GroupService.class);
    /** The handle of every national instance's network group. */
    public static final String NETWORK = "network";
    public static final int MAX_TITLE = 200;
    public static final int MAX_RULES = 10_000;
    public static final int MAX_MESSAGE = 1_000;
    public static final int MAX_TAGS = 10;
    private static final Pattern HASHTAG = Pattern.compile("(?<![\\w&/#])#([\\p{L}\\p{N}_]{1,60})");

    private final Polity polity;
    private final RemoteActors actors;
    private final Publisher publisher;
    private final FollowService follows;

    public GroupService(Polity polity, RemoteActors actors, Publisher publisher, FollowService follows) {
        this.polity = polity;
        this.actors = actors;
        this.publisher = publisher;
        this.follows = follows;
    }

    private Stores stores() {
        return polity.storage().stores();
    }

    // --- Groups ------------------------------------------------------------------------------------------------

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
    private Actor create(Actor creator, String name, String title, String aboutMarkdown,
            GroupInfo.Membership membership, boolean membersOnly, java.util.function.Supplier<java.security.KeyPair> keys) {
        if (creator != null && !polity.settings().membersCreateGroups() && !isAdministrator(creator)) {
            throw new Forbidden("On this instance, administrators create groups; ask one of them.");
        }
        InvalidInput.Collector errors = new InvalidInput.Collector();
        String username = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        String problem = username.equals(NETWORK) ? null : ActorService.usernameProblem(username);
        if (problem != null) {
            errors.add("name", problem.replace("Usernames", "Group names").replace("username", "name"));
        } else if (polity.actors().findLocal(username).isPresent()) {
            errors.add("name", "The name @" + username + " is taken; choose another.");
        }
        String t = title == null ? "" : title.strip();
        if (t.isEmpty()) {
            errors.add("title", "Give the group a title.");
        } else if (t.length() > MAX_TITLE) {
            errors.add("title", "Keep the title under " + MAX_TITLE + " characters.");
        }
        String about = aboutMarkdown == null ? "" : aboutMarkdown.strip();
        if (about.length() > MAX_RULES) {
            errors.add("about", "Keep the description under " + MAX_RULES + " characters.");
        }
        if (membership == null) {
            errors.add("membership", "Choose how people join: open, approval or invite.");
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

    private boolean isAdministrator(Actor actor) {
        return stores().accounts().findAccountByActorId(actor.id())
                .filter(a -> a.isAdmin() && a.isActive()).isPresent();
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

    /** One of our groups by name, or a remote group this instance knows by id. */
    public Actor group(String nameOrUri) {
        Optional<Actor> found = nameOrUri.startsWith("http") ? actors.known(nameOrUri)
                : polity.actors().findLocal(nameOrUri.toLowerCase(Locale.ROOT));
        return found.filter(a -> a.type() == ActorType.Group)
                .orElseThrow(() -> new NotFound("There is no group " + nameOrUri + " here."));
    }

    public Optional<GroupInfo> info(Actor group) {
        return group.local() ? stores().groups().findGroup(group.id()) : Optional.empty();
    }

    /** Our groups, by name. */
    public List<Actor> localGroups(int limit) {
        List<Actor> out = new ArrayList<>();
        for (long id : stores().groups().findLocalGroupIds(limit)) {
            stores().actors().findActorById(id).ifPresent(out::add);
        }
        return out;
    }

    /** The groups (ours and remote) an actor is a member of or has asked to join. */
    public List<Follow> memberships(Actor member, Follow.State state, int limit) {
        List<Follow> out = new ArrayList<>();
        for (Follow f : stores().follows().findFollowing(member.id(), state, 0, 1000)) {
            Optional<Actor> followed = stores().actors().findActorById(f.followedId());
            if (followed.isPresent() && followed.get().type() == ActorType.Group) {
                out.add(f);
                if (out.size() >= limit) {
                    break;
                }
            }
        }
        return out;
    }

    /** Whether {@code actor} is a member: an accepted follower, or one of the people who run it. */
    public boolean isMember(Actor group, Actor actor) {
        if (actor == null) {
            return false;
        }
        if (group.local() && stores().groups().findRole(group.id(), actor.id()).isPresent()) {
            return true;
        }
        return stores().follows().findFollow(actor.id(), group.id())
                .filter(f -> f.state() == Follow.State.ACCEPTED).isPresent();
    }

    /**
     * The role of {@code actor} in one of our groups. The instance's administrators administer every group of
     * the instance (the network group, created with the instance, has no other admin until they name one).
     */
    public Optional<GroupInfo.Role> role(Actor group, Actor actor) {
        if (actor == null || !group.local()) {
            return Optional.empty();
        }
        Optional<GroupInfo.Role> role = stores().groups().findRole(group.id(), actor.id());
        if (role.filter(r -> r == GroupInfo.Role.ADMIN).isEmpty() && actor.local() && isAdministrator(actor)) {
            return Optional.of(GroupInfo.Role.ADMIN);
        }
        return role;
    }

    /** Whether {@code actor} moderates {@code group} (admins moderate too); only known for our groups. */
    public boolean canModerate(Actor group, Actor actor) {
        return role(group, actor).isPresent();
    }

    /** Whether {@code reader} may read the group's threads: anyone for a public group, members otherwise. */
    public boolean canRead(Actor group, Actor reader) {
        return info(group).map(i -> !i.membersOnly()).orElse(true) || isMember(group, reader);
    }

    /** Changes one of our groups' title, description, rules, membership and visibility (its admins only). */
    public void updateSettings(Actor by, Actor group, String title, String aboutMarkdown, String rulesMarkdown,
            GroupInfo.Membership membership, boolean membersOnly) {
        requireRole(by, group, GroupInfo.Role.ADMIN);
        InvalidInput.Collector errors = new InvalidInput.Collector();
        String t = title == null ? "" : title.strip();
        if (t.isEmpty() || t.length() > MAX_TITLE) {
            errors.add("title", "The title is 1 to " + MAX_TITLE + " characters.");
        }
        String about = aboutMarkdown == null ? "" : aboutMarkdown.strip();
        String rules = rulesMarkdown == null ? "" : rulesMarkdown.strip();
        if (about.length() > MAX_RULES) {
            errors.add("about", "Keep the description under " + MAX_RULES + " characters.");
        }
        if (rules.length() > MAX_RULES) {
            errors.add("rules", "Keep the rules under " + MAX_RULES + " characters.");
        }
        if (membership == null) {
            errors.add("membership", "Choose how people join: open, approval or invite.");
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
        GroupInfo info = info(group).orElseThrow(() -> new NotFound("There is no group " + group.acct() + " here."));
        return new org.polity.server.convert.ModelToAp(polity.uris(), polity.config())
                .groupToAs(group, info, moderatorsUri(group), featuredUri(group));
    }

    /** The URI of one of our groups' moderators collection (Lemmy names it in {@code attributedTo}). */
    public String moderatorsUri(Actor group) {
        return group.uri() + "/moderators";
    }

    // --- Membership --------------------------------------------------------------------------------------------

    /**
     * Our member joins a group, ours or remote, with an optional message for those who decide. An open group
     * accepts at once; an approval group holds the request; an invitation-only group of ours accepts only
     * those invited.
     */
    public Follow join(Actor member, Actor group, String message) {
        if (group.type() != ActorType.Group) {
            throw InvalidInput.of("group", group.acct() + " is not a group.");
        }
        String note = message == null ? "" : message.strip();
        if (note.length() > MAX_MESSAGE) {
            throw InvalidInput.of("message", "Keep the message under " + MAX_MESSAGE + " characters.");
        }
        if (group.local()) {
            GroupInfo info = info(group).orElseThrow();
            if (stores().groups().isBanned(group.id(), member.id())) {
                throw new Forbidden("A moderator removed you from this group; you cannot join it again.");
            }
            boolean invited = stores().groups().hasInvitation(group.id(), member.id());
            if (info.membership() == GroupInfo.Membership.INVITE && !invited) {
                throw new Forbidden("This group takes members by invitation only.");
            }
            boolean again = stores().follows().findFollow(member.id(), group.id()).isPresent();
            Follow follow = follows.follow(member, group, null);
            if (!note.isEmpty()) {
                stores().follows().setMessage(follow.id(), note);
            }
            if (follow.state() == Follow.State.PENDING) {
                if (invited) {
                    follows.approve(group, follow.id());
                    stores().groups().deleteInvitation(group.id(), member.id());
                    tellModerators(group, Notification.Kind.GROUP_MEMBER_JOINED, member.id(), group.uri());
                } else {
                    tellModerators(group, Notification.Kind.GROUP_REQUEST, member.id(), group.uri());
                }
            } else if (!again) {
                tellModerators(group, Notification.Kind.GROUP_MEMBER_JOINED, member.id(), group.uri());
            }
            return stores().follows().findFollow(member.id(), group.id()).orElse(follow);
        }
        ObjectNode activity = publisher.activity(member, "Follow");
        if (!note.isEmpty()) {
            activity.put("content", Html.escape(note));
        }
        Follow follow = follows.follow(member, group, activity);
        if (!note.isEmpty()) {
            stores().follows().setMessage(follow.id(), note);
        }
        stores().groups().deleteInvitation(group.id(), member.id());
        return follow;
    }

    /** Our member leaves a group (or withdraws a request): Undo{Follow}. */
    public void leave(Actor member, Actor group) {
        follows.unfollow(member, group);
    }

    /**
     * A remote actor's Follow of one of our groups (inbox): the same rules as {@link #join}; a request to an
     * invitation-only group from someone not invited is refused with Reject.
     */
    public Follow receiveJoin(Actor follower, Actor group, JsonNode followActivity) {
        GroupInfo info = info(group).orElseThrow();
        if (stores().groups().isBanned(group.id(), follower.id())) {
            follows.refuse(group, follower, followActivity);
            return null;
        }
        boolean invited = stores().groups().hasInvitation(group.id(), follower.id());
        if (info.membership() == GroupInfo.Membership.INVITE && !invited
                && stores().follows().findFollow(follower.id(), group.id()).isEmpty()) {
            follows.refuse(group, follower, followActivity);
            return null;
        }
        Follow follow = follows.receiveFollow(follower, group, followActivity);
        polity.federation().hostSoftware().learn(follower.uri()); // for distribute's by-id Announce
        String message = followActivity.path("content").asText("").strip();
        if (!message.isEmpty()) {
            stores().follows().setMessage(follow.id(), Html.toPlainText(message, MAX_MESSAGE));
        }
        boolean repeat = !followActivity.path("id").asText("").equals(follow.activityUri());
        if (follow.state() == Follow.State.PENDING) {
            if (invited) {
                follows.approve(group, follow.id());
                stores().groups().deleteInvitation(group.id(), follower.id());
                tellModerators(group, Notification.Kind.GROUP_MEMBER_JOINED, follower.id(), group.uri());
            } else {
                tellModerators(group, Notification.Kind.GROUP_REQUEST, follower.id(), group.uri());
            }
        } else if (follow.state() == Follow.State.ACCEPTED && !repeat) {
            tellModerators(group, Notification.Kind.GROUP_MEMBER_JOINED, follower.id(), group.uri());
        }
        return follow;
    }

    /** Pending requests to join one of our groups (for its moderators). */
    public List<Follow> requests(Actor by, Actor group, int limit) {
        requireModerator(by, group);
        return stores().follows().findFollowers(group.id(), Follow.State.PENDING, 0, limit);
    }

    /** The message sent with a request to join, if any. */
    public Optional<String> requestMessage(Follow follow) {
        return stores().follows().findMessage(follow.id());
    }

    /** A moderator approves or declines a request to join one of our groups; the applicant is told. */
    public void decide(Actor by, Actor group, long followId, boolean approve) {
        requireModerator(by, group);
        Follow follow = stores().follows().findFollowers(group.id(), Follow.State.PENDING, followId - 1, 1).stream()
                .filter(f -> f.id() == followId).findFirst()
                .orElseThrow(() -> new NotFound("That request has been answered already."));
        if (approve) {
            follows.approve(group, followId);
        } else {
            follows.reject(group, followId);
            stores().actors().findActorById(follow.followerId()).filter(Actor::local)
                    .ifPresent(a -> notify(a.id(), Notification.Kind.GROUP_REJECTED, group.id(), group.uri()));
        }
    }

    /**
     * A moderator removes a member from one of our groups (a Reject of their Follow tells their server) and bans
     * them: they cannot join or post again until a moderator lifts the ban. Only admins remove moderators.
     */
    public void removeMember(Actor by, Actor group, Actor member) {
        requireModerator(by, group);
        Follow follow = stores().follows().findFollow(member.id(), group.id())
                .orElseThrow(() -> new NotFound(member.acct() + " is not a member."));
        Optional<GroupInfo.Role> theirs = stores().groups().findRole(group.id(), member.id());
        if (theirs.filter(r -> r == GroupInfo.Role.ADMIN).isPresent()) {
            throw new Forbidden("An admin cannot be removed; take away the role first.");
        }
        if (theirs.isPresent() && role(group, by).filter(r -> r == GroupInfo.Role.ADMIN).isEmpty()) {
            throw new Forbidden("Only the group's admins can remove a moderator.");
        }
        stores().groups().removeRole(group.id(), member.id());
        stores().groups().insertBan(group.id(), member.id(), by.id(), polity.clock().instant());
        if (follow.state() == Follow.State.PENDING) {
            decide(by, group, follow.id(), false);
            return;
        }
        stores().follows().delete(follow.id());
        if (!member.local()) {
            ObjectNode followRef = Publisher.JSON.createObjectNode();
            followRef.put("id", follow.activityUri());
            followRef.put("type", "Follow");
            followRef.put("actor", member.uri());
            followRef.put("object", group.uri());
            follows.refuse(group, member, followRef);
        }
    }

    /** A moderator lifts a ban: the person may ask to join again. */
    public void unban(Actor by, Actor group, Actor banned) {
        requireModerator(by, group);
        if (!stores().groups().deleteBan(group.id(), banned.id())) {
            throw new NotFound(banned.acct() + " is not banned from this group.");
        }
    }

    /** The people banned from one of our groups, latest first (its moderators only). */
    public List<Actor> bans(Actor by, Actor group, int limit) {
        requireModerator(by, group);
        List<Actor> out = new ArrayList<>();
        for (long id : stores().groups().findBans(group.id(), limit)) {
            stores().actors().findActorById(id).ifPresent(out::add);
        }
        return out;
    }

    /**
     * A moderator of one of our groups invites someone (ours or remote, by handle): their request to join will
     * be accepted. A local invitee is notified; a remote one gets an {@code Invite} (object: the group,
     * target: them), which Polity shows as an invitation and other servers may ignore.
     */
    public void invite(Actor by, Actor group, String handle) throws FetchException {
        requireModerator(by, group);
        Actor invitee = actors.lookup(handle, FetchBudget.perRequest());
        if (invitee.type() == ActorType.Group || invitee.id() == group.id()) {
            throw InvalidInput.of("handle", "Invite a person, not a group.");
        }
        if (isMember(group, invitee)) {
            throw InvalidInput.of("handle", invitee.acct() + " is a member already.");
        }
        stores().groups().deleteBan(group.id(), invitee.id()); // inviting someone lifts their ban
        if (!stores().groups().insertInvitation(group.id(), invitee.id(), by.id(), polity.clock().instant())) {
            throw InvalidInput.of("handle", invitee.acct() + " has been invited already.");
        }
        Optional<Follow> pending = stores().follows().findFollow(invitee.id(), group.id())
                .filter(f -> f.state() == Follow.State.PENDING);
        if (pending.isPresent()) {
            follows.approve(group, pending.get().id());
            stores().groups().deleteInvitation(group.id(), invitee.id());
            return;
        }
        if (invitee.local()) {
            notify(invitee.id(), Notification.Kind.GROUP_INVITE, group.id(), group.uri());
        } else {
            ObjectNode activity = publisher.activity(group, "Invite");
            activity.put("object", group.uri());
            activity.put("target", invitee.uri());
            activity.set("to", Publisher.array(invitee.uri()));
            publisher.publish(group, activity);
        }
    }

    /** A remote group invites one of our actors (inbox {@code Invite}): they are told, and may join. */
    public boolean receiveInvite(Actor group, Actor invitee) {
        if (group.type() != ActorType.Group || !invitee.local() || isMember(group, invitee)) {
            return false;
        }
        if (stores().groups().insertInvitation(group.id(), invitee.id(), null, polity.clock().instant())) {
            notify(invitee.id(), Notification.Kind.GROUP_INVITE, group.id(), group.uri());
            return true;
        }
        return false;
    }

    /** An admin of one of our groups makes a member a moderator or admin, or (role null) takes the role away. */
    public void setRole(Actor by, Actor group, Actor target, GroupInfo.Role role) {
        requireRole(by, group, GroupInfo.Role.ADMIN);
        long admins = stores().groups().findRoles(group.id()).stream()
                .filter(r -> r.role() == GroupInfo.Role.ADMIN).count();
        if (role != GroupInfo.Role.ADMIN && admins <= 1 && stores().groups().findRole(group.id(), target.id())
                .filter(r -> r == GroupInfo.Role.ADMIN).isPresent()) {
            throw InvalidInput.of("role", "A group keeps at least one admin.");
        }
        if (role == null) {
            stores().groups().removeRole(group.id(), target.id());
            return;
        }
        if (!isMember(group, target)) {
            throw InvalidInput.of("member", target.acct() + " is not a member of the group.");
        }
        stores().groups().setRole(group.id(), target.id(), role);
    }

    /** The people who run one of our groups, admins first. */
    public List<GroupStoreRole> roles(Actor group) {
        List<GroupStoreRole> out = new ArrayList<>();
        for (var row : stores().groups().findRoles(group.id())) {
            stores().actors().findActorById(row.actorId()).ifPresent(a -> out.add(new GroupStoreRole(a, row.role())));
        }
        return out;
    }

    public record GroupStoreRole(Actor actor, GroupInfo.Role role) {}

    // --- Posting -----------------------------------------------------------------------------------------------

    /**
     * Our member starts a thread (a discussion or a question) in a group, ours or remote: a {@code Page} with a
     * title and Markdown content; {@code #tags} in the text and the given tags become hashtags.
     */
    public StoredActivity startThread(Actor author, Actor group, String title, String markdown, GroupThread.Kind kind,
            List<String> extraTags) {
        InvalidInput.Collector errors = new InvalidInput.Collector();
        String t = title == null ? "" : title.strip();
        if (t.isEmpty()) {
            errors.add("name", "Give the thread a title.");
        } else if (t.length() > ObjectService.MAX_NAME) {
            errors.add("name", "Keep the title under " + ObjectService.MAX_NAME + " characters.");
        }
        String text = markdown == null ? "" : markdown.strip();
        if (text.isEmpty()) {
            errors.add("content", "Write something to start the thread.");
        } else if (text.length() > ObjectService.MAX_CONTENT) {
            errors.add("content", ObjectService.TOO_LONG);
        }
        errors.throwIfAny();
        ObjectNode page = Publisher.JSON.createObjectNode();
        page.put("type", "Page");
        page.put("name", t);
        ObjectNode source = page.putObject("source");
        source.put("content", text);
        source.put("mediaType", "text/markdown");
        page.put("audience", group.uri());
        page.set("to", address(group, true));
        page.set("cc", address(group, false));
        if (kind == GroupThread.Kind.QUESTION) {
            page.put("threadKind", "question");
        }
        page.set("tag", hashtags(text, extraTags));
        return polity.federation().objects().create(author, page, null);
    }

    /**
     * Our member replies to a post in a group's thread (the thread itself or a comment in it): a {@code Note}
     * with {@code inReplyTo}, the thread as its {@code context}, addressed to the group and the parent's
     * author. Mentions ({@code @name@host}) in the text are resolved, addressed and notified.
     */
    public StoredActivity reply(Actor author, String parentUri, String markdown) {
        StoredObject parent = stores().objects().findObjectByUri(parentUri).filter(o -> !o.deleted())
                .filter(o -> polity.federation().objects().visibleTo(o.uri(), o.attributedToId(), o.visibility(),
                        Optional.of(author)))
                .orElseThrow(() -> new NotFound(ObjectService.NOT_VISIBLE));
        String text = markdown == null ? "" : markdown.strip();
        if (text.isEmpty()) {
            throw InvalidInput.of("content", "Write your reply first.");
        }
        if (text.length() > ObjectService.MAX_CONTENT) {
            throw InvalidInput.of("content", ObjectService.TOO_LONG);
        }
        ObjectNode note = Publisher.JSON.createObjectNode();
        note.put("type", "Note");
        ObjectNode source = note.putObject("source");
        source.put("content", text);
        source.put("mediaType", "text/markdown");
        note.put("inReplyTo", parent.uri());
        Optional<GroupPost> place = stores().groups().findPost(parent.uri());
        Set<String> to = new LinkedHashSet<>();
        Set<String> cc = new LinkedHashSet<>();
        Actor parentAuthor = stores().actors().findActorById(parent.attributedToId()).orElseThrow();
        if (place.isPresent()) {
            Actor group = actors.known(place.get().groupUri()).orElseThrow();
            note.put("audience", group.uri());
            note.put("context", place.get().threadUri());
            address(group, true).forEach(n -> to.add(n.asText()));
            address(group, false).forEach(n -> cc.add(n.asText()));
        } else {
            if (parent.contextUri() != null) {
                note.put("context", parent.contextUri());
            }
            to.add(ActivityStreams.PUBLIC);
            if (author.followersUri() != null) {
                cc.add(author.followersUri());
            }
        }
        if (parentAuthor.id() != author.id()) {
            cc.add(parentAuthor.uri());
        }
        ArrayNode tags = hashtags(text, List.of());
        for (Actor mentioned : mentions(text)) {
            ObjectNode m = tags.addObject();
            m.put("type", "Mention");
            m.put("href", mentioned.uri());
            m.put("name", "@" + mentioned.acct());
            if (!mentioned.uri().equals(author.uri())) {
                cc.add(mentioned.uri());
            }
        }
        note.set("tag", tags);
        note.set("to", array(to));
        note.set("cc", array(cc));
        return polity.federation().objects().create(author, note, null);
    }

    /** The addressing of a group post: to the group and Public (members-only: to the group, cc its members). */
    private ArrayNode address(Actor group, boolean to) {
        boolean membersOnly = membersOnly(group);
        if (to) {
            return membersOnly ? Publisher.array(group.uri()) : Publisher.array(group.uri(), ActivityStreams.PUBLIC);
        }
        return group.followersUri() == null ? Publisher.JSON.createArrayNode() : Publisher.array(group.followersUri());
    }

    /**
     * Whether only members read the group: ours from its settings; a remote one from its actor document
     * ({@code polity:membersOnly}, cached by the resolver), else from whether its latest thread we hold was
     * public. A group that says nothing (Lemmy's) is public.
     */
    public boolean membersOnly(Actor group) {
        if (group.local()) {
            return info(group).map(GroupInfo::membersOnly).orElse(false);
        }
        try {
            JsonNode flag = polity.federation().resolver().actor(URI.create(group.uri()), FetchBudget.perRequest())
                    .unknown("membersOnly");
            if (flag != null && flag.isBoolean()) {
                return flag.asBoolean();
            }
        } catch (Exception e) {
            log.debug("could not read {}: {}", group.uri(), e.getMessage());
        }
        return remoteMembersOnly(group);
    }

    /** Whether a remote group keeps its threads to members: its latest thread we hold was not public. */
    private boolean remoteMembersOnly(Actor group) {
        return stores().groups().findThreads(group.uri(), 0, 1).stream().findFirst()
                .flatMap(t -> stores().objects().findObjectByUri(t.objectUri()))
                .map(o -> o.visibility() != org.polity.server.model.Visibility.PUBLIC).orElse(false);
    }

    /** Hashtags from {@code #word} in the text and the extra tags, as ActivityStreams Hashtag tags. */
    public ArrayNode hashtags(String text, List<String> extra) {
        Set<String> names = new LinkedHashSet<>();
        for (String t : extra == null ? List.<String>of() : extra) {
            String tag = normaliseTag(t);
            if (tag != null) {
                names.add(tag);
            }
        }
        Matcher m = HASHTAG.matcher(text);
        while (m.find() && names.size() < MAX_TAGS) {
            names.add(m.group(1).toLowerCase(Locale.ROOT));
        }
        ArrayNode tags = Publisher.JSON.createArrayNode();
        names.stream().limit(MAX_TAGS).forEach(name -> {
            ObjectNode tag = tags.addObject();
            tag.put("type", "Hashtag");
            tag.put("href", polity.uris().url("/tags/" + name));
            tag.put("name", "#" + name);
        });
        return tags;
    }

    /**
     * A tag as typed ("#Energy ", "energy", "open data", "open-data") to its stored form ("energy",
     * "opendata"); null when it is not a tag. Hashtags hold no spaces on the fediverse, so the words of a
     * multi-word tag are joined, as #OpenData is written (and, case aside, federated as {@code "#opendata"}).
     */
    public static String normaliseTag(String typed) {
        if (typed == null) {
            return null;
        }
        String t = typed.strip();
        if (t.startsWith("#")) {
            t = t.substring(1);
        }
        t = t.replaceAll("[\\s-]+", "");
        t = t.toLowerCase(Locale.ROOT);
        return t.matches("[\\p{L}\\p{N}_]{1,60}") ? t : null;
    }

    private static final Pattern MENTION = Pattern.compile("(?<![\\w/])@([a-zA-Z0-9_]{1,30})@([a-zA-Z0-9.-]+(?::\\d+)?)");

    /** Actors mentioned as {@code @name@host} in the text that can be resolved (at most 10). */
    private List<Actor> mentions(String text) {
        List<Actor> out = new ArrayList<>();
        Matcher m = MENTION.matcher(text);
        FetchBudget budget = FetchBudget.perRequest();
        while (m.find() && out.size() < 10) {
            try {
                Actor a = actors.lookup("@" + m.group(1) + "@" + m.group(2), budget);
                if (out.stream().noneMatch(x -> x.id() == a.id())) {
                    out.add(a);
                }
            } catch (Exception e) {
                log.debug("mention {} not resolved: {}", m.group(), e.getMessage());
            }
        }
        return out;
    }

    // --- Where a post belongs, and what a group's host accepts ----------------------------------------------

    /** Where a post goes: its group and thread ({@code threadUri} null for a new thread). */
    public record Placement(Actor group, String threadUri, boolean newThread, GroupThread.Kind kind) {}

    /**
     * The group a post belongs to, from its {@code audience}, its addressing (a group we know), or the post
     * it replies to; empty when it is not a group post.
     */
    public Optional<Placement> placement(JsonNode object) {
        String inReplyTo = ApReader.idOf(object.get("inReplyTo"));
        if (inReplyTo != null) {
            Optional<GroupPost> parent = stores().groups().findPost(inReplyTo);
            if (parent.isPresent()) {
                // A reply joins the thread only when it is meant for the group: addressed to it or its members,
                // or public (Mastodon's public replies name only the parent's author). A reply to a few
                // people stays between them.
                return actors.known(parent.get().groupUri())
                        .filter(g -> addressesGroupOrPublic(object, g))
                        .map(g -> new Placement(g, parent.get().threadUri(), false, null));
            }
            return Optional.empty();
        }
        Set<String> candidates = new LinkedHashSet<>(Publisher.addresses(object, "audience"));
        candidates.addAll(Publisher.addresses(object, "to"));
        candidates.addAll(Publisher.addresses(object, "cc"));
        for (String uri : candidates) {
            if (ActivityStreams.isPublic(uri)) {
                continue;
            }
            Optional<Actor> group = actors.known(uri).filter(a -> a.type() == ActorType.Group);
            if (group.isPresent()) {
                return Optional.of(new Placement(group.get(), null, true,
                        GroupThread.Kind.parse(object.path("threadKind").asText(""))));
            }
        }
        return Optional.empty();
    }

    private static boolean addressesGroupOrPublic(JsonNode object, Actor group) {
        for (String field : List.of("to", "cc", "audience")) {
            for (String uri : Publisher.addresses(object, field)) {
                if (ActivityStreams.isPublic(uri) || uri.equals(group.uri()) || uri.equals(group.followersUri())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether an object is addressed to the Public collection (to or cc). */
    static boolean isPublic(JsonNode object) {
        return Publisher.addresses(object, "to").stream().anyMatch(ActivityStreams::isPublic)
                || Publisher.addresses(object, "cc").stream().anyMatch(ActivityStreams::isPublic);
    }

    /**
     * What our group's host checks before a post (ours or received) enters one of our groups: the author is a
     * member and the thread is not locked. Throws {@link Forbidden} naming the reason.
     */
    public void admit(Actor author, Placement placement) {
        Actor group = placement.group();
        if (group.local() && stores().groups().isBanned(group.id(), author.id())) {
            throw new Forbidden("A moderator removed you from " + group.displayName() + "; you cannot post there.");
        }
        if (!isMember(group, author)) {
            throw new Forbidden("Only members of " + group.displayName() + " can post there; join the group first.");
        }
        if (!placement.newThread()) {
            GroupThread thread = stores().groups().findThread(placement.threadUri()).orElse(null);
            if (thread != null && thread.locked() && !canModerate(group, author)) {
                throw new Forbidden("This thread is locked: no new replies.");
            }
        }
    }

    /**
     * Records a post that entered a group (ours or received, in our group or a remote one), in the caller's
     * transaction: the group post, the thread (new) or its reply count, and its hashtags.
     */
    public void record(Stores tx, Placement placement, String objectUri, JsonNode object, Instant at) {
        String threadUri = placement.newThread() ? objectUri : placement.threadUri();
        if (!tx.groups().insertPost(new GroupPost(objectUri, placement.group().uri(), threadUri, at))) {
            return;
        }
        if (placement.newThread()) {
            // A remote group's host says whether its thread is pinned, locked or answered (Lemmy's stickied and
            // commentsEnabled); in our groups only our moderators and askers decide, never the post itself.
            boolean remote = !placement.group().local();
            boolean pinned = remote && object.path("stickied").asBoolean(false);
            boolean locked = remote && object.has("commentsEnabled") && !object.path("commentsEnabled").asBoolean(true);
            tx.groups().insertThread(new GroupThread(objectUri, placement.group().uri(),
                    placement.kind() == null ? GroupThread.Kind.DISCUSSION : placement.kind(), pinned, locked,
                    remote ? ApReader.idOf(object.get("acceptedAnswer")) : null, 0, at));
        } else {
            tx.groups().touchThread(threadUri, 1, at);
        }
        tx.groups().insertTags(objectUri, tagNames(object));
    }

    /** Lower-case names of an object's Hashtag tags. */
    public static List<String> tagNames(JsonNode object) {
        Set<String> out = new LinkedHashSet<>();
        JsonNode tags = object.get("tag");
        if (tags == null) {
            return List.of();
        }
        for (JsonNode tag : tags.isArray() ? tags : Publisher.JSON.createArrayNode().add(tags)) {
            if ("Hashtag".equals(tag.path("type").asText())) {
                String name = normaliseTag(tag.path("name").asText(""));
                if (name != null && out.size() < 20) {
                    out.add(name);
                }
            }
        }
        return List.copyOf(out);
    }

    /**
     * One of our groups re-sends an accepted activity to its members' servers (FEP-1b12): an Announce wrapping
     * the activity, and for a public Create also an Announce of the object itself, for Mastodon.
     */
    public void distribute(Actor group, JsonNode activity) {
        if (!group.local() || group.type() != ActorType.Group) {
            return;
        }
        boolean membersOnly = info(group).map(GroupInfo::membersOnly).orElse(false);
        ObjectNode inner = activity.deepCopy();
        inner.remove("@context");
        inner.remove("bto");
        inner.remove("bcc");
        ObjectNode announce = publisher.activity(group, "Announce");
        announce.set("object", inner);
        // Public only when what is re-sent is public itself; otherwise to the members alone.
        JsonNode innerObject = inner.get("object") instanceof ObjectNode o ? o : inner;
        boolean open = !membersOnly && (isPublic(inner) || isPublic(innerObject));
        announce.set("to", open ? Publisher.array(ActivityStreams.PUBLIC) : Publisher.array(group.followersUri()));
        announce.set("cc", open ? Publisher.array(group.followersUri()) : Publisher.JSON.createArrayNode());
        announce.put("audience", group.uri());
        publisher.publish(group, announce);
        String type = inner.path("type").asText();
        if (!membersOnly && type.equals("Create") && inner.get("object") instanceof ObjectNode object
                && Publisher.addresses(object, "to").stream().anyMatch(ActivityStreams::isPublic)) {
            // For Mastodon and others that do not read an announced Create: the post itself, by id; only to
            // servers not known to read FEP-1b12 (as Lemmy does), so Polity and Lemmy peers get one request.
            ObjectNode boost = publisher.activity(group, "Announce");
            boost.put("object", object.path("id").asText());
            boost.set("to", Publisher.array(ActivityStreams.PUBLIC));
            boost.set("cc", Publisher.array(group.followersUri()));
            boost.put("audience", group.uri());
            HostSoftware software = polity.federation().hostSoftware();
            publisher.publish(group, boost, tx -> { }, inbox -> {
                try {
                    return !software.readsGroupAnnounces(HostSoftware.authority(URI.create(inbox)));
                } catch (IllegalArgumentException e) {
                    return true;
                }
            });
        }
    }

    /** After one of our actors published an activity about a post in one of our groups: the group re-sends it. */
    public void afterLocalPublish(StoredActivity activity) {
        if (activity.objectUri() == null) {
            return;
        }
        Optional<GroupPost> post = stores().groups().findPost(activity.objectUri());
        if (post.isEmpty()) {
            return;
        }
        actors.known(post.get().groupUri()).filter(Actor::local).ifPresent(group -> {
            try {
                distribute(group, ObjectService.readTree(activity.payload()));
            } catch (RuntimeException e) {
                log.warn("group {} could not re-send {}", group.acct(), activity.uri(), e);
            }
        });
    }

    // --- Moderation and accepted answers --------------------------------------------------------------------

    /** A moderator pins or unpins a thread of one of our groups (Add / Remove to the featured collection). */
    public void setPinned(Actor by, String threadUri, boolean pinned) {
        GroupThread thread = thread(threadUri);
        Actor group = localGroupOf(thread);
        requireModerator(by, group);
        stores().groups().setPinned(threadUri, pinned);
        ObjectNode activity = publisher.activity(by, pinned ? "Add" : "Remove");
        activity.put("object", threadUri);
        activity.put("target", featuredUri(group));
        moderationAddressing(activity, group);
        distribute(group, ObjectService.readTree(publisher.publish(by, activity).payload()));
    }

    /** A moderator locks or unlocks a thread of one of our groups (Lemmy's {@code Lock}, or Undo of it). */
    public void setLocked(Actor by, String threadUri, boolean locked) {
        GroupThread thread = thread(threadUri);
        Actor group = localGroupOf(thread);
        requireModerator(by, group);
        stores().groups().setLocked(threadUri, locked);
        ObjectNode lock = publisher.activity(by, "Lock");
        lock.put("object", threadUri);
        moderationAddressing(lock, group);
        ObjectNode activity = lock;
        if (!locked) {
            activity = publisher.activity(by, "Undo");
            lock.remove("@context");
            activity.set("object", lock);
            moderationAddressing(activity, group);
        }
        distribute(group, ObjectService.readTree(publisher.publish(by, activity).payload()));
    }

    /**
     * The asker, or a moderator of the question's group when it is ours, accepts an answer: the thread records
     * it, the answer's author is told, and an {@code Accept} (object: the answer, target: the question) goes to
     * the group, which re-sends it to its members' servers. {@code answerUri} null withdraws the choice
     * (Undo of the Accept).
     */
    public void acceptAnswer(Actor by, String threadUri, String answerUri) {
        GroupThread thread = thread(threadUri);
        if (thread.kind() != GroupThread.Kind.QUESTION) {
            throw InvalidInput.of("thread", "Only a question has an accepted answer.");
        }
        StoredObject question = stores().objects().findObjectByUri(threadUri).orElseThrow();
        Actor group = actors.known(thread.groupUri()).orElseThrow();
        boolean asker = question.attributedToId() == by.id();
        if (!asker && !(group.local() && canModerate(group, by))) {
            throw new Forbidden("Only the person who asked, or a moderator, can accept an answer.");
        }
        if (answerUri != null) {
            GroupPost answer = stores().groups().findPost(answerUri)
                    .filter(p -> p.threadUri().equals(threadUri) && !p.isThread())
                    .orElseThrow(() -> InvalidInput.of("answer", "That is not an answer in this thread."));
            if (stores().objects().findObjectByUri(answer.objectUri()).map(StoredObject::deleted).orElse(true)) {
                throw InvalidInput.of("answer", "That answer has been deleted.");
            }
        }
        String previous = thread.acceptedAnswerUri();
        stores().groups().setAcceptedAnswer(threadUri, answerUri);
        ObjectNode accept = publisher.activity(by, "Accept");
        ObjectNode answerRef = accept.putObject("object");
        answerRef.put("id", answerUri != null ? answerUri : previous);
        answerRef.put("type", "Note");
        accept.put("target", threadUri);
        moderationAddressing(accept, group);
        ObjectNode activity = accept;
        if (answerUri == null) {
            if (previous == null) {
                return;
            }
            activity = publisher.activity(by, "Undo");
            accept.remove("@context");
            activity.set("object", accept);
            moderationAddressing(activity, group);
        } else {
            tellAnswerAuthor(answerUri, by);
        }
        StoredActivity published = publisher.publish(by, activity);
        if (group.local()) {
            distribute(group, ObjectService.readTree(published.payload()));
        }
    }

    /**
     * A moderator of one of our groups removes someone else's post (Lemmy's remove: a Delete by a moderator,
     * with the reason as {@code summary}); the group re-sends it.
     */
    public void remove(Actor by, String objectUri, String reason) {
        GroupPost post = stores().groups().findPost(objectUri)
                .orElseThrow(() -> new NotFound(ObjectService.NOT_VISIBLE));
        Actor group = actors.known(post.groupUri()).filter(Actor::local)
                .orElseThrow(() -> new Forbidden("Posts are removed by the group's own server."));
        requireModerator(by, group);
        StoredObject row = stores().objects().findObjectByUri(objectUri).filter(o -> !o.deleted())
                .orElseThrow(() -> new NotFound(ObjectService.NOT_VISIBLE));
        ObjectNode delete = publisher.activity(by, "Delete");
        delete.put("object", row.uri());
        if (reason != null && !reason.isBlank()) {
            delete.put("summary", Html.escape(reason.strip()));
        }
        moderationAddressing(delete, group);
        Instant now = polity.clock().instant();
        StoredActivity published = publisher.publish(by, delete, tx -> {
            tx.objects().update(row.uri(), null, "", ObjectService.tombstone(row.uri(), row.type(), now).toString(), now);
            tx.objects().markDeleted(row.uri(), now);
            if (!post.isThread()) {
                tx.groups().touchThread(post.threadUri(), -1, now);
            }
        });
        distribute(group, ObjectService.readTree(published.payload()));
    }

    /**
     * A moderation activity received from the group's host (announced by a group we belong to) or sent to one of
     * our groups by a moderator or the asker: Lock, Undo{Lock}, Add/Remove (pin), Accept (answer), Undo{Accept}.
     * {@code trusted} is true when the group itself vouches for it (an Announce signed by the group).
     * Returns a short description of what changed, or empty when it did not apply.
     */
    public Optional<String> applyModeration(Actor actor, Actor group, JsonNode activity, boolean trusted) {
        String type = activity.path("type").asText();
        boolean undo = type.equals("Undo");
        JsonNode inner = undo ? activity.get("object") : activity;
        if (inner == null || !inner.isObject()) {
            return Optional.empty();
        }
        String innerType = inner.path("type").asText();
        String objectUri = ApReader.idOf(inner.get("object"));
        if (objectUri == null) {
            return Optional.empty();
        }
        switch (innerType) {
            case "Lock" -> {
                Optional<GroupThread> thread = threadIn(group, objectUri);
                if (thread.isEmpty() || !(trusted || canModerate(group, actor))) {
                    return Optional.empty();
                }
                stores().groups().setLocked(objectUri, !undo);
                return Optional.of((undo ? "unlocked " : "locked ") + objectUri);
            }
            case "Add", "Remove" -> {
                Optional<GroupThread> thread = threadIn(group, objectUri);
                String target = ApReader.idOf(inner.get("target"));
                boolean featured = target != null && (target.equals(featuredUri(group))
                        || target.equals(group.uri() + "//featured")); // as Lemmy spells it
                if (undo || thread.isEmpty() || !featured || !(trusted || canModerate(group, actor))) {
                    return Optional.empty();
                }
                stores().groups().setPinned(objectUri, innerType.equals("Add"));
                return Optional.of((innerType.equals("Add") ? "pinned " : "unpinned ") + objectUri);
            }
            case "Accept" -> {
                String threadUri = ApReader.idOf(inner.get("target"));
                Optional<GroupThread> thread = threadUri == null ? Optional.empty() : threadIn(group, threadUri);
                if (thread.isEmpty() || thread.get().kind() != GroupThread.Kind.QUESTION) {
                    return Optional.empty();
                }
                boolean asker = stores().objects().findObjectByUri(threadUri)
                        .map(q -> q.attributedToId() == actor.id()).orElse(false);
                if (!(trusted || asker || canModerate(group, actor))) {
                    return Optional.empty();
                }
                Optional<GroupPost> answer = stores().groups().findPost(objectUri)
                        .filter(p -> p.threadUri().equals(threadUri));
                if (undo) {
                    if (objectUri.equals(thread.get().acceptedAnswerUri())) {
                        stores().groups().setAcceptedAnswer(threadUri, null);
                    }
                    return Optional.of("withdrew the accepted answer of " + threadUri);
                }
                if (answer.isEmpty()) {
                    return Optional.empty();
                }
                if (!objectUri.equals(thread.get().acceptedAnswerUri())) {
                    stores().groups().setAcceptedAnswer(threadUri, objectUri);
                    tellAnswerAuthor(objectUri, actor);
                }
                return Optional.of("accepted " + objectUri + " as the answer to " + threadUri);
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private Optional<GroupThread> threadIn(Actor group, String threadUri) {
        return stores().groups().findThread(threadUri).filter(t -> t.groupUri().equals(group.uri()));
    }

    private void tellAnswerAuthor(String answerUri, Actor chooser) {
        stores().objects().findObjectByUri(answerUri)
                .filter(a -> a.attributedToId() != chooser.id())
                .flatMap(a -> stores().actors().findActorById(a.attributedToId()))
                .filter(Actor::local)
                .ifPresent(author -> notify(author.id(), Notification.Kind.ANSWER_ACCEPTED, chooser.id(), answerUri));
    }

    /** The addressing of a moderation activity: to the group, cc Public (or the members, when members-only). */
    private void moderationAddressing(ObjectNode activity, Actor group) {
        activity.set("to", Publisher.array(group.uri()));
        activity.set("cc", address(group, true).size() > 1 ? Publisher.array(ActivityStreams.PUBLIC)
                : Publisher.array(group.followersUri()));
        activity.put("audience", group.uri());
    }

    /** The URI of a group's featured (pinned threads) collection. */
    public String featuredUri(Actor group) {
        return group.uri() + "/featured";
    }

    public GroupThread thread(String threadUri) {
        return stores().groups().findThread(threadUri)
                .orElseThrow(() -> new NotFound("There is no such thread, or you may not see it."));
    }

    private Actor localGroupOf(GroupThread thread) {
        return actors.known(thread.groupUri()).filter(Actor::local)
                .orElseThrow(() -> new Forbidden("Threads are moderated on the group's own server."));
    }

    private void requireModerator(Actor by, Actor group) {
        if (!group.local() || !canModerate(group, by)) {
            throw new Forbidden("Only the group's moderators can do that.");
        }
    }

    private void requireRole(Actor by, Actor group, GroupInfo.Role role) {
        Optional<GroupInfo.Role> has = role(group, by);
        if (has.isEmpty() || (role == GroupInfo.Role.ADMIN && has.get() != GroupInfo.Role.ADMIN)) {
            throw new Forbidden("Only the group's " + (role == GroupInfo.Role.ADMIN ? "admins" : "moderators")
                    + " can do that.");
        }
    }

    /** Tells a group's admins and moderators; a group without any (the network group at first) tells the
     * instance's administrators. */
    private void tellModerators(Actor group, Notification.Kind kind, long fromActorId, String objectUri) {
        var roles = stores().groups().findRoles(group.id());
        if (!roles.isEmpty()) {
            roles.forEach(row -> notify(row.actorId(), kind, fromActorId, objectUri));
            return;
        }
        for (Account admin : stores().accounts().findAccountsByStatus(Account.Status.ACTIVE, 10_000)) {
            if (admin.isAdmin()) {
                notify(admin.actorId(), kind, fromActorId, objectUri);
            }
        }
    }

    private void notify(long recipientId, Notification.Kind kind, long fromActorId, String objectUri) {
        try {
            stores().notifications().insert(recipientId, kind, fromActorId, objectUri, polity.clock().instant());
        } catch (RuntimeException e) {
            log.warn("could not store a {} notification for actor {}", kind, recipientId, e);
        }
    }

    private static ArrayNode array(Set<String> values) {
        ArrayNode a = Publisher.JSON.createArrayNode();
        values.forEach(a::add);
        return a;
    }
}

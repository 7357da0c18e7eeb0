package org.polity.server.groups;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.polity.federation.http.FetchBudget;
import org.polity.server.Polity;
import org.polity.server.activitypub.RemoteActors;
import org.polity.server.model.Actor;
import org.polity.server.model.ActorType;
import org.polity.server.model.Follow;
import org.polity.server.model.GroupInfo;
import org.polity.server.model.GroupThread;
import org.polity.server.service.Message;
import org.polity.server.service.Forbidden;
import org.polity.server.service.NotFound;
import org.polity.server.storage.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read side of groups, and the one place for who may do what in a group: membership, roles, who reads a
 * members-only group, and the checks every operation shares ({@link #requireModerator}, {@link #requireRole}).
 */
public final class GroupQueries {
    private static final Logger log = LoggerFactory.getLogger(GroupQueries.class);

    private final Polity polity;
    private final RemoteActors actors;

    /** {@code actors} may be null offline (the CLI), where only our own groups are looked at. */
    public GroupQueries(Polity polity, RemoteActors actors) {
        this.polity = polity;
        this.actors = actors;
    }

    private Stores stores() {
        return polity.storage().stores();
    }

    /** One of our groups by name, or a remote group this instance knows by id. */
    public Actor group(String nameOrUri) {
        Optional<Actor> found = nameOrUri.startsWith("http") ? actors.known(nameOrUri)
                : polity.actors().findLocal(nameOrUri.toLowerCase(Locale.ROOT));
        return found.filter(a -> a.type() == ActorType.Group)
                .orElseThrow(() -> new NotFound(Message.of("groups.service.noSuchGroup", nameOrUri)));
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

    /**
     * The groups (ours and remote) {@code member} may post in, by title: those they are an accepted member of,
     * less our groups that banned them. Forms that offer "post in a group" list these.
     */
    public List<Actor> postingGroups(Actor member, int limit) {
        List<Actor> out = new ArrayList<>();
        for (Follow f : memberships(member, Follow.State.ACCEPTED, limit)) {
            stores().actors().findActorById(f.followedId())
                    .filter(g -> !g.local() || !stores().groups().isBanned(g.id(), member.id()))
                    .ifPresent(out::add);
        }
        out.sort(java.util.Comparator.comparing((Actor g) -> g.displayName() == null || g.displayName().isBlank()
                ? g.username() : g.displayName(), String.CASE_INSENSITIVE_ORDER));
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

    /** Whether {@code actor} is an active administrator of this instance. */
    boolean isAdministrator(Actor actor) {
        return stores().accounts().findAccountByActorId(actor.id())
                .filter(a -> a.isAdmin() && a.isActive()).isPresent();
    }

    /** Whether {@code actor} moderates {@code group} (admins moderate too); only known for our groups. */
    public boolean canModerate(Actor group, Actor actor) {
        return role(group, actor).isPresent();
    }

    /** Whether {@code reader} may read the group's threads: anyone for a public group, members otherwise. */
    public boolean canRead(Actor group, Actor reader) {
        return info(group).map(i -> !i.membersOnly()).orElse(true) || isMember(group, reader);
    }

    /** The people who run one of our groups, admins first. */
    public List<RoleHolder> roles(Actor group) {
        List<RoleHolder> out = new ArrayList<>();
        for (var row : stores().groups().findRoles(group.id())) {
            stores().actors().findActorById(row.actorId()).ifPresent(a -> out.add(new RoleHolder(a, row.role())));
        }
        return out;
    }

    /** Someone who runs a group, and their role. */
    public record RoleHolder(Actor actor, GroupInfo.Role role) {}

    /** Pending requests to join one of our groups (for its moderators). */
    public List<Follow> requests(Actor by, Actor group, int limit) {
        requireModerator(by, group);
        return stores().follows().findFollowers(group.id(), Follow.State.PENDING, 0, limit);
    }

    /** The message sent with a request to join, if any. */
    public Optional<String> requestMessage(Follow follow) {
        return stores().follows().findMessage(follow.id());
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

    public GroupThread thread(String threadUri) {
        return stores().groups().findThread(threadUri)
                .orElseThrow(() -> new NotFound(Message.of("groups.error.noThread")));
    }

    /** The URI of a group's featured (pinned threads) collection. */
    public String featuredUri(Actor group) {
        return group.uri() + "/featured";
    }

    /** The URI of one of our groups' moderators collection (Lemmy names it in {@code attributedTo}). */
    public String moderatorsUri(Actor group) {
        return group.uri() + "/moderators";
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

    // --- The checks operations share ---------------------------------------------------------------------------

    void requireModerator(Actor by, Actor group) {
        if (!group.local() || !canModerate(group, by)) {
            throw new Forbidden(Message.of("groups.service.moderators"));
        }
    }

    void requireRole(Actor by, Actor group, GroupInfo.Role role) {
        Optional<GroupInfo.Role> has = role(group, by);
        if (has.isEmpty() || (role == GroupInfo.Role.ADMIN && has.get() != GroupInfo.Role.ADMIN)) {
            throw new Forbidden(Message.of(role == GroupInfo.Role.ADMIN ? "groups.service.admins"
                    : "groups.service.moderators"));
        }
    }

    /** The thread's group when it is one of ours; threads of remote groups are moderated on their server. */
    Actor localGroupOf(GroupThread thread) {
        return actors.known(thread.groupUri()).filter(Actor::local)
                .orElseThrow(() -> new Forbidden(Message.of("groups.service.remoteModeration")));
    }
}

package org.polity.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.polity.server.model.Actor;
import org.polity.server.model.ActorType;
import org.polity.server.model.Follow;
import org.polity.server.model.GroupInfo;
import org.polity.server.model.GroupPost;
import org.polity.server.model.GroupThread;
import org.polity.server.model.StoredObject;
import org.polity.server.model.Visibility;

/** The group store (settings, roles, invitations, posts, threads, tags) on every engine. */
abstract class GroupStoreContract extends SearchIndexContract {
    static Actor group(String name) {
        Actor p = person(name);
        return new Actor(0, p.uri(), ActorType.Group, name, p.domain(), true, "Group " + name, "", p.inboxUri(),
                p.sharedInboxUri(), p.outboxUri(), p.followersUri(), p.followingUri(), p.profileUrl(), p.publicKeyId(),
                p.publicKeyPem(), true, T0, T0);
    }

    StoredObject post(Actor author, String id, String inReplyTo) {
        return stores.objects().insert(new StoredObject(0, "https://polity.example.gov/objects/" + id, "Page",
                author.id(), true, "Title " + id, "<p>x</p>", inReplyTo, null, null, Visibility.PUBLIC, T0, null, null,
                "{}"));
    }

    @Test
    void groupSettingsRolesAndInvitations() {
        Actor g = stores.actors().insert(group("energy"));
        Actor alice = stores.actors().insert(person("alice"));
        Actor bob = stores.actors().insert(person("bob"));
        stores.groups().insertGroup(new GroupInfo(g.id(), GroupInfo.Membership.APPROVAL, true, "About *us*", "", alice.id(), T0));
        assertThat(stores.groups().findGroup(g.id())).get().usingRecursiveComparison()
                .isEqualTo(new GroupInfo(g.id(), GroupInfo.Membership.APPROVAL, true, "About *us*", "", alice.id(), T0));
        assertThat(stores.groups().updateGroup(g.id(), GroupInfo.Membership.INVITE, false, "About", "Be kind"))
                .isTrue();
        assertThat(stores.groups().findGroup(g.id()).orElseThrow().rulesSource()).isEqualTo("Be kind");
        assertThat(stores.groups().findGroup(g.id()).orElseThrow().aboutSource()).isEqualTo("About");
        assertThat(stores.groups().findLocalGroupIds(10)).containsExactly(g.id());

        stores.groups().setRole(g.id(), bob.id(), GroupInfo.Role.MODERATOR);
        stores.groups().setRole(g.id(), alice.id(), GroupInfo.Role.MODERATOR);
        stores.groups().setRole(g.id(), alice.id(), GroupInfo.Role.ADMIN);
        assertThat(stores.groups().findRoles(g.id())).extracting(GroupStore.RoleRow::actorId)
                .containsExactly(alice.id(), bob.id());
        assertThat(stores.groups().findRole(g.id(), alice.id())).contains(GroupInfo.Role.ADMIN);
        assertThat(stores.groups().removeRole(g.id(), bob.id())).isTrue();
        assertThat(stores.groups().findRole(g.id(), bob.id())).isEmpty();

        assertThat(stores.groups().insertInvitation(g.id(), bob.id(), alice.id(), T0)).isTrue();
        assertThat(stores.groups().insertInvitation(g.id(), bob.id(), alice.id(), T0)).isFalse();
        assertThat(stores.groups().hasInvitation(g.id(), bob.id())).isTrue();
        assertThat(stores.groups().findInvitationsFor(bob.id())).containsExactly(g.id());
        assertThat(stores.groups().deleteInvitation(g.id(), bob.id())).isTrue();
        assertThat(stores.groups().insertBan(g.id(), bob.id(), alice.id(), T0)).isTrue();
        assertThat(stores.groups().insertBan(g.id(), bob.id(), alice.id(), T0)).isFalse();
        assertThat(stores.groups().isBanned(g.id(), bob.id())).isTrue();
        assertThat(stores.groups().findBans(g.id(), 10)).containsExactly(bob.id());
        assertThat(stores.groups().deleteBan(g.id(), bob.id())).isTrue();
        assertThat(stores.groups().isBanned(g.id(), bob.id())).isFalse();
        assertThat(stores.groups().hasInvitation(g.id(), bob.id())).isFalse();
    }

    @Test
    void threadsPostsAndTags() {
        Actor g = stores.actors().insert(group("energy"));
        Actor alice = stores.actors().insert(person("alice"));
        StoredObject first = post(alice, "1", null);
        StoredObject second = post(alice, "2", null);
        StoredObject reply = post(alice, "3", first.uri());
        for (StoredObject t : List.of(first, second)) {
            assertThat(stores.groups().insertPost(new GroupPost(t.uri(), g.uri(), t.uri(), T0))).isTrue();
            assertThat(stores.groups().insertThread(new GroupThread(t.uri(), g.uri(), GroupThread.Kind.QUESTION,
                    false, false, null, 0, T0))).isTrue();
        }
        assertThat(stores.groups().insertPost(new GroupPost(reply.uri(), g.uri(), first.uri(), T0.plusSeconds(5))))
                .isTrue();
        assertThat(stores.groups().insertPost(new GroupPost(reply.uri(), g.uri(), first.uri(), T0))).isFalse();
        stores.groups().touchThread(first.uri(), 1, T0.plusSeconds(5));
        assertThat(stores.groups().findThread(first.uri()).orElseThrow().replyCount()).isEqualTo(1);
        assertThat(stores.groups().findThread(first.uri()).orElseThrow().lastActivityAt()).isEqualTo(T0.plusSeconds(5));
        stores.groups().touchThread(first.uri(), -1, T0.plusSeconds(9));
        stores.groups().touchThread(first.uri(), -1, T0.plusSeconds(9));
        assertThat(stores.groups().findThread(first.uri()).orElseThrow().replyCount()).isZero();
        assertThat(stores.groups().findThread(first.uri()).orElseThrow().lastActivityAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(stores.groups().findThreads(g.uri(), 0, 10)).extracting(GroupThread::objectUri)
                .containsExactly(first.uri(), second.uri());
        assertThat(stores.groups().setPinned(second.uri(), true)).isTrue();
        assertThat(stores.groups().findThreads(g.uri(), 0, 10)).extracting(GroupThread::objectUri)
                .containsExactly(second.uri(), first.uri());
        assertThat(stores.groups().setLocked(first.uri(), true)).isTrue();
        assertThat(stores.groups().setAcceptedAnswer(first.uri(), reply.uri())).isTrue();
        GroupThread t = stores.groups().findThread(first.uri()).orElseThrow();
        assertThat(t.locked()).isTrue();
        assertThat(t.acceptedAnswerUri()).isEqualTo(reply.uri());
        assertThat(stores.groups().findThreadPosts(first.uri(), 10)).containsExactly(first.uri(), reply.uri());
        assertThat(stores.groups().findPost(reply.uri()).orElseThrow().threadUri()).isEqualTo(first.uri());
        assertThat(stores.groups().deletePost(reply.uri())).isTrue();
        assertThat(stores.groups().deletePost(reply.uri())).isFalse();
        assertThat(stores.groups().findThreadPosts(first.uri(), 10)).containsExactly(first.uri());
        stores.objects().markDeleted(second.uri(), T0);
        assertThat(stores.groups().countThreads(g.uri())).isEqualTo(1);

        stores.groups().insertTags(first.uri(), List.of("energy", "opendata"));
        stores.groups().insertTags(first.uri(), List.of("energy"));
        stores.groups().insertTags(second.uri(), List.of("energy"));
        assertThat(stores.groups().findTagged("energy", 10)).containsExactly(first.uri());
        assertThat(stores.groups().findTagged("none", 10)).isEmpty();
    }

    @Test
    void followMessagesAndCollectionMembership() {
        Actor g = stores.actors().insert(group("energy"));
        Actor alice = stores.actors().insert(person("alice"));
        Actor remote = stores.actors().upsertRemote(new Actor(0, "https://other.example/users/zoe", ActorType.Person,
                "zoe", "other.example", false, "", "", "https://other.example/users/zoe/inbox", null, null, null, null,
                null, "https://other.example/users/zoe#main-key", "pem", false, T0, T0));
        Follow f = stores.follows().insertOrGet(alice.id(), g.id(), Follow.State.PENDING, "https://x/f/1", T0);
        stores.follows().setMessage(f.id(), "Please let me in");
        assertThat(stores.follows().findMessage(f.id())).contains("Please let me in");
        assertThat(stores.follows().followsAnyCollection(alice.id(), List.of(g.followersUri()))).isFalse();
        stores.follows().accept(f.id(), T0);
        assertThat(stores.follows().followsAnyCollection(alice.id(), List.of("https://x/c", g.followersUri())))
                .isTrue();
        assertThat(stores.follows().followsAnyCollection(alice.id(), List.of())).isFalse();
        assertThat(stores.follows().hasLocalFollower(g.id())).isTrue();
        assertThat(stores.follows().hasLocalFollower(alice.id())).isFalse();
        assertThat(stores.hosts().findSoftware("other.example")).isEmpty();
        stores.hosts().recordSoftware("other.example", "lemmy");
        assertThat(stores.hosts().findSoftware("other.example")).contains("lemmy");
        assertThat(stores.hosts().findHost("other.example")).isPresent();
        assertThat(stores.follows().domainFollowsAnyCollection("other.example", List.of(g.followersUri()))).isFalse();
        Follow z = stores.follows().insertOrGet(remote.id(), g.id(), Follow.State.ACCEPTED, "https://x/f/2", T0);
        assertThat(z.state()).isEqualTo(Follow.State.ACCEPTED);
        assertThat(stores.follows().domainFollowsAnyCollection("other.example", List.of(g.followersUri()))).isTrue();
        assertThat(stores.follows().domainFollowsAnyCollection("third.example", List.of(g.followersUri()))).isFalse();
    }
}

package org.polity.server.activitypub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.polity.server.testing.TestInstance.eventually;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.model.Actor;
import org.polity.server.model.Follow;
import org.polity.server.model.GroupInfo;
import org.polity.server.model.GroupThread;
import org.polity.server.model.Notification;
import org.polity.server.model.StoredActivity;
import org.polity.server.model.StoredObject;
import org.polity.server.service.Forbidden;
import org.polity.server.testing.TestInstance;

/**
 * Three instances over loopback (issue 5's "done when"): a group lives on A (Australia); bob on B (France)
 * joins it by request and a moderator approves; bob asks a question there; carol on C (Spain) joins and
 * answers; bob accepts her answer; every instance shows the same thread with the same accepted answer. Also:
 * edits and deletions travel through the group, a locked thread refuses replies, a members-only group's
 * threads are seen by members only, on every instance.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GroupFederationTest {
    @TempDir
    static Path dirA;
    @TempDir
    static Path dirB;
    @TempDir
    static Path dirC;

    static TestInstance au;
    static TestInstance fr;
    static TestInstance es;
    static Actor alice;
    static Actor bob;
    static Actor carol;
    static Actor dave;
    static Actor energy;
    static String questionUri;
    static String answerUri;

    @BeforeAll
    static void start() {
        au = TestInstance.federating(dirA, Map.of("POLITY_COUNTRY", "AU"));
        fr = TestInstance.federating(dirB, Map.of("POLITY_COUNTRY", "FR"));
        es = TestInstance.federating(dirC, Map.of("POLITY_COUNTRY", "ES"));
        alice = au.member("alice");
        bob = fr.member("bob");
        carol = es.member("carol");
        dave = es.member("dave");
    }

    @AfterAll
    static void stop() {
        for (TestInstance i : new TestInstance[] {au, fr, es}) {
            if (i != null) {
                i.close();
            }
        }
    }

    static GroupService groups(TestInstance i) {
        return i.server().polity().federation().groups();
    }

    static Actor remote(TestInstance where, Actor actor) throws Exception {
        return where.server().polity().federation().actors().resolve(actor.uri(),
                org.polity.federation.http.FetchBudget.perRequest());
    }

    static Optional<StoredObject> object(TestInstance i, String uri) {
        return i.server().polity().storage().stores().objects().findObjectByUri(uri);
    }

    static Optional<GroupThread> thread(TestInstance i, String uri) {
        return i.server().polity().storage().stores().groups().findThread(uri);
    }

    @Test
    @Order(1)
    void everyInstanceHasItsNetworkGroup() {
        Actor network = groups(au).group(GroupService.NETWORK);
        assertThat(network.displayName()).isEqualTo("Australia Public Sector Innovation Network");
        assertThat(groups(au).info(network).orElseThrow().membership()).isEqualTo(GroupInfo.Membership.APPROVAL);
        assertThat(groups(fr).group(GroupService.NETWORK).displayName())
                .isEqualTo("France Public Sector Innovation Network");
        var doc = au.get("/users/network", "application/activity+json");
        assertThat(doc.statusCode()).isEqualTo(200);
        assertThat(doc.body()).contains("\"type\":\"Group\"").contains("/users/network/moderators")
                .contains("\"membership\":\"approval\"");
        assertThat(au.get("/.well-known/webfinger?resource=acct:network@" + au.authority(), "application/jrd+json")
                .statusCode()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void aRemoteMemberJoinsByRequestAndAModeratorApproves() throws Exception {
        energy = groups(au).create(alice, "energy", "Energy transparency", "Open data in the energy sector.",
                GroupInfo.Membership.APPROVAL, false);
        Actor energyAtFr = remote(fr, energy);
        Follow request = groups(fr).join(bob, energyAtFr, "I lead the French open energy data programme.");
        assertThat(request.state()).isEqualTo(Follow.State.PENDING);
        eventually("A holds bob's request with its message", () -> groups(au).requests(alice, energy, 10).stream()
                .anyMatch(f -> groups(au).requestMessage(f).isPresent()));
        Follow pending = groups(au).requests(alice, energy, 10).get(0);
        assertThat(groups(au).requestMessage(pending)).contains("I lead the French open energy data programme.");
        eventually("alice is told of the request", () -> au.server().polity().notifications()
                .list(alice, Long.MAX_VALUE, 10).stream().anyMatch(n -> n.kind() == Notification.Kind.GROUP_REQUEST));
        // bob cannot post before he is a member: A's host refuses it
        groups(au).decide(alice, energy, pending.id(), true);
        eventually("bob's membership is accepted on B", () -> groups(fr).isMember(energyAtFr, bob));
        // told as a join (the group accepted his request), not as an accepted follow
        eventually("bob is told he was accepted", () -> fr.server().polity().notifications()
                .list(bob, Long.MAX_VALUE, 10).stream().anyMatch(n -> n.kind() == Notification.Kind.GROUP_ACCEPTED));

        Actor energyAtEs = remote(es, energy);
        groups(es).join(carol, energyAtEs, "");
        eventually("carol's request reaches A", () -> groups(au).requests(alice, energy, 10).size() == 1);
        groups(au).decide(alice, energy, groups(au).requests(alice, energy, 10).get(0).id(), true);
        eventually("carol is a member on C", () -> groups(es).isMember(energyAtEs, carol));
        // A learnt from their NodeInfo that B and C run Polity (so they need no by-id Announce for Mastodon).
        var software = au.server().polity().federation().hostSoftware();
        eventually("A knows B's and C's software", () -> software.of(fr.authority()).isPresent()
                && software.of(es.authority()).isPresent());
        assertThat(software.of(fr.authority())).contains("polity");
        assertThat(software.readsGroupAnnounces(es.authority())).isTrue();
    }

    @Test
    @Order(3)
    void aQuestionAskedOnBReachesEveryInstanceThroughTheGroup() throws Exception {
        Actor energyAtFr = groups(fr).group(energy.uri());
        StoredActivity create = groups(fr).startThread(bob, energyAtFr, "How do you publish grid data?",
                "We want to open **real-time** grid data. #opendata", GroupThread.Kind.QUESTION, List.of("energy"));
        questionUri = create.objectUri();
        eventually("A holds the question as a thread of its group", () -> thread(au, questionUri).isPresent());
        eventually("C holds the question through the group's Announce", () -> thread(es, questionUri).isPresent());
        // The group re-sent it once per server: its by-id Announce (for Mastodon) went to no Polity server.
        var groupActivities = au.server().polity().storage().stores().activities().findByActor(energy.id(),
                List.of(org.polity.server.model.Visibility.PUBLIC), Long.MAX_VALUE, 50);
        var byId = groupActivities.stream().filter(x -> x.type().equals("Announce")
                && questionUri.equals(x.objectUri())).toList();
        assertThat(byId).hasSize(1);
        assertThat(au.server().polity().storage().stores().deliveries().findDeliveriesByActivityId(byId.get(0).id()))
                .isEmpty();
        GroupThread atC = thread(es, questionUri).orElseThrow();
        assertThat(atC.kind()).isEqualTo(GroupThread.Kind.QUESTION);
        assertThat(atC.groupUri()).isEqualTo(energy.uri());
        assertThat(object(es, questionUri).orElseThrow().name()).isEqualTo("How do you publish grid data?");
        assertThat(au.server().polity().storage().stores().groups().findTagged("opendata", 10)).contains(questionUri);
    }

    @Test
    @Order(4)
    void anAnswerFromCIsAcceptedByTheAskerAndEveryInstanceAgrees() throws Exception {
        StoredActivity reply = groups(es).reply(carol, questionUri, "We publish it every 5 minutes as CSV. @bob@"
                + fr.authority());
        answerUri = reply.objectUri();
        eventually("A placed the answer in the thread", () -> thread(au, questionUri).orElseThrow().replyCount() == 1);
        eventually("B has the answer in the thread (placed when the group re-sends it)", () -> fr.server().polity()
                .storage().stores().groups().findThreadPosts(questionUri, 10).contains(answerUri));
        eventually("bob is told of the answer", () -> fr.server().polity().notifications()
                .list(bob, Long.MAX_VALUE, 10).stream()
                .anyMatch(n -> n.kind() == Notification.Kind.REPLY || n.kind() == Notification.Kind.MENTION));

        groups(fr).acceptAnswer(bob, questionUri, answerUri);
        assertThat(thread(fr, questionUri).orElseThrow().acceptedAnswerUri()).isEqualTo(answerUri);
        eventually("A records the accepted answer", () -> answerUri.equals(
                thread(au, questionUri).orElseThrow().acceptedAnswerUri()));
        eventually("C records the accepted answer", () -> answerUri.equals(
                thread(es, questionUri).orElseThrow().acceptedAnswerUri()));
        eventually("carol is told her answer was accepted", () -> es.server().polity().notifications()
                .list(carol, Long.MAX_VALUE, 10).stream().anyMatch(n -> n.kind() == Notification.Kind.ANSWER_ACCEPTED));
        for (TestInstance i : new TestInstance[] {au, fr, es}) {
            assertThat(i.server().polity().storage().stores().groups().findThreadPosts(questionUri, 10))
                    .containsExactly(questionUri, answerUri);
        }
        // The question's own server serves its context (FEP-7888) and replies collections.
        String path = java.net.URI.create(questionUri).getPath();
        var context = fr.get(path + "/context", "application/activity+json");
        assertThat(context.statusCode()).isEqualTo(200);
        assertThat(context.body()).contains(questionUri).contains(answerUri);
        assertThat(fr.get(path + "/replies", "application/activity+json").body()).contains(answerUri);
        var question = fr.get(path, "application/activity+json").body();
        assertThat(question).contains("\"context\":\"" + questionUri + "/context\"")
                .contains("\"replies\":\"" + questionUri + "/replies\"").contains("\"threadKind\":\"question\"");
    }

    @Test
    @Order(5)
    void editsAndDeletionsTravelThroughTheGroup() throws Exception {
        var edit = Publisher.JSON.createObjectNode();
        var object = edit.putObject("object");
        object.put("id", answerUri);
        object.put("content", "<p>Every 5 minutes, as CSV and JSON.</p>");
        es.server().polity().federation().objects().update(carol, edit);
        eventually("B shows the edit", () -> object(fr, answerUri).orElseThrow().contentHtml().contains("JSON"));
        eventually("A shows the edit", () -> object(au, answerUri).orElseThrow().contentHtml().contains("JSON"));

        StoredActivity extra = groups(es).reply(carol, questionUri, "A second thought.");
        eventually("B holds the second reply", () -> object(fr, extra.objectUri()).isPresent());
        var delete = Publisher.JSON.createObjectNode();
        delete.put("object", extra.objectUri());
        es.server().polity().federation().objects().delete(carol, delete);
        eventually("B shows it deleted", () -> object(fr, extra.objectUri()).orElseThrow().deleted());
        eventually("A shows it deleted", () -> object(au, extra.objectUri()).orElseThrow().deleted());
        assertThat(thread(au, questionUri).orElseThrow().replyCount()).isEqualTo(1);
        // The group's outbox shows what it re-sent as it is now: no deleted text, the edit applied.
        String outbox = au.get("/users/energy/outbox?page=true", "application/activity+json").body();
        assertThat(outbox).doesNotContain("A second thought.").contains("as CSV and JSON");

        // A reply meant for a few people stays between them: not placed in the thread, not re-sent.
        var note = Publisher.JSON.createObjectNode();
        note.put("type", "Note");
        note.put("content", "Just between us, bob.");
        note.put("inReplyTo", questionUri);
        note.set("to", Publisher.array(bob.uri()));
        String privateReply = es.server().polity().federation().objects().create(carol, note, null).objectUri();
        eventually("bob receives the private reply", () -> object(fr, privateReply).isPresent());
        assertThat(es.server().polity().storage().stores().groups().findPost(privateReply)).isEmpty();
        Thread.sleep(500);
        assertThat(object(au, privateReply)).isEmpty();
        assertThat(fr.server().polity().storage().stores().groups().findPost(privateReply)).isEmpty();
    }

    @Test
    @Order(6)
    void aLockedThreadRefusesRepliesEverywhere() throws Exception {
        groups(au).setLocked(alice, questionUri, true);
        eventually("C knows the thread is locked", () -> thread(es, questionUri).orElseThrow().locked());
        assertThatThrownBy(() -> groups(es).reply(carol, questionUri, "Too late?")).isInstanceOf(Forbidden.class)
                .hasMessageContaining("locked");
        groups(au).setLocked(alice, questionUri, false);
        eventually("C knows it is open again", () -> !thread(es, questionUri).orElseThrow().locked());
    }

    @Test
    @Order(7)
    void aNonMemberCannotPostAndAModeratorRemovesAPost() throws Exception {
        Actor energyAtEs = groups(es).group(energy.uri());
        assertThatThrownBy(() -> groups(es).startThread(dave, energyAtEs, "Spam", "Buy now",
                GroupThread.Kind.DISCUSSION, List.of())).isInstanceOf(Forbidden.class).hasMessageContaining("members");
        // A server that sends it anyway: the group's host refuses it and re-sends nothing.
        var publisher = es.server().polity().federation().publisher();
        var create = publisher.activity(dave, "Create");
        var page = create.putObject("object");
        String spamUri = publisher.newObjectId();
        page.put("id", spamUri);
        page.put("type", "Page");
        page.put("name", "Spam");
        page.put("content", "Buy now");
        page.put("attributedTo", dave.uri());
        page.put("audience", energy.uri());
        page.set("to", Publisher.array(energy.uri(), "https://www.w3.org/ns/activitystreams#Public"));
        create.set("to", page.get("to"));
        StoredActivity sent = publisher.publish(dave, create);
        eventually("A refused it", () -> au.server().polity().storage().stores().inbox()
                .findInboxItemByActivityUri(sent.uri()).filter(i -> "REJECTED".equals(i.outcome())).isPresent());
        assertThat(object(au, spamUri)).isEmpty();
        // The same post sent straight to a member's server: B may keep it, but not as a thread of the group,
        // since only the group's host puts posts in the group.
        var create2 = publisher.activity(dave, "Create");
        var page2 = create2.putObject("object");
        String spam2 = publisher.newObjectId();
        page2.put("id", spam2);
        page2.put("type", "Page");
        page2.put("name", "Spam again");
        page2.put("content", "Buy now");
        page2.put("attributedTo", dave.uri());
        page2.put("audience", energy.uri());
        page2.set("to", Publisher.array(energy.uri(), bob.uri(), "https://www.w3.org/ns/activitystreams#Public"));
        create2.set("to", page2.get("to"));
        StoredActivity sent2 = publisher.publish(dave, create2);
        eventually("B processed it", () -> fr.server().polity().storage().stores().inbox()
                .findInboxItemByActivityUri(sent2.uri()).filter(i -> i.outcome() != null).isPresent());
        assertThat(thread(fr, spam2)).isEmpty();

        StoredActivity offTopic = groups(es).reply(carol, questionUri, "Off topic remark");
        eventually("A placed it", () -> object(au, offTopic.objectUri()).isPresent());
        groups(au).remove(alice, offTopic.objectUri(), "off topic");
        eventually("B sees it removed", () -> object(fr, offTopic.objectUri()).map(StoredObject::deleted).orElse(false));
        // carol's own server keeps her original but takes it out of the group's thread.
        eventually("C takes it out of the thread", () -> !es.server().polity().storage().stores().groups()
                .findThreadPosts(questionUri, 10).contains(offTopic.objectUri()));
        assertThat(object(es, offTopic.objectUri()).orElseThrow().deleted()).isFalse();
    }

    @Test
    @Order(8)
    void aMembersOnlyGroupShowsItsThreadsToMembersOnly() throws Exception {
        Actor cabinet = groups(au).create(alice, "cabinet", "Cabinet office", "", GroupInfo.Membership.OPEN, true);
        Actor cabinetAtFr = remote(fr, cabinet);
        groups(fr).join(bob, cabinetAtFr, "");
        eventually("bob is a member", () -> groups(fr).isMember(cabinetAtFr, bob));
        StoredActivity secret = groups(au).startThread(alice, cabinet, "Budget draft", "Not public yet.",
                GroupThread.Kind.DISCUSSION, List.of());
        eventually("B holds the members-only thread", () -> object(fr, secret.objectUri()).isPresent());
        ObjectService objectsAtFr = fr.server().polity().federation().objects();
        StoredObject atFr = object(fr, secret.objectUri()).orElseThrow();
        assertThat(objectsAtFr.visibleTo(atFr.uri(), atFr.attributedToId(), atFr.visibility(), Optional.of(bob)))
                .isTrue();
        Actor other = fr.member("eve");
        assertThat(objectsAtFr.visibleTo(atFr.uri(), atFr.attributedToId(), atFr.visibility(), Optional.of(other)))
                .isFalse();
        assertThat(objectsAtFr.visibleTo(atFr.uri(), atFr.attributedToId(), atFr.visibility(), Optional.empty()))
                .isFalse();
        // The group's creator is a member too: she reads what bob posts there.
        String bobsThread = groups(fr).startThread(bob, cabinetAtFr, "Staffing", "Who can help?",
                GroupThread.Kind.DISCUSSION, List.of()).objectUri();
        eventually("A holds bob's members-only thread", () -> object(au, bobsThread).isPresent());
        StoredObject atAu = object(au, bobsThread).orElseThrow();
        assertThat(au.server().polity().federation().objects().visibleTo(atAu.uri(), atAu.attributedToId(),
                atAu.visibility(), Optional.of(alice))).isTrue();
        // A client asking for Public in a members-only group gets the members only.
        var c2s = Publisher.JSON.createObjectNode();
        c2s.put("type", "Page");
        c2s.put("name", "Leak?");
        c2s.put("content", "Should stay inside.");
        c2s.put("audience", cabinet.uri());
        c2s.set("to", Publisher.array(cabinet.uri(), "https://www.w3.org/ns/activitystreams#Public"));
        String leak = au.server().polity().federation().objects().create(alice, c2s, null).objectUri();
        assertThat(object(au, leak).orElseThrow().visibility()).isNotEqualTo(org.polity.server.model.Visibility.PUBLIC);
        assertThat(au.get(new java.net.URI(leak).getPath(), "application/activity+json").statusCode()).isEqualTo(404);
        // Anonymous fetches at the source get nothing
        assertThat(au.get(new java.net.URI(secret.objectUri()).getPath(), "application/activity+json").statusCode())
                .isEqualTo(404);
        // Signed fetches: B's server has a member and may read it; C's has none and may not.
        java.net.URI id = java.net.URI.create(secret.objectUri());
        assertThat(fr.server().polity().federation().fetcher().fetch(id,
                org.polity.federation.http.FetchBudget.perRequest()).path("name").asText()).isEqualTo("Budget draft");
        assertThatThrownBy(() -> es.server().polity().federation().fetcher().fetch(id,
                org.polity.federation.http.FetchBudget.perRequest()))
                .isInstanceOf(org.polity.federation.http.FetchException.class);

        // A moderator removes bob: his server learns it (Reject), and his request to come back is refused.
        groups(au).removeMember(alice, cabinet, remote(au, bob));
        eventually("B knows bob was removed", () -> !groups(fr).isMember(cabinetAtFr, bob));
        groups(fr).join(bob, cabinetAtFr, "Sorry!");
        eventually("A refused bob's request and B knows", () -> fr.server().polity().storage().stores().follows()
                .findFollow(bob.id(), cabinetAtFr.id()).isEmpty());
        assertThat(groups(au).isMember(cabinet, remote(au, bob))).isFalse();
    }
}

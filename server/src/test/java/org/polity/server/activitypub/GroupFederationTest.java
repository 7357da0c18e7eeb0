package org.polity.server.activitypub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.polity.server.testing.TestInstance.eventually;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.groups.GroupSetup;
import org.polity.server.groups.Groups;
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
    private static final AtomicInteger SEQ = new AtomicInteger();

    @BeforeAll
    static void start() {
        au = TestInstance.federating(dirA, Map.of("POLITY_COUNTRY", "AU"));
        fr = TestInstance.federating(dirB, Map.of("POLITY_COUNTRY", "FR"));
        es = TestInstance.federating(dirC, Map.of("POLITY_COUNTRY", "ES"));
    }

    /** A member of {@code where} with a name no other test uses (the instances are shared, tests are not). */
    static Actor newMember(TestInstance where, String name) {
        return where.member(name + SEQ.incrementAndGet());
    }

    /**
     * One test's world: alice runs an open group on A; bob (B) and carol (C) are members unless
     * {@code carolJoins} is false (dave on C never joins).
     */
    record World(Actor alice, Actor bob, Actor carol, Actor dave, Actor group, Actor groupAtFr, Actor groupAtEs) {}

    static World world(boolean carolJoins) throws Exception {
        Actor alice = newMember(au, "alice");
        Actor bob = newMember(fr, "bob");
        Actor carol = newMember(es, "carol");
        Actor dave = newMember(es, "dave");
        Actor group = groups(au).setup().create(alice, "energy" + SEQ.incrementAndGet(), "Energy transparency",
                "Open data in the energy sector.", GroupInfo.Membership.OPEN, false);
        Actor groupAtFr = remote(fr, group);
        Actor groupAtEs = remote(es, group);
        join(fr, bob, groupAtFr);
        if (carolJoins) {
            join(es, carol, groupAtEs);
        }
        // A learns from NodeInfo that B and C run Polity (so they need no by-id Announce for Mastodon).
        var software = au.server().polity().federation().hostSoftware();
        eventually("A knows B's and C's software", () -> software.of(fr.authority()).isPresent()
                && (!carolJoins || software.of(es.authority()).isPresent()));
        return new World(alice, bob, carol, dave, group, groupAtFr, groupAtEs);
    }

    static void join(TestInstance where, Actor member, Actor group) throws InterruptedException {
        groups(where).membership().join(member, group, "");
        eventually(member.acct() + " is a member of " + group.acct(), () -> groups(where).queries().isMember(group, member));
    }

    /** bob asks a question in the world's group; every member server holds it. */
    static String question(World w) throws InterruptedException {
        StoredActivity create = groups(fr).posting().startThread(w.bob(), w.groupAtFr(), "How do you publish grid data?",
                "We want to open **real-time** grid data. #opendata", GroupThread.Kind.QUESTION, List.of("energy"));
        String uri = create.objectUri();
        eventually("A holds the question as a thread of its group", () -> thread(au, uri).isPresent());
        eventually("C holds the question", () -> !groups(es).queries().isMember(w.groupAtEs(), w.carol())
                || thread(es, uri).isPresent());
        return uri;
    }

    /** carol answers the question; A and B place the answer in the thread. */
    static String answer(World w, String questionUri) throws InterruptedException {
        String uri = groups(es).posting().reply(w.carol(), questionUri, "We publish it every 5 minutes as CSV. @"
                + w.bob().username() + "@" + fr.authority()).objectUri();
        eventually("A placed the answer", () -> au.server().polity().storage().stores().groups()
                .findThreadPosts(questionUri, 10).contains(uri));
        eventually("B placed the answer", () -> fr.server().polity().storage().stores().groups()
                .findThreadPosts(questionUri, 10).contains(uri));
        return uri;
    }

    @AfterAll
    static void stop() {
        for (TestInstance i : new TestInstance[] {au, fr, es}) {
            if (i != null) {
                i.close();
            }
        }
    }

    static Groups groups(TestInstance i) {
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
    void everyInstanceHasItsNetworkGroup() {
        Actor network = groups(au).queries().group(GroupSetup.NETWORK);
        assertThat(network.displayName()).isEqualTo("Australia Public Sector Innovation Network");
        assertThat(groups(au).queries().info(network).orElseThrow().membership()).isEqualTo(GroupInfo.Membership.APPROVAL);
        assertThat(groups(fr).queries().group(GroupSetup.NETWORK).displayName())
                .isEqualTo("France Public Sector Innovation Network");
        var doc = au.get("/users/network", "application/activity+json");
        assertThat(doc.statusCode()).isEqualTo(200);
        assertThat(doc.body()).contains("\"type\":\"Group\"").contains("/users/network/moderators")
                .contains("\"membership\":\"approval\"");
        assertThat(au.get("/.well-known/webfinger?resource=acct:network@" + au.authority(), "application/jrd+json")
                .statusCode()).isEqualTo(200);
    }

    @Test
    void aRemoteMemberJoinsByRequestAndAModeratorApproves() throws Exception {
        Actor alice = newMember(au, "alice");
        Actor bob = newMember(fr, "bob");
        Actor carol = newMember(es, "carol");
        Actor energy = groups(au).setup().create(alice, "approval" + SEQ.incrementAndGet(), "Energy transparency",
                "Open data in the energy sector.", GroupInfo.Membership.APPROVAL, false);
        Actor energyAtFr = remote(fr, energy);
        Follow request = groups(fr).membership().join(bob, energyAtFr, "I lead the French open energy data programme.");
        assertThat(request.state()).isEqualTo(Follow.State.PENDING);
        eventually("A holds bob's request with its message", () -> groups(au).queries().requests(alice, energy, 10).stream()
                .anyMatch(f -> groups(au).queries().requestMessage(f).isPresent()));
        Follow pending = groups(au).queries().requests(alice, energy, 10).get(0);
        assertThat(groups(au).queries().requestMessage(pending)).contains("I lead the French open energy data programme.");
        eventually("alice is told of the request", () -> au.server().polity().notifications()
                .list(alice, Long.MAX_VALUE, 10).stream().anyMatch(n -> n.kind() == Notification.Kind.GROUP_REQUEST));
        // bob cannot post before he is a member: A's host refuses it
        groups(au).membership().decide(alice, energy, pending.id(), true);
        eventually("bob's membership is accepted on B", () -> groups(fr).queries().isMember(energyAtFr, bob));
        // told as a join (the group accepted his request), not as an accepted follow
        eventually("bob is told he was accepted", () -> fr.server().polity().notifications()
                .list(bob, Long.MAX_VALUE, 10).stream().anyMatch(n -> n.kind() == Notification.Kind.GROUP_ACCEPTED));

        Actor energyAtEs = remote(es, energy);
        groups(es).membership().join(carol, energyAtEs, "");
        eventually("carol's request reaches A", () -> groups(au).queries().requests(alice, energy, 10).size() == 1);
        groups(au).membership().decide(alice, energy, groups(au).queries().requests(alice, energy, 10).get(0).id(), true);
        eventually("carol is a member on C", () -> groups(es).queries().isMember(energyAtEs, carol));
        // A learnt from their NodeInfo that B and C run Polity (so they need no by-id Announce for Mastodon).
        var software = au.server().polity().federation().hostSoftware();
        eventually("A knows B's and C's software", () -> software.of(fr.authority()).isPresent()
                && software.of(es.authority()).isPresent());
        assertThat(software.of(fr.authority())).contains("polity");
        assertThat(software.readsGroupAnnounces(es.authority())).isTrue();
    }

    @Test
    void aQuestionAskedOnBReachesEveryInstanceThroughTheGroup() throws Exception {
        World w = world(true);
        Actor energy = w.group();
        String questionUri = question(w);
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
    void anAnswerFromCIsAcceptedByTheAskerAndEveryInstanceAgrees() throws Exception {
        World w = world(true);
        Actor bob = w.bob();
        Actor carol = w.carol();
        String questionUri = question(w);
        String answerUri = answer(w, questionUri);
        assertThat(thread(au, questionUri).orElseThrow().replyCount()).isEqualTo(1);
        eventually("bob is told of the answer", () -> fr.server().polity().notifications()
                .list(bob, Long.MAX_VALUE, 10).stream()
                .anyMatch(n -> n.kind() == Notification.Kind.REPLY || n.kind() == Notification.Kind.MENTION));

        groups(fr).moderation().acceptAnswer(bob, questionUri, answerUri);
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
    void editsAndDeletionsTravelThroughTheGroup() throws Exception {
        World w = world(true);
        Actor bob = w.bob();
        Actor carol = w.carol();
        String questionUri = question(w);
        String answerUri = answer(w, questionUri);
        var edit = Publisher.JSON.createObjectNode();
        var object = edit.putObject("object");
        object.put("id", answerUri);
        object.put("content", "<p>Every 5 minutes, as CSV and JSON.</p>");
        es.server().polity().federation().objects().update(carol, edit);
        eventually("B shows the edit", () -> object(fr, answerUri).orElseThrow().contentHtml().contains("JSON"));
        eventually("A shows the edit", () -> object(au, answerUri).orElseThrow().contentHtml().contains("JSON"));

        StoredActivity extra = groups(es).posting().reply(carol, questionUri, "A second thought.");
        eventually("B holds the second reply", () -> object(fr, extra.objectUri()).isPresent());
        var delete = Publisher.JSON.createObjectNode();
        delete.put("object", extra.objectUri());
        es.server().polity().federation().objects().delete(carol, delete);
        eventually("B shows it deleted", () -> object(fr, extra.objectUri()).orElseThrow().deleted());
        eventually("A shows it deleted", () -> object(au, extra.objectUri()).orElseThrow().deleted());
        assertThat(thread(au, questionUri).orElseThrow().replyCount()).isEqualTo(1);
        // The group's outbox shows what it re-sent as it is now: no deleted text, the edit applied.
        String outbox = au.get("/users/" + w.group().username() + "/outbox?page=true", "application/activity+json")
                .body();
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
    void aLockedThreadRefusesRepliesEverywhere() throws Exception {
        World w = world(true);
        Actor alice = w.alice();
        Actor carol = w.carol();
        String questionUri = question(w);
        groups(au).moderation().setLocked(alice, questionUri, true);
        eventually("C knows the thread is locked", () -> thread(es, questionUri).orElseThrow().locked());
        assertThatThrownBy(() -> groups(es).posting().reply(carol, questionUri, "Too late?")).isInstanceOf(Forbidden.class)
                .hasMessageContaining("locked");
        groups(au).moderation().setLocked(alice, questionUri, false);
        eventually("C knows it is open again", () -> !thread(es, questionUri).orElseThrow().locked());
    }

    @Test
    void aNonMemberCannotPostAndAModeratorRemovesAPost() throws Exception {
        World w = world(true);
        Actor alice = w.alice();
        Actor bob = w.bob();
        Actor carol = w.carol();
        Actor dave = w.dave();
        Actor energy = w.group();
        Actor energyAtEs = w.groupAtEs();
        String questionUri = question(w);
        assertThatThrownBy(() -> groups(es).posting().startThread(dave, energyAtEs, "Spam", "Buy now",
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

        StoredActivity offTopic = groups(es).posting().reply(carol, questionUri, "Off topic remark");
        eventually("A placed it", () -> object(au, offTopic.objectUri()).isPresent());
        groups(au).moderation().remove(alice, offTopic.objectUri(), "off topic");
        eventually("B sees it removed", () -> object(fr, offTopic.objectUri()).map(StoredObject::deleted).orElse(false));
        // carol's own server keeps her original but takes it out of the group's thread.
        eventually("C takes it out of the thread", () -> !es.server().polity().storage().stores().groups()
                .findThreadPosts(questionUri, 10).contains(offTopic.objectUri()));
        assertThat(object(es, offTopic.objectUri()).orElseThrow().deleted()).isFalse();
    }

    @Test
    void aMembersOnlyGroupShowsItsThreadsToMembersOnly() throws Exception {
        Actor alice = newMember(au, "alice");
        Actor bob = newMember(fr, "bob");
        Actor cabinet = groups(au).setup().create(alice, "cabinet" + SEQ.incrementAndGet(), "Cabinet office", "",
                GroupInfo.Membership.OPEN, true);
        Actor cabinetAtFr = remote(fr, cabinet);
        groups(fr).membership().join(bob, cabinetAtFr, "");
        eventually("bob is a member", () -> groups(fr).queries().isMember(cabinetAtFr, bob));
        StoredActivity secret = groups(au).posting().startThread(alice, cabinet, "Budget draft", "Not public yet.",
                GroupThread.Kind.DISCUSSION, List.of());
        eventually("B holds the members-only thread", () -> object(fr, secret.objectUri()).isPresent());
        ObjectService objectsAtFr = fr.server().polity().federation().objects();
        StoredObject atFr = object(fr, secret.objectUri()).orElseThrow();
        assertThat(objectsAtFr.visibleTo(atFr.uri(), atFr.attributedToId(), atFr.visibility(), Optional.of(bob)))
                .isTrue();
        Actor other = newMember(fr, "eve");
        assertThat(objectsAtFr.visibleTo(atFr.uri(), atFr.attributedToId(), atFr.visibility(), Optional.of(other)))
                .isFalse();
        assertThat(objectsAtFr.visibleTo(atFr.uri(), atFr.attributedToId(), atFr.visibility(), Optional.empty()))
                .isFalse();
        // The group's creator is a member too: she reads what bob posts there.
        String bobsThread = groups(fr).posting().startThread(bob, cabinetAtFr, "Staffing", "Who can help?",
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
        groups(au).membership().removeMember(alice, cabinet, remote(au, bob));
        eventually("B knows bob was removed", () -> !groups(fr).queries().isMember(cabinetAtFr, bob));
        groups(fr).membership().join(bob, cabinetAtFr, "Sorry!");
        eventually("A refused bob's request and B knows", () -> fr.server().polity().storage().stores().follows()
                .findFollow(bob.id(), cabinetAtFr.id()).isEmpty());
        assertThat(groups(au).queries().isMember(cabinet, remote(au, bob))).isFalse();
    }
    /**
     * Issue 8, "joining late": bob (B) asks in A's group, alice (A) and bob reply; carol (C) joins only then. Once
     * A accepts her, C backfills the group: its page, the thread page and search show the question and its
     * replies, nobody on C is notified of old posts, C re-sends nothing, and carol answers; her answer reaches A
     * and B in the thread.
     */
    @Test
    void aMemberWhoJoinsAfterTheQuestionWasAskedSeesItAndAnswersIt() throws Exception {
        World w = world(false);
        String questionUri = question(w);
        String first = groups(au).posting().reply(w.alice(), questionUri, "We publish a weekly dump.").objectUri();
        eventually("B placed alice's reply", () -> fr.server().polity().storage().stores().groups()
                .findThreadPosts(questionUri, 10).contains(first));
        String nested = groups(fr).posting().reply(w.bob(), first, "Weekly is too slow for the grid.").objectUri();
        eventually("A placed bob's reply", () -> au.server().polity().storage().stores().groups()
                .findThreadPosts(questionUri, 10).contains(nested));
        assertThat(object(es, questionUri)).as("C has never heard of the thread").isEmpty();

        join(es, w.carol(), w.groupAtEs());
        eventually("C backfilled the question and both replies", () -> es.server().polity().storage().stores()
                .groups().findThreadPosts(questionUri, 10).containsAll(List.of(questionUri, first, nested)));
        GroupThread atC = thread(es, questionUri).orElseThrow();
        assertThat(atC.groupUri()).isEqualTo(w.group().uri());
        assertThat(atC.kind()).isEqualTo(GroupThread.Kind.QUESTION);
        assertThat(atC.replyCount()).isEqualTo(2);
        assertThat(object(es, nested).orElseThrow().inReplyToUri()).isEqualTo(first);

        var browser = es.loggedIn(w.carol().username());
        assertThat(browser.page("/remote-groups/" + w.groupAtEs().id()).text())
                .doesNotContain("No threads yet").contains("How do you publish grid data?");
        String threadPage = "/threads/" + object(es, questionUri).orElseThrow().id();
        assertThat(browser.page(threadPage).text()).contains("How do you publish grid data?")
                .contains("We publish a weekly dump.").contains("Weekly is too slow for the grid.");
        assertThat(es.browser().page("/search?q=grid+data").text()).contains("How do you publish grid data?");

        // Old posts tell no one (carol is told only of her join), and C re-sends nothing: her only activity is
        // her Follow.
        assertThat(es.server().polity().notifications().list(w.carol(), Long.MAX_VALUE, 10))
                .allMatch(n -> n.kind() == Notification.Kind.GROUP_JOINED || n.kind() == Notification.Kind.GROUP_ACCEPTED);
        assertThat(es.server().polity().storage().stores().activities().findByActor(w.carol().id(),
                List.of(org.polity.server.model.Visibility.values()), Long.MAX_VALUE, 10))
                .extracting(StoredActivity::type).containsExactly("Follow");
        // Idempotent: backfilling again (a re-join) stores nothing twice.
        es.server().polity().federation().backfill().run(w.groupAtEs());
        assertThat(thread(es, questionUri).orElseThrow().replyCount()).isEqualTo(2);
        assertThat(es.server().polity().storage().stores().groups().findThreadPosts(questionUri, 10)).hasSize(3);

        var answered = browser.submit(threadPage, threadPage + "/replies",
                Map.of("content", "We stream it every 5 minutes."));
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(303);
        String answer = es.server().polity().storage().stores().groups().findThreadPosts(questionUri, 10).stream()
                .filter(u -> object(es, u).map(o -> o.contentHtml().contains("every 5 minutes")).orElse(false))
                .findFirst().orElseThrow();
        eventually("A placed carol's answer", () -> au.server().polity().storage().stores().groups()
                .findThreadPosts(questionUri, 10).contains(answer));
        eventually("B placed carol's answer", () -> fr.server().polity().storage().stores().groups()
                .findThreadPosts(questionUri, 10).contains(answer));
    }

    /**
     * A members-only group's history reaches a late joiner too: the group's outbox lists its members-only
     * activities to a signed fetch by a member's server (C's instance actor, once carol is in), and to no one else.
     */
    @Test
    void aLateJoinerOfAMembersOnlyGroupGetsItsHistory() throws Exception {
        Actor alice = newMember(au, "alice");
        Actor carol = newMember(es, "carol");
        Actor cabinet = groups(au).setup().create(alice, "cabinet" + SEQ.incrementAndGet(), "Cabinet office", "",
                GroupInfo.Membership.OPEN, true);
        String secret = groups(au).posting().startThread(alice, cabinet, "Budget draft", "Not public yet.",
                GroupThread.Kind.DISCUSSION, List.of()).objectUri();
        String outbox = new java.net.URI(cabinet.uri() + "/outbox").getPath();
        assertThat(au.get(outbox, "application/activity+json").body()).as("anonymous readers see no members-only post")
                .doesNotContain(secret);
        java.net.URI outboxId = java.net.URI.create(cabinet.uri() + "/outbox");
        assertThat(es.server().polity().federation().fetcher().fetch(outboxId,
                org.polity.federation.http.FetchBudget.perRequest()).toString())
                .as("C's server, with no member yet, sees none either").doesNotContain(secret);

        Actor cabinetAtEs = remote(es, cabinet);
        join(es, carol, cabinetAtEs);
        eventually("C backfilled the members-only thread", () -> thread(es, secret).isPresent());
        StoredObject atEs = object(es, secret).orElseThrow();
        ObjectService objectsAtEs = es.server().polity().federation().objects();
        assertThat(objectsAtEs.visibleTo(atEs.uri(), atEs.attributedToId(), atEs.visibility(), Optional.of(carol)))
                .isTrue();
        assertThat(objectsAtEs.visibleTo(atEs.uri(), atEs.attributedToId(), atEs.visibility(), Optional.empty()))
                .as("still members-only on C").isFalse();
    }
}

package org.polity.server.groups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.eventually;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.federation.inbox.Outcome;
import org.polity.server.activitypub.Publisher;
import org.polity.server.activitypub.inbox.InboxContext;
import org.polity.server.activitypub.inbox.InboxHandlers;
import org.polity.server.model.Actor;
import org.polity.server.model.GroupInfo;
import org.polity.server.model.InboxItem;
import org.polity.server.model.StoredActivity;
import org.polity.server.testing.TestInstance;

/**
 * Group bans across three instances, as Lemmy's {@code Block} with a target: alice moderates a group on A; bob (B)
 * and carol (C) are members. alice bans bob: B learns it from the Block sent to it, C from the group's Announce
 * of it; lifting the ban sends the Undo. A member who does not moderate cannot ban, a server that is not the
 * group's host cannot ban in it, and a Block without a target (a person's block) is not taken for a ban.
 */
class GroupBanFederationTest {
    @TempDir
    static Path dirA;
    @TempDir
    static Path dirB;
    @TempDir
    static Path dirC;
    static TestInstance a;
    static TestInstance b;
    static TestInstance c;

    @BeforeAll
    static void start() {
        a = TestInstance.federating(dirA, Map.of());
        b = TestInstance.federating(dirB, Map.of());
        c = TestInstance.federating(dirC, Map.of());
    }

    @AfterAll
    static void stop() {
        TestInstance.closeAll(a, b, c);
    }

    static Groups groups(TestInstance i) {
        return i.server().polity().federation().groups();
    }

    static Actor remote(TestInstance where, Actor actor) throws Exception {
        return where.server().polity().federation().actors().resolve(actor.uri(),
                org.polity.federation.http.FetchBudget.perRequest());
    }

    static void join(TestInstance where, Actor member, Actor group) throws InterruptedException {
        groups(where).membership().join(member, group, "");
        eventually(member.acct() + " joins " + group.acct(), () -> groups(where).queries().isMember(group, member));
    }

    static Outcome dispatch(TestInstance where, Actor signer, ObjectNode activity) {
        InboxItem item = new InboxItem(0, activity.path("id").asText(), activity.path("type").asText(), signer.uri(),
                null, activity.toString(), Instant.now(), InboxItem.State.QUEUED, 0, Instant.now(), null, null);
        return InboxHandlers.table().dispatch(new InboxContext(where.server().polity(), item), activity);
    }

    @Test
    void aModeratorsBanTravelsAsBlockWithTargetAndItsUndoLiftsIt() throws Exception {
        Actor alice = a.member("alice");
        Actor bob = b.member("bob");
        Actor carol = c.member("carol");
        Actor group = groups(a).setup().create(alice, "water", "Water policy", "Open water data.",
                GroupInfo.Membership.OPEN, false);
        Actor groupAtB = remote(b, group);
        Actor groupAtC = remote(c, group);
        join(b, bob, groupAtB);
        join(c, carol, groupAtC);

        Actor bobAtA = remote(a, bob);
        Actor bobAtC = remote(c, bob); // known on C before the ban arrives
        groups(a).membership().removeMember(alice, group, bobAtA, "spam links");
        StoredActivity block = a.server().polity().storage().stores().activities().findByActor(alice.id(),
                java.util.List.of(org.polity.server.model.Visibility.values()), Long.MAX_VALUE, 20).stream().filter(x -> x.type().equals("Block")).findFirst().orElseThrow();
        JsonNode sent = Publisher.JSON.readTree(block.payload());
        assertThat(sent.path("actor").asText()).isEqualTo(alice.uri());
        assertThat(sent.path("object").asText()).isEqualTo(bob.uri());
        assertThat(sent.path("target").asText()).isEqualTo(group.uri());
        assertThat(sent.path("summary").asText()).isEqualTo("spam links");
        assertThat(GroupBans.parse(sent)).get().extracting(GroupBans.Ban::groupUri).isEqualTo(group.uri());

        var storesB = b.server().polity().storage().stores();
        var storesC = c.server().polity().storage().stores();
        eventually("B records bob's ban", () -> storesB.groups().isBanned(groupAtB.id(), bob.id()));
        eventually("C records it from the group's Announce", () -> storesC.groups().isBanned(groupAtC.id(), bobAtC.id()));
        assertThat(groups(b).queries().isMember(groupAtB, bob)).isFalse();
        assertThat(groups(c).queries().isMember(groupAtC, carol)).as("carol stays").isTrue();

        groups(a).membership().unban(alice, group, bobAtA);
        eventually("B lifts the ban", () -> !storesB.groups().isBanned(groupAtB.id(), bob.id()));
        eventually("C lifts it too", () -> !storesC.groups().isBanned(groupAtC.id(), bobAtC.id()));
    }

    @Test
    void onlyTheGroupsModeratorsAndHostBanAndAPersonsBlockIsNoBan() throws Exception {
        Actor mod = a.member("moira");
        Actor dan = b.member("dan");
        Actor eve = c.member("eve");
        Actor group = groups(a).setup().create(mod, "housing", "Housing", "Housing policy.",
                GroupInfo.Membership.OPEN, false);
        Actor groupAtB = remote(b, group);
        Actor groupAtC = remote(c, group);
        join(b, dan, groupAtB);
        join(c, eve, groupAtC);

        // dan (a member, no moderator) asks A to ban eve: refused, nothing changes.
        Actor danAtA = remote(a, dan);
        Actor eveAtA = remote(a, eve);
        ObjectNode byMember = block(dan.uri() + "#ban-1", dan.uri(), eve.uri(), group.uri());
        Outcome refused = dispatch(a, danAtA, byMember);
        assertThat(refused.kind()).as(refused.detail()).isEqualTo(Outcome.Kind.REJECTED);
        assertThat(a.server().polity().storage().stores().groups().isBanned(group.id(), eveAtA.id())).isFalse();

        // A server that is not the group's host (B) cannot ban in it on C.
        Actor danAtC = remote(c, dan);
        ObjectNode forged = block(dan.uri() + "#ban-2", dan.uri(), eve.uri(), group.uri());
        Outcome notHost = dispatch(c, danAtC, forged);
        assertThat(notHost.kind()).as(notHost.detail()).isEqualTo(Outcome.Kind.REJECTED);
        assertThat(c.server().polity().storage().stores().groups().isBanned(groupAtC.id(), eve.id())).isFalse();
        assertThat(groups(c).queries().isMember(groupAtC, eve)).isTrue();

        // A person's block (Mastodon: no target) is not a ban.
        ObjectNode personal = (ObjectNode) Publisher.JSON.readTree("{\"id\":\"" + dan.uri() + "#block-3\","
                + "\"type\":\"Block\",\"actor\":\"" + dan.uri() + "\",\"object\":\"" + eve.uri() + "\"}");
        Outcome notABan = dispatch(c, danAtC, personal);
        // It is kept as what it is, dan blocking eve (blocks.Blocks), and bans no one.
        assertThat(notABan.kind()).as(notABan.detail()).isEqualTo(Outcome.Kind.PROCESSED);
        assertThat(notABan.detail()).contains("blocks");
        assertThat(c.server().polity().storage().stores().blocks().find(danAtC.id(), eve.id(),
                org.polity.server.blocks.Block.Kind.BLOCK)).isPresent();
        assertThat(GroupBans.parse(personal)).isEmpty();
        assertThat(c.server().polity().storage().stores().groups().isBanned(groupAtC.id(), eve.id())).isFalse();
        assertThat(groups(c).queries().isMember(groupAtC, eve)).isTrue();
    }

    static ObjectNode block(String id, String actor, String person, String group) throws Exception {
        return (ObjectNode) Publisher.JSON.readTree("{\"id\":\"" + id + "\",\"type\":\"Block\",\"actor\":\"" + actor
                + "\",\"object\":\"" + person + "\",\"target\":\"" + group + "\",\"to\":[\""
                + "https://www.w3.org/ns/activitystreams#Public\"],\"cc\":[\"" + group + "\"],\"summary\":\"x\"}");
    }
}

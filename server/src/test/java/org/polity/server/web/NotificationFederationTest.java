package org.polity.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.PASSWORD;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.model.Actor;
import org.polity.server.model.Follow;
import org.polity.server.testing.TestInstance;
import org.polity.server.testing.TestInstance.Browser;

/**
 * Two instances over loopback, driven through the web pages: alice on A finds @bob@B, follows him (accepted
 * at once), sees his post on her home feed and replies from there; bob is told of the follow and the reply,
 * alice of the acceptance and of a mention.
 */
class NotificationFederationTest {
    @TempDir
    static Path dirA;
    @TempDir
    static Path dirB;
    static TestInstance a;
    static TestInstance b;

    @BeforeAll
    static void start() {
        a = TestInstance.start(dirA, Map.of("POLITY_ALLOW_PRIVATE_ADDRESSES", "true"));
        b = TestInstance.start(dirB, Map.of("POLITY_ALLOW_PRIVATE_ADDRESSES", "true", "POLITY_COUNTRY", "FR"));
        a.account("alice", "ACTIVE");
        b.account("bob", "ACTIVE");
    }

    @AfterAll
    static void stop() {
        TestInstance.closeAll(a, b);
    }

    static Browser logIn(TestInstance instance, String name) {
        Browser browser = instance.browser();
        assertThat(browser.logIn(name, PASSWORD).statusCode()).isEqualTo(303);
        return browser;
    }

    static Actor local(TestInstance instance, String name) {
        return instance.server().polity().actors().findLocal(name).orElseThrow();
    }

    static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting until " + what);
    }

    static ObjectNode publicNote(Actor author, String content) {
        ObjectNode note = JsonNodeFactory.instance.objectNode();
        note.put("type", "Note");
        note.put("content", content);
        note.putArray("to").add("https://www.w3.org/ns/activitystreams#Public");
        note.putArray("cc").add(author.followersUri());
        return note;
    }

    @Test
    void followPostReplyAndMentionAcrossInstances() throws Exception {
        Browser alice = logIn(a, "alice");
        Browser bob = logIn(b, "bob");
        Actor bobOnB = local(b, "bob");
        Actor aliceOnA = local(a, "alice");

        // alice finds bob on the other instance and follows him from the search page
        String search = "/search?q=" + URLEncoder.encode("@bob@" + b.authority(), StandardCharsets.UTF_8);
        Document found = alice.page(search);
        assertThat(found.select("#actor-card .handle").text()).isEqualTo("@bob@" + b.authority());
        assertThat(found.select("form[action=/follows] input[name=target]").attr("value")).isEqualTo(bobOnB.uri());
        HttpResponse<String> followed = alice.submit(search, "/follows", Map.of());
        assertThat(followed.statusCode()).isEqualTo(303);
        var storesA = a.server().polity().storage().stores();
        Actor bobOnA = storesA.actors().findActorByUri(bobOnB.uri()).orElseThrow();
        eventually("bob accepts alice", () -> storesA.follows().findFollow(aliceOnA.id(), bobOnA.id())
                .filter(f -> f.state() == Follow.State.ACCEPTED).isPresent());
        assertThat(alice.page(search).select("#follow-state").text()).isEqualTo("Following");
        assertThat(alice.page("/profiles/" + bobOnA.id()).select("h1").text()).isEqualTo("bob");
        eventually("alice is told bob accepted", () -> alice.page("/notifications")
                .select("li.notification[data-kind=FOLLOW_ACCEPTED]").text().contains("accepted"));
        eventually("bob is told alice follows him", () -> bob.page("/notifications")
                .select("li.notification[data-kind=FOLLOW]").text().contains("followed you"));

        // bob posts (C2S outbox on B); alice sees it on her home feed
        b.server().polity().federation().outbox().submit(bobOnB, publicNote(bobOnB, "<p>Bonjour from Paris</p>"));
        eventually("bob's post reaches alice's feed", () -> alice.page("/home").select("article.post")
                .text().contains("Bonjour from Paris"));
        Document home = alice.page("/home");
        Element post = home.select("article.post:contains(Bonjour from Paris)").first();
        assertThat(post.select("a.author .handle").text()).isEqualTo("@bob@" + b.authority());
        assertThat(post.select("a.author").attr("href")).isEqualTo("/profiles/" + bobOnA.id());

        // alice replies from her feed; bob is told on B
        HttpResponse<String> replied = alice.post("/home/posts", Map.of(
                "_csrf", home.select("input[name=_csrf]").first().attr("value"),
                "inReplyTo", post.select("input[name=inReplyTo]").attr("value"),
                "visibility", "public", "content", "Merci Bob, greetings from Canberra"));
        assertThat(replied.statusCode()).isEqualTo(303);
        eventually("bob is told of alice's reply", () -> bob.page("/notifications")
                .select("li.notification[data-kind=REPLY]").text().contains("replied to your post"));
        assertThat(bob.page("/notifications").select("li.notification[data-kind=REPLY]").text())
                .contains("@alice@" + a.authority());

        // bob mentions alice; alice is told on A
        ObjectNode mention = publicNote(bobOnB, "<p>@alice what do you think?</p>");
        mention.withArray("cc").add(aliceOnA.uri());
        ObjectNode tag = mention.putArray("tag").addObject();
        tag.put("type", "Mention");
        tag.put("href", aliceOnA.uri());
        tag.put("name", "@alice@" + a.authority());
        b.server().polity().federation().outbox().submit(bobOnB, mention);
        eventually("alice is told of the mention", () -> alice.page("/notifications")
                .select("li.notification[data-kind=MENTION]").text().contains("mentioned you"));
        assertThat(alice.page("/home").select("#nav-notifications").text()).isEqualTo("Notifications");
    }
}

package org.polity.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.eventually;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.model.Actor;
import org.polity.server.model.Follow;
import org.polity.server.model.ObjectKind;
import org.polity.server.model.StoredObject;
import org.polity.server.testing.TestInstance;
import org.polity.server.testing.TestInstance.Browser;

/**
 * Two instances over loopback: bob on B follows alice on A; alice writes a blog article in the browser; it
 * reaches B with its Create (listed on B's /blog, on bob's home feed); bob replies from B; the reply shows on
 * the article's page on A.
 */
class BlogFederationTest {
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
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    @Test
    void anArticleReachesFollowersAndTheirRepliesComeBack() throws Exception {
        Browser alice = a.loggedIn("alice");
        Browser bob = b.loggedIn("bob");
        Actor aliceOnA = a.localActor("alice");
        Actor bobOnB = b.localActor("bob");

        String search = "/search?q=" + URLEncoder.encode("@alice@" + a.authority(), StandardCharsets.UTF_8);
        assertThat(bob.submit(search, "/follows", Map.of()).statusCode()).isEqualTo(303);
        var storesA = a.server().polity().storage().stores();
        eventually("alice has bob as an accepted follower", () -> storesA.actors().findActorByUri(bobOnB.uri())
                .flatMap(bobOnA -> storesA.follows().findFollow(bobOnA.id(), aliceOnA.id()))
                .filter(f -> f.state() == Follow.State.ACCEPTED).isPresent());
        var storesB = b.server().polity().storage().stores();
        Actor aliceOnB = storesB.actors().findActorByUri(aliceOnA.uri()).orElseThrow();
        eventually("bob's follow is accepted on B", () -> storesB.follows().findFollow(bobOnB.id(), aliceOnB.id())
                .filter(f -> f.state() == Follow.State.ACCEPTED).isPresent());

        HttpResponse<String> published = alice.submit("/blog/new", "/blog/new", Map.of("title", "Budgets in the open",
                "content", "We publish **every** line.", "tags", "budget", "action", "publish"));
        assertThat(published.statusCode()).isEqualTo(303);
        String location = published.headers().firstValue("Location").orElseThrow();
        String path = location.substring(0, location.indexOf('?'));
        String articleUri = a.server().polity().uris().url(path);

        eventually("the article reaches B", () -> storesB.objects().findObjectByUri(articleUri).isPresent());
        StoredObject onB = storesB.objects().findObjectByUri(articleUri).orElseThrow();
        assertThat(onB.type()).isEqualTo("Article");
        assertThat(onB.kind()).isEqualTo(ObjectKind.BLOG);
        assertThat(onB.name()).isEqualTo("Budgets in the open");
        assertThat(b.browser().page("/blog").select("#entries").text()).contains("Budgets in the open");

        Document home = bob.page("/home");
        Element post = home.select("article.post:contains(Budgets in the open)").first();
        assertThat(post).isNotNull();
        assertThat(post.select("input[name=inReplyTo]").attr("value")).isEqualTo(articleUri);
        HttpResponse<String> replied = bob.post("/home/posts", Map.of(
                "_csrf", home.select("input[name=_csrf]").first().attr("value"),
                "inReplyTo", articleUri, "visibility", "public", "content", "Bravo, we will do the same."));
        assertThat(replied.statusCode()).isEqualTo(303);

        eventually("the reply reaches A", () -> storesA.objects().findReplies(articleUri, 10).stream()
                .anyMatch(r -> r.contentHtml().contains("Bravo")));
        Document page = a.browser().page(URI.create(articleUri).getPath());
        assertThat(page.select("h1").text()).isEqualTo("Budgets in the open");
        assertThat(page.select("#object-replies").text()).contains("Bravo, we will do the same.")
                .contains("bob");
    }
}

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
        a.create("chief", org.polity.server.model.Account.Role.ADMIN, org.polity.server.model.Account.Status.ACTIVE);
    }

    @AfterAll
    static void stop() {
        TestInstance.closeAll(a, b);
    }

    @Test
    void anArticleReachesFollowersAndTheirRepliesComeBack() throws Exception {
        Browser alice = a.loggedIn("alice");
        Browser bob = b.loggedIn("bob");
        Actor aliceOnA = a.localActor("alice");
        Actor bobOnB = b.localActor("bob");

        b.follow("bob", a, "alice");
        var storesA = a.server().polity().storage().stores();
        var storesB = b.server().polity().storage().stores();

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

        // Alice edits the article: the Update reaches B, whose copy shows the new text and the "edited" mark.
        String edit = alice.page(path).select("a#edit-article").attr("href");
        HttpResponse<String> saved = alice.submit(edit, edit, Map.of("title", "Budgets in the open, monthly",
                "content", "We publish **every** line, every month.", "action", "save"));
        assertThat(saved.statusCode()).isEqualTo(303);
        eventually("the Update reaches B", () -> storesB.objects().findObjectByUri(articleUri)
                .filter(o -> o.contentHtml().contains("every month")).isPresent());
        StoredObject updated = storesB.objects().findObjectByUri(articleUri).orElseThrow();
        assertThat(updated.name()).isEqualTo("Budgets in the open, monthly");
        Element card = bob.page("/home").select("article.post:has(input[value=" + articleUri + "])").first();
        assertThat(card.select(".content").text()).contains("every month");
        assertThat(card.select(".edited")).hasSize(1);
    }

    @Test
    void theOfficialBlogIsFollowedFromAnotherServer() throws Exception {
        b.account("carol", "ACTIVE");
        Browser carol = b.loggedIn("carol");
        String search = "/search?q=" + URLEncoder.encode("@official@" + a.authority(), StandardCharsets.UTF_8);
        assertThat(carol.submit(search, "/follows", Map.of()).statusCode()).isEqualTo(303);
        Actor official = a.localActor("official");
        var storesB = b.server().polity().storage().stores();
        Actor carolOnB = b.localActor("carol");
        eventually("carol follows the official blog", () -> storesB.actors().findActorByUri(official.uri())
                .flatMap(o -> storesB.follows().findFollow(carolOnB.id(), o.id()))
                .filter(f -> f.state() == Follow.State.ACCEPTED).isPresent());
        assertThat(storesB.actors().findActorByUri(official.uri()).orElseThrow().type())
                .isEqualTo(org.polity.server.model.ActorType.Service);

        Browser chief = a.loggedIn("chief");
        HttpResponse<String> published = chief.submit("/blog/new", "/blog/new", Map.of("title", "Network news",
                "content", "The instance now speaks **three** languages.", "official", "on", "action", "publish"));
        assertThat(published.statusCode()).isEqualTo(303);
        String location = published.headers().firstValue("Location").orElseThrow();
        String uri = a.server().polity().uris().url(location.substring(0, location.indexOf('?')));
        eventually("the official article reaches carol's server", () -> storesB.objects().findObjectByUri(uri)
                .isPresent());
        Element card = carol.page("/home").select("article.post:has(input[value=" + uri + "])").first();
        assertThat(card).isNotNull();
        assertThat(card.select(".content strong").text()).isEqualTo("three");
    }
}

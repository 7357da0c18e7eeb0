package org.polity.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.Polity;
import org.polity.server.model.Actor;
import org.polity.server.model.GroupInfo;
import org.polity.server.model.GroupThread;
import org.polity.server.model.StoredActivity;
import org.polity.server.model.StoredObject;
import org.polity.server.model.Visibility;
import org.polity.server.testing.TestInstance;
import org.polity.server.testing.TestInstance.Browser;

/**
 * Browsers get HTML at our ActivityPub ids (issue 8, point 3): objects, activities and collections answer a page
 * to {@code Accept: text/html} and ActivityStreams JSON to servers, both with {@code Vary: Accept}; the page keeps
 * the JSON's visibility rule; a local profile lists its owner's posts.
 */
class ObjectPagesWebTest {
    static final String PUBLIC = "https://www.w3.org/ns/activitystreams#Public";
    static final String AS = "application/activity+json";
    static final String LD = "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;
    static TestInstance instance;

    @BeforeAll
    static void start() {
        instance = TestInstance.start(dataDir, Map.of());
        for (String name : List.of("olga", "pablo", "quinn")) {
            instance.account(name, "ACTIVE");
        }
        // pablo follows olga (she approves no one by hand: accepted at once)
        polity().federation().follows().follow(actor("pablo"), actor("olga"), null);
    }

    @AfterAll
    static void stop() {
        if (instance != null) {
            instance.close();
        }
    }

    static Polity polity() {
        return instance.server().polity();
    }

    static Actor actor(String name) {
        return instance.localActor(name);
    }

    static StoredActivity post(String who, String json) {
        try {
            return polity().federation().objects().create(actor(who), JSON.readTree(json), null);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static String objectUri(StoredActivity create) {
        return create.objectUri();
    }

    /** The path of one of our ids (the instance listens on another port than its base URL's). */
    static String path(String uri) {
        return java.net.URI.create(uri).getRawPath();
    }

    /** How many actors {@code request} reads one by one ({@code WHERE id = :id}), on this instance's database. */
    static int actorsReadOneByOne(Runnable request) {
        var storage = (org.polity.server.storage.jdbi.JdbiStorage) polity().storage();
        java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
        storage.setSqlLogger(new org.jdbi.v3.core.statement.SqlLogger() {
            @Override
            public void logAfterExecution(org.jdbi.v3.core.statement.StatementContext context) {
                if (context.getRenderedSql().replaceAll("\\s+", " ").contains("FROM actors WHERE id = :id")) {
                    count.incrementAndGet();
                }
            }
        });
        try {
            request.run();
        } finally {
            storage.setSqlLogger(null);
        }
        return count.get();
    }

    @Test
    void aNoteIsAPageForBrowsersAndJsonForServersWithVaryAccept() {
        StoredActivity create = post("olga", "{\"type\":\"Note\",\"content\":\"<p>Budget dashboards work.</p>\","
                + "\"to\":[\"" + PUBLIC + "\"]}");
        String path = path(objectUri(create));

        HttpResponse<String> page = instance.browser().get(path);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(page.headers().firstValue("Vary").orElseThrow()).contains("Accept");
        Document doc = TestInstance.html(page);
        assertThat(doc.select("h1").text()).contains("olga");
        assertThat(doc.select("article.post .content").text()).isEqualTo("Budget dashboards work.");
        assertThat(doc.select("article.post a.author").attr("href")).isNotBlank();

        for (String accept : List.of(AS, LD, "application/ld+json")) {
            HttpResponse<String> json = instance.get(path, accept);
            assertThat(json.statusCode()).isEqualTo(200);
            assertThat(json.headers().firstValue("Content-Type").orElseThrow()).contains("json");
            assertThat(json.headers().firstValue("Vary").orElseThrow()).contains("Accept");
            assertThat(json.body()).contains("\"type\":\"Note\"");
        }
        // A browser that also names ActivityStreams gets the JSON (servers send both).
        assertThat(instance.get(path, AS + ", text/html;q=0.1").body()).contains("\"type\":\"Note\"");
        // No Accept at all: JSON, as before.
        assertThat(instance.get(path, null).body()).contains("\"type\":\"Note\"");

        // The activity leads to its object's page.
        HttpResponse<String> activity = instance.browser().get(path(create.uri()));
        assertThat(activity.statusCode()).isEqualTo(303);
        assertThat(activity.headers().firstValue("Location").orElseThrow()).endsWith(path);
        assertThat(instance.get(path(create.uri()), AS).body()).contains("\"type\":\"Create\"");
    }

    @Test
    void aFollowersOnlyPostIsAPageOnlyForThoseWhoMaySeeIt() {
        StoredActivity create = post("olga", "{\"type\":\"Note\",\"content\":\"For my followers.\","
                + "\"to\":[\"" + actor("olga").followersUri() + "\"]}");
        String path = path(objectUri(create));
        assertThat(instance.browser().get(path).statusCode()).isEqualTo(404);
        assertThat(instance.loggedIn("quinn").get(path).statusCode()).isEqualTo(404);
        assertThat(instance.browser().get(path(create.uri())).statusCode()).isEqualTo(404);
        Browser pablo = instance.loggedIn("pablo");
        HttpResponse<String> seen = pablo.get(path);
        assertThat(seen.statusCode()).isEqualTo(200);
        assertThat(seen.headers().firstValue("Cache-Control").orElseThrow()).contains("private");
        assertThat(TestInstance.html(seen).select("article.post .content").text()).isEqualTo("For my followers.");
    }

    @Test
    void aChallengeShowsItsTitleAndKindAndADeletedPostIsGone() {
        StoredActivity create = post("olga", "{\"type\":[\"Article\",\"Challenge\"],\"name\":\"Usable budget data\","
                + "\"content\":\"<p>How do you publish spending?</p>\",\"to\":[\"" + PUBLIC + "\"]}");
        Document doc = instance.browser().page(path(objectUri(create)));
        assertThat(doc.select("h1").text()).isEqualTo("Usable budget data");
        assertThat(doc.select("#object-kind").text()).isEqualTo("Country challenge");
        assertThat(doc.select(".content").text()).contains("How do you publish spending?");
        // The challenges directory links to that page.
        assertThat(instance.browser().page("/challenges").select("a[href$=" + path(objectUri(create)) + "]"))
                .isNotEmpty();

        StoredActivity gone = post("olga", "{\"type\":\"Note\",\"content\":\"Soon gone.\",\"to\":[\"" + PUBLIC
                + "\"]}");
        polity().federation().objects().delete(actor("olga"), JSON.createObjectNode().put("object",
                objectUri(gone)));
        assertThat(instance.browser().get(path(objectUri(gone))).statusCode()).isEqualTo(410);
    }

    @Test
    void aReplyIsShownUnderItsPostAndTheRepliesCollectionLeadsThere() {
        StoredActivity parent = post("olga", "{\"type\":\"Note\",\"content\":\"Question?\",\"to\":[\"" + PUBLIC
                + "\"]}");
        post("pablo", "{\"type\":\"Note\",\"content\":\"Answer.\",\"inReplyTo\":\"" + objectUri(parent)
                + "\",\"to\":[\"" + PUBLIC + "\"]}");
        Document doc = instance.browser().page(path(objectUri(parent)));
        assertThat(doc.select("#object-replies article.post .content").text()).isEqualTo("Answer.");
        HttpResponse<String> replies = instance.browser().get(path(objectUri(parent)) + "/replies");
        assertThat(replies.statusCode()).isEqualTo(303);
        assertThat(replies.headers().firstValue("Location").orElseThrow()).endsWith(path(objectUri(parent)));
        assertThat(instance.get(path(objectUri(parent)) + "/replies", AS).body()).contains("OrderedCollection");
        for (String collection : List.of("/likes", "/shares")) {
            assertThat(instance.browser().get(path(objectUri(parent)) + collection).headers().firstValue("Location")
                    .orElseThrow()).endsWith(path(objectUri(parent)));
        }
    }

    @Test
    void aGroupThreadAndItsRepliesAreReadOnTheThreadPage() {
        var groups = polity().federation().groups();
        Actor group = groups.setup().create(actor("quinn"), "budgets", "Budgets", "", GroupInfo.Membership.OPEN, false);
        StoredActivity thread = groups.posting().startThread(actor("quinn"), group, "Open budgets", "How?",
                GroupThread.Kind.DISCUSSION, List.of());
        long threadId = polity().storage().stores().objects().findObjectByUri(thread.objectUri()).orElseThrow().id();
        HttpResponse<String> toThread = instance.browser().get(path(thread.objectUri()));
        assertThat(toThread.statusCode()).isEqualTo(303);
        assertThat(toThread.headers().firstValue("Location")).hasValue("/threads/" + threadId);
        StoredActivity reply = groups.posting().reply(actor("quinn"), thread.objectUri(), "Like this.");
        long replyId = polity().storage().stores().objects().findObjectByUri(reply.objectUri()).orElseThrow().id();
        assertThat(instance.browser().get(path(reply.objectUri())).headers().firstValue("Location"))
                .hasValue("/threads/" + threadId + "#post-" + replyId);
        assertThat(instance.browser().get(path(thread.objectUri()) + "/context").headers().firstValue("Location"))
                .hasValue("/threads/" + threadId);
        // The group's collections lead to its page.
        assertThat(instance.browser().get("/users/budgets/outbox").headers().firstValue("Location"))
                .hasValue("/groups/budgets");
    }

    @Test
    void followersAndFollowingAreListsOfPeopleAndTheOutboxIsTheProfile() {
        HttpResponse<String> followers = instance.browser().get("/users/olga/followers");
        assertThat(followers.statusCode()).isEqualTo(200);
        assertThat(followers.headers().firstValue("Vary").orElseThrow()).contains("Accept");
        Document doc = TestInstance.html(followers);
        assertThat(doc.select("#follows-list li.person").eachAttr("data-actor"))
                .containsExactly("pablo@" + instance.authority());
        assertThat(TestInstance.html(instance.browser().get("/users/pablo/following"))
                .select("#follows-list li.person a").attr("href")).endsWith("/users/olga");
        HttpResponse<String> json = instance.get("/users/olga/followers", AS);
        assertThat(json.body()).contains("\"totalItems\":1");
        assertThat(json.headers().firstValue("Vary").orElseThrow()).contains("Accept");

        HttpResponse<String> outbox = instance.browser().get("/users/olga/outbox");
        assertThat(outbox.statusCode()).isEqualTo(303);
        assertThat(outbox.headers().firstValue("Location").orElseThrow()).endsWith("/users/olga");
        assertThat(instance.get("/users/olga/outbox", AS).body()).contains("OrderedCollection");
        for (String collection : List.of("/liked", "/likes", "/shares")) {
            assertThat(instance.browser().get("/users/olga" + collection).headers().firstValue("Location")
                    .orElseThrow()).endsWith("/users/olga");
        }
    }

    @Test
    void aLocalProfileListsThatPersonsPostsNewestFirstAndPaged() {
        instance.account("rosa", "ACTIVE");
        for (int i = 1; i <= 25; i++) {
            post("rosa", "{\"type\":\"Note\",\"content\":\"Public " + i + "\",\"to\":[\"" + PUBLIC + "\"]}");
        }
        post("rosa", "{\"type\":\"Note\",\"content\":\"Followers only\",\"to\":[\"" + actor("rosa").followersUri()
                + "\"]}");
        Document first = instance.browser().page("/users/rosa");
        List<String> texts = first.select("#profile-posts article.post .content").eachText();
        assertThat(texts).hasSize(20).doesNotContain("Followers only");
        assertThat(texts.get(0)).isEqualTo("Public 25");
        String next = first.select("#profile-posts a[rel=next]").attr("href");
        assertThat(next).startsWith("/users/rosa?before=");
        Document second = instance.browser().page(next);
        assertThat(second.select("#profile-posts article.post .content").eachText())
                .containsExactly("Public 5", "Public 4", "Public 3", "Public 2", "Public 1");
        assertThat(second.select("#profile-posts a[rel=next]")).isEmpty();
        // The author sees their own followers-only post there too.
        assertThat(instance.loggedIn("rosa").page("/users/rosa").select("#profile-posts .content").eachText())
                .contains("Followers only");
    }
    /**
     * A visitor reaching an author whose newest posts are all followers-only, more than one page reads at once,
     * is not told "No posts": an older link continues, and leads to the public posts behind them.
     */
    @Test
    void aProfileWhoseNewestPostsAreHiddenStillLeadsToTheOlderPublicOnes() {
        instance.account("sven", "ACTIVE");
        Actor sven = actor("sven");
        var objects = polity().storage().stores().objects();
        java.time.Instant now = java.time.Instant.now();
        for (int i = 1; i <= 3; i++) {
            post("sven", "{\"type\":\"Note\",\"content\":\"Old public " + i + "\",\"to\":[\"" + PUBLIC + "\"]}");
        }
        for (int i = 0; i < 410; i++) { // straight into the store: quick, and no deliveries
            String uri = sven.uri() + "/hidden/" + i;
            objects.insert(new StoredObject(0, uri, "Note", sven.id(), true, null, "<p>Hidden " + i + "</p>", null,
                    null, null, Visibility.FOLLOWERS, now, null, null, "{\"id\":\"" + uri + "\",\"type\":\"Note\"}"));
            objects.insertAddressing(uri, List.of(sven.followersUri()));
        }
        Document first = instance.browser().page("/users/sven");
        assertThat(first.select("#profile-empty")).as("no 'No posts' while older ones follow").isEmpty();
        assertThat(first.select("#profile-posts a[rel=next]").attr("href")).startsWith("/users/sven?before=");
        String path = "/users/sven";
        List<String> seen = new java.util.ArrayList<>();
        for (int pages = 0; pages < 30 && path != null; pages++) {
            Document page = instance.browser().page(path);
            seen.addAll(page.select("#profile-posts article.post .content").eachText());
            String next = page.select("#profile-posts a[rel=next]").attr("href");
            path = next.isEmpty() ? null : next;
        }
        assertThat(seen).containsExactly("Old public 3", "Old public 2", "Old public 1");
        assertThat(path).as("the last page has no older link").isNull();
    }

    /** A post with replies from several people shows each reply with its own author, all read in one query. */
    @Test
    void repliesFromSeveralAuthorsEachShowTheirAuthor() {
        StoredActivity parent = post("olga", "{\"type\":\"Note\",\"content\":\"Who is here?\",\"to\":[\"" + PUBLIC
                + "\"]}");
        List<String> authors = List.of("pablo", "quinn", "xena", "yves", "zoe");
        for (String who : List.of("xena", "yves", "zoe")) {
            instance.account(who, "ACTIVE");
        }
        for (String who : authors) {
            post(who, "{\"type\":\"Note\",\"content\":\"" + who + " is.\",\"inReplyTo\":\"" + objectUri(parent)
                    + "\",\"to\":[\"" + PUBLIC + "\"]}");
        }
        Document[] page = new Document[1];
        int oneByOne = actorsReadOneByOne(() -> page[0] = instance.browser().page(path(objectUri(parent))));
        Document doc = page[0];
        assertThat(oneByOne).as("actors read one by one for a post with 5 replies").isLessThanOrEqualTo(1);
        for (org.jsoup.nodes.Element reply : doc.select("#object-replies article.post")) {
            String text = reply.select(".content").text();
            assertThat(reply.select(".byline .handle").text()).as(text)
                    .isEqualTo("@" + text.substring(0, text.indexOf(' ')) + "@" + instance.authority());
        }
        assertThat(doc.select("#object-replies article.post")).hasSize(authors.size());
    }

    /** Followers listed from several accounts, each with their own name and link, in follow order, in one query. */
    @Test
    void aFollowersPageListsSeveralPeopleEachWithTheirLink() {
        instance.account("tove", "ACTIVE");
        for (String name : List.of("uma", "vik", "wes")) {
            instance.account(name, "ACTIVE");
            polity().federation().follows().follow(actor(name), actor("tove"), null);
        }
        Document[] page = new Document[1];
        int oneByOne = actorsReadOneByOne(() -> page[0] = instance.browser().page("/users/tove/followers"));
        Document doc = page[0];
        assertThat(oneByOne).as("actors read one by one for a list of 3 followers").isLessThanOrEqualTo(1);
        assertThat(doc.select("#follows-list li.person").eachAttr("data-actor")).containsExactly(
                "uma@" + instance.authority(), "vik@" + instance.authority(), "wes@" + instance.authority());
        assertThat(doc.select("#follows-list li.person a").eachAttr("href")).allMatch(h -> h.matches(".*/users/(uma|vik|wes)"));
    }
}

package org.polity.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.html;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.model.Actor;
import org.polity.server.model.StoredObject;
import org.polity.server.model.Visibility;
import org.polity.server.testing.TestInstance;
import org.polity.server.testing.TestInstance.Browser;

/** The home feed: compose, see, reply, page back; errors on the form; CSRF, login and language. */
class HomeWebTest {
    @TempDir
    static Path dataDir;
    static TestInstance instance;

    @BeforeAll
    static void start() {
        instance = TestInstance.start(dataDir, Map.of());
        for (String name : List.of("carol", "dave", "erin", "fay")) {
            instance.account(name, name.substring(0, 1).toUpperCase() + name.substring(1) + " Example", "ACTIVE",
                    new org.polity.server.model.Account.Profile("", "", "", "", List.of()));
        }
    }

    @AfterAll
    static void stop() {
        if (instance != null) {
            instance.close();
        }
    }

    static Browser logIn(String name) {
        return instance.loggedIn(name);
    }

    static Actor actor(String name) {
        return instance.localActor(name);
    }

    @Test
    void aComposedPostShowsOnHome() {
        Browser carol = logIn("carol");
        Document home = carol.page("/home");
        assertThat(home.select("h1")).hasSize(1);
        assertThat(home.select("main#main")).hasSize(1);
        assertThat(home.select("form[action=/home/posts] textarea[name=content]#content")).hasSize(1);
        assertThat(home.select("label[for=content]").text()).isNotBlank();
        assertThat(home.select("label[for=visibility]").text()).isNotBlank();
        assertThat(home.select("select[name=visibility] option").eachAttr("value")).containsExactly("public", "followers");

        HttpResponse<String> posted = carol.submit("/home", "/home/posts",
                Map.of("content", "Hello *open* government <script>alert(1)</script>", "visibility", "public"));
        assertThat(posted.statusCode()).isEqualTo(303);
        // Back home, with the confirmation that the post was published (?published=<its row id>).
        assertThat(posted.headers().firstValue("Location").orElseThrow()).matches("/home\\?published=\\d+");

        Document after = carol.page("/home");
        Element post = after.select("article.post").first();
        assertThat(post).isNotNull();
        assertThat(post.select(".content em").text()).isEqualTo("open");
        assertThat(post.select(".content").text()).contains("Hello open government");
        assertThat(post.select("script")).isEmpty();
        assertThat(post.select("a.author .handle").text()).isEqualTo("@carol@" + instance.authority());
        assertThat(post.select("a.author").attr("href")).isEqualTo("/profiles/" + actor("carol").id());
        assertThat(post.select("time").text()).isNotBlank();
        assertThat(post.select("form.reply-form input[name=inReplyTo]").attr("value")).startsWith("http");

        StoredObject stored = instance.server().polity().federation().objects()
                .homeTimeline(actor("carol"), Long.MAX_VALUE, 1).get(0);
        assertThat(stored.type()).isEqualTo("Note");
        assertThat(stored.visibility()).isEqualTo(Visibility.PUBLIC);
    }

    @Test
    void aFollowersOnlyPostIsStoredSo() {
        Browser fay = logIn("fay");
        assertThat(fay.submit("/home", "/home/posts", Map.of("content", "Just for my followers",
                "visibility", "followers")).statusCode()).isEqualTo(303);
        StoredObject stored = instance.server().polity().federation().objects()
                .homeTimeline(actor("fay"), Long.MAX_VALUE, 1).get(0);
        assertThat(stored.visibility()).isEqualTo(Visibility.FOLLOWERS);
        assertThat(fay.page("/home").select("article.post .visibility").text()).isNotBlank();
    }

    @Test
    void anEmptyPostIsShownAsAnErrorOnTheForm() {
        Browser carol = logIn("carol");
        HttpResponse<String> response = carol.submit("/home", "/home/posts", Map.of("content", "   "));
        assertThat(response.statusCode()).isEqualTo(422);
        Document doc = html(response);
        assertThat(doc.select("#content-error").text()).isEqualTo("Write something before posting.");
        assertThat(doc.select("#content").attr("aria-invalid")).isEqualTo("true");
        assertThat(doc.select("#error-summary a[href=#content]")).hasSize(1);

        HttpResponse<String> badVisibility = carol.submit("/home", "/home/posts",
                Map.of("content", "x", "visibility", "everyone-everywhere"));
        assertThat(badVisibility.statusCode()).isEqualTo(422);
        assertThat(html(badVisibility).select("#visibility-error").text()).isNotBlank();
    }

    @Test
    void aReplyFromHomeNotifiesTheLocalAuthor() {
        var polity = instance.server().polity();
        polity.federation().follows().follow(actor("dave"), actor("erin"), null);
        Browser erin = logIn("erin");
        assertThat(erin.submit("/home", "/home/posts", Map.of("content", "Who runs a service lab?")).statusCode())
                .isEqualTo(303);
        Browser dave = logIn("dave");
        Document home = dave.page("/home");
        Element post = home.select("article.post:contains(Who runs a service lab)").first();
        assertThat(post).isNotNull();
        String parent = post.select("input[name=inReplyTo]").attr("value");
        assertThat(post.select("label").attr("for")).isEqualTo(post.select("textarea").attr("id"));
        HttpResponse<String> replied = dave.post("/home/posts", Map.of("_csrf", home.select("input[name=_csrf]")
                .first().attr("value"), "inReplyTo", parent, "visibility", "public", "content", "We do, in Canberra."));
        assertThat(replied.statusCode()).isEqualTo(303);
        StoredObject reply = polity.federation().objects().homeTimeline(actor("dave"), Long.MAX_VALUE, 1).get(0);
        assertThat(reply.inReplyToUri()).isEqualTo(parent);

        Document erinHome = erin.page("/home");
        assertThat(erinHome.select("#nav-notifications").text()).contains("2 unread");
        Document notifications = erin.page("/notifications");
        assertThat(notifications.select("h1")).hasSize(1);
        Element item = notifications.select("li.notification[data-kind=REPLY]").first();
        assertThat(item).isNotNull();
        assertThat(item.text()).contains("Dave Example").contains("replied to your post");
        assertThat(item.hasClass("unread")).isTrue();
        assertThat(item.select("a").attr("href")).isEqualTo(reply.uri());
        Document again = erin.page("/notifications");
        assertThat(again.select("li.notification.unread")).isEmpty();
        assertThat(again.select("#nav-notifications").text()).doesNotContain("unread");
        // erin also learnt that dave follows her
        assertThat(again.select("li.notification[data-kind=FOLLOW]").text()).contains("followed you");
    }

    @Test
    void aHandleInAPostMentionsThatPerson() {
        Browser carol = logIn("carol");
        String handle = "@fay@" + instance.authority();
        assertThat(carol.submit("/home", "/home/posts", Map.of("content", "Ask " + handle + ". And @nobody@"
                + instance.authority() + " too.")).statusCode()).isEqualTo(303);
        StoredObject post = instance.server().polity().federation().objects()
                .homeTimeline(actor("carol"), Long.MAX_VALUE, 1).get(0);
        assertThat(post.payload().split("\"Mention\"", -1)).as("one Mention tag, for fay only").hasSize(2);
        assertThat(post.payload()).contains("\"href\":\"" + actor("fay").uri() + "\"");
        Document notifications = logIn("fay").page("/notifications");
        assertThat(notifications.select("li.notification[data-kind=MENTION]").text())
                .contains("Carol Example").contains("mentioned you");
    }

    @Test
    void olderPostsAreOneLinkAway() {
        var polity = instance.server().polity();
        Actor fay = actor("fay");
        for (int i = 0; i < FeedRoutes.PAGE_SIZE + 2; i++) {
            ObjectNode note = JsonNodeFactory.instance.objectNode();
            note.put("type", "Note");
            note.put("content", "Paged post number " + i);
            note.putArray("to").add("https://www.w3.org/ns/activitystreams#Public");
            polity.federation().outbox().submit(fay, note);
        }
        Browser browser = logIn("fay");
        Document first = browser.page("/home");
        assertThat(first.select("article.post")).hasSize(FeedRoutes.PAGE_SIZE);
        String older = first.select("a#older").attr("href");
        assertThat(older).startsWith("/home?before=");
        Document second = browser.page(older);
        assertThat(second.select("article.post").text()).contains("Paged post number 0")
                .doesNotContain("Paged post number " + (FeedRoutes.PAGE_SIZE + 1));
    }

    @Test
    void aFormWithoutItsCsrfTokenIsRefused() {
        Browser carol = logIn("carol");
        HttpResponse<String> response = carol.post("/home/posts", Map.of("content", "forged", "visibility", "public"));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(carol.page("/home").select("article.post").text()).doesNotContain("forged");
    }

    @Test
    void theFeedIsForMembersOnly() {
        Browser anonymous = instance.browser();
        for (String path : List.of("/home", "/notifications", "/profiles/1", "/follow-requests")) {
            HttpResponse<String> response = anonymous.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(303);
            assertThat(response.headers().firstValue("Location").orElseThrow()).as(path).startsWith("/login?next=");
        }
        // search is public (DESIGN.md): anyone may search what this instance holds
        assertThat(anonymous.get("/search").statusCode()).isEqualTo(200);
    }

    @Test
    void frenchReadersGetTheFeedInFrench() throws Exception {
        Browser carol = logIn("carol");
        HttpClient client = HttpClient.newBuilder().cookieHandler(carol.cookies)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(instance.uri("/home"))
                .header("Accept", "text/html").header("Accept-Language", "fr-FR,fr;q=0.9").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Document doc = Jsoup.parse(response.body());
        assertThat(doc.select("html").attr("lang")).isEqualTo("fr");
        assertThat(doc.select("h1").text()).isEqualTo("Fil d’accueil");
        assertThat(doc.select("label[for=content]").text()).isEqualTo("Que souhaitez-vous partager ?");
        assertThat(doc.select("nav a[href=/search]").text()).isEqualTo("Rechercher");
        assertThat(doc.select("button.primary").text()).contains("Publier");
    }
}

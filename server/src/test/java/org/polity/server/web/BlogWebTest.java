package org.polity.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.html;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.activitypub.ObjectService;
import org.polity.server.model.ObjectKind;
import org.polity.server.model.StoredObject;
import org.polity.server.testing.TestInstance;
import org.polity.server.testing.TestInstance.Browser;

/** Writing a blog article in the browser: the form, preview, errors, publishing and what readers see. */
class BlogWebTest {
    @TempDir
    static Path dataDir;
    static TestInstance instance;

    @BeforeAll
    static void start() {
        instance = TestInstance.start(dataDir, Map.of());
        instance.account("wren", "ACTIVE");
    }

    @AfterAll
    static void stop() {
        if (instance != null) {
            instance.close();
        }
    }

    static long articles() {
        return instance.server().polity().storage().stores().objects().countPublicObjectsByKind(ObjectKind.BLOG);
    }

    static Map<String, String> fields(String title, String content, String tags, String action) {
        Map<String, String> f = new HashMap<>();
        f.put("title", title);
        f.put("content", content);
        f.put("tags", tags);
        f.put("action", action);
        return f;
    }

    @Test
    void visitorsAreSentToLogIn() {
        HttpResponse<String> response = instance.browser().get("/blog/new");
        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.headers().firstValue("Location").orElseThrow()).startsWith("/login");
        assertThat(instance.browser().page("/blog").select("a#write-blog-post")).isEmpty();
    }

    @Test
    void theFormHasItsFieldsAndIsLinkedFromTheBlog() {
        Browser wren = instance.loggedIn("wren");
        assertThat(wren.page("/blog").select("a#write-blog-post").attr("href")).isEqualTo("/blog/new");
        Document form = wren.page("/blog/new");
        assertThat(form.select("h1")).hasSize(1);
        assertThat(form.select("form[action=/blog/new] input[name=_csrf]")).hasSize(1);
        assertThat(form.select("label[for=title]").text()).isNotBlank();
        assertThat(form.select("textarea#content[name=content]")).hasSize(1);
        assertThat(form.select("input#tags[name=tags]")).hasSize(1);
        assertThat(form.select("button[name=action]").eachAttr("value")).containsExactly("addTranslation", "preview", "publish");
        assertThat(form.select("#preview")).isEmpty();
    }

    @Test
    void previewRendersTheMarkdownAndStoresNothing() {
        Browser wren = instance.loggedIn("wren");
        long before = articles();
        HttpResponse<String> response = wren.submit("/blog/new", "/blog/new", fields("Draft",
                "Some **bold** words <script>alert(1)</script>", "", "preview"));
        assertThat(response.statusCode()).isEqualTo(200);
        Document doc = html(response);
        assertThat(doc.select("#preview strong").text()).isEqualTo("bold");
        assertThat(doc.select("#preview script")).isEmpty();
        assertThat(doc.select("#preview").text()).contains("Draft");
        assertThat(doc.select("input#title").attr("value")).isEqualTo("Draft");
        assertThat(doc.select("textarea#content").text()).contains("**bold**");
        assertThat(articles()).isEqualTo(before);
    }

    @Test
    void badInputIsShownOnTheFormAndStoresNothing() {
        Browser wren = instance.loggedIn("wren");
        long before = articles();
        HttpResponse<String> noTitle = wren.submit("/blog/new", "/blog/new", fields(" ", "Body", "", "publish"));
        assertThat(noTitle.statusCode()).isEqualTo(422);
        Document doc = html(noTitle);
        assertThat(doc.select("#title-error").text()).isEqualTo("Give the article a title.");
        assertThat(doc.select("#error-summary a[href=#title]")).hasSize(1);
        assertThat(doc.select("#title").attr("aria-invalid")).isEqualTo("true");

        HttpResponse<String> longTitle = wren.submit("/blog/new", "/blog/new",
                fields("t".repeat(201), "Body", "", "publish"));
        assertThat(longTitle.statusCode()).isEqualTo(422);
        assertThat(html(longTitle).select("#title-error").text()).isEqualTo("Keep the title under 200 characters.");

        HttpResponse<String> longBody = wren.submit("/blog/new", "/blog/new",
                fields("Long", "b".repeat(ObjectService.MAX_ARTICLE + 1), "", "publish"));
        assertThat(longBody.statusCode()).isEqualTo(422);
        assertThat(html(longBody).select("#content-error").text())
                .isEqualTo("Articles can have at most 100,000 characters.");

        HttpResponse<String> noBody = wren.submit("/blog/new", "/blog/new", fields("Empty", "  ", "", "preview"));
        assertThat(noBody.statusCode()).isEqualTo(422);
        assertThat(html(noBody).select("#content-error").text()).isEqualTo("Write the article before publishing.");
        assertThat(html(noBody).select("#preview")).isEmpty();

        HttpResponse<String> badTag = wren.submit("/blog/new", "/blog/new", fields("Tags", "Body", "a/b", "publish"));
        assertThat(badTag.statusCode()).isEqualTo(422);
        assertThat(html(badTag).select("#tags-error").text()).isNotBlank();

        HttpResponse<String> noCsrf = wren.post("/blog/new", fields("Forged", "Body", "", "publish"));
        assertThat(noCsrf.statusCode()).isEqualTo(403);
        assertThat(articles()).isEqualTo(before);
    }

    @Test
    void aPublishedArticleIsListedAndShown() throws Exception {
        Browser wren = instance.loggedIn("wren");
        String body = "## Why\n\nOpen **data** first. " + "Long form. ".repeat(600).strip(); // over the 5,000 post limit
        assertThat(body.length()).isGreaterThan(ObjectService.MAX_CONTENT);
        HttpResponse<String> published = wren.submit("/blog/new", "/blog/new",
                fields("Open data in practice", body, "open data, Energy", "publish"));
        assertThat(published.statusCode()).isEqualTo(303);
        String location = published.headers().firstValue("Location").orElseThrow();
        assertThat(location).matches("/objects/[^?]+\\?published=\\d+");

        Document page = wren.page(location);
        assertThat(page.select("h1").text()).isEqualTo("Open data in practice");
        assertThat(page.select("#object .post-title")).as("the title is the page's heading, not shown twice").isEmpty();
        assertThat(page.select("#published a").attr("href")).isNotBlank();
        assertThat(page.select("#object .content strong").text()).isEqualTo("data");
        assertThat(page.select("#object .content h5").text()).isEqualTo("Why"); // h2 shifted below the page's headings

        Document blog = instance.browser().page("/blog");
        assertThat(blog.select("#entries").text()).contains("Open data in practice");

        String path = location.substring(0, location.indexOf('?'));
        HttpResponse<String> json = instance.get(path, "application/activity+json");
        assertThat(json.statusCode()).isEqualTo(200);
        JsonNode article = new ObjectMapper().readTree(json.body());
        assertThat(article.path("type").asText()).isEqualTo("Article");
        assertThat(article.path("name").asText()).isEqualTo("Open data in practice");
        assertThat(article.path("source").path("mediaType").asText()).isEqualTo("text/markdown");
        assertThat(article.path("source").path("content").asText()).isEqualTo(body);
        assertThat(article.path("content").asText()).contains("<strong>data</strong>");
        assertThat(article.path("to").toString()).contains("https://www.w3.org/ns/activitystreams#Public");
        assertThat(article.path("cc").toString()).contains(instance.localActor("wren").followersUri());
        List<String> tags = new java.util.ArrayList<>();
        article.path("tag").forEach(t -> tags.add(t.path("name").asText()));
        assertThat(tags).contains("#opendata", "#energy");

        StoredObject stored = instance.server().polity().storage().stores().objects()
                .findObjectByUri(article.path("id").asText()).orElseThrow();
        assertThat(stored.kind()).isEqualTo(ObjectKind.BLOG);
    }

    @Test
    void notesKeepThePostLimit() {
        Browser wren = instance.loggedIn("wren");
        HttpResponse<String> response = wren.submit("/home", "/home/posts",
                Map.of("content", "n".repeat(ObjectService.MAX_CONTENT + 1)));
        assertThat(response.statusCode()).isEqualTo(422);
        var me = instance.localActor("wren");
        var note = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        note.put("type", "Note");
        note.putObject("source").put("content", "n".repeat(ObjectService.MAX_CONTENT + 1))
                .put("mediaType", "text/markdown");
        note.putArray("to").add("https://www.w3.org/ns/activitystreams#Public");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> instance.server().polity().federation().outbox()
                .submit(me, note)).isInstanceOf(org.polity.server.service.InvalidInput.class)
                .hasMessageContaining(ObjectService.TOO_LONG);
        note.put("type", "Page");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> instance.server().polity().federation().outbox()
                .submit(me, note)).hasMessageContaining(ObjectService.TOO_LONG);
    }

    @Test
    void clientArticlesHaveTheArticleLimit() {
        var me = instance.localActor("wren");
        var outbox = instance.server().polity().federation().outbox();
        var article = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        article.put("type", "Article");
        article.put("name", "Long read");
        article.putObject("source").put("content", "a".repeat(ObjectService.MAX_ARTICLE + 1))
                .put("mediaType", "text/markdown");
        article.putArray("to").add("https://www.w3.org/ns/activitystreams#Public");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> outbox.submit(me, article.deepCopy()))
                .hasMessageContaining(ObjectService.ARTICLE_TOO_LONG);
        article.remove("source");
        article.put("content", "<p>" + "a".repeat(ObjectService.MAX_ARTICLE - 7) + "</p>");
        String uri = outbox.submit(me, article.deepCopy()).objectUri();
        assertThat(uri).isNotBlank();
        // an update keeps the article limit
        var update = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        update.put("type", "Update");
        update.putObject("object").put("id", uri).put("content", "<p>" + "u".repeat(ObjectService.MAX_CONTENT * 2) + "</p>");
        outbox.submit(me, update.deepCopy());
        assertThat(instance.server().polity().storage().stores().objects().findObjectByUri(uri).orElseThrow()
                .contentHtml()).contains("uuu");
        ((com.fasterxml.jackson.databind.node.ObjectNode) update.get("object"))
                .put("content", "u".repeat(ObjectService.MAX_ARTICLE + 1));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> outbox.submit(me, update.deepCopy()))
                .hasMessageContaining(ObjectService.ARTICLE_TOO_LONG);
    }
}

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
import org.polity.server.activitypub.ContentRules;
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
        instance.account("finch", "ACTIVE");
        instance.create("boss", org.polity.server.model.Account.Role.ADMIN,
                org.polity.server.model.Account.Status.ACTIVE);
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
        assertThat(form.select("button[name=action]").eachAttr("value")).containsExactly("preview", "publish", "addTranslation"); // Enter in a field previews
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
                fields("Long", "b".repeat(ContentRules.MAX_ARTICLE + 1), "", "publish"));
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
        assertThat(body.length()).isGreaterThan(ContentRules.MAX_CONTENT);
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
                Map.of("content", "n".repeat(ContentRules.MAX_CONTENT + 1)));
        assertThat(response.statusCode()).isEqualTo(422);
        var me = instance.localActor("wren");
        var note = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        note.put("type", "Note");
        note.putObject("source").put("content", "n".repeat(ContentRules.MAX_CONTENT + 1))
                .put("mediaType", "text/markdown");
        note.putArray("to").add("https://www.w3.org/ns/activitystreams#Public");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> instance.server().polity().federation().outbox()
                .submit(me, note)).isInstanceOf(org.polity.server.service.InvalidInput.class)
                .hasMessageContaining(ContentRules.TOO_LONG);
        note.put("type", "Page");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> instance.server().polity().federation().outbox()
                .submit(me, note)).hasMessageContaining(ContentRules.TOO_LONG);
    }

    @Test
    void clientArticlesHaveTheArticleLimit() {
        var me = instance.localActor("wren");
        var outbox = instance.server().polity().federation().outbox();
        var article = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        article.put("type", "Article");
        article.put("name", "Long read");
        article.putObject("source").put("content", "a".repeat(ContentRules.MAX_ARTICLE + 1))
                .put("mediaType", "text/markdown");
        article.putArray("to").add("https://www.w3.org/ns/activitystreams#Public");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> outbox.submit(me, article.deepCopy()))
                .hasMessageContaining(ContentRules.ARTICLE_TOO_LONG);
        article.remove("source");
        article.put("content", "<p>" + "a".repeat(ContentRules.MAX_ARTICLE - 7) + "</p>");
        String uri = outbox.submit(me, article.deepCopy()).objectUri();
        assertThat(uri).isNotBlank();
        // an update keeps the article limit
        var update = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        update.put("type", "Update");
        update.putObject("object").put("id", uri).put("content", "<p>" + "u".repeat(ContentRules.MAX_CONTENT * 2) + "</p>");
        outbox.submit(me, update.deepCopy());
        assertThat(instance.server().polity().storage().stores().objects().findObjectByUri(uri).orElseThrow()
                .contentHtml()).contains("uuu");
        ((com.fasterxml.jackson.databind.node.ObjectNode) update.get("object"))
                .put("content", "u".repeat(ContentRules.MAX_ARTICLE + 1));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> outbox.submit(me, update.deepCopy()))
                .hasMessageContaining(ContentRules.ARTICLE_TOO_LONG);
    }

    // --- Translations and editing -----------------------------------------------------------------------------

    static Map<String, String> translated(String action) {
        Map<String, String> f = fields("Open budgets", "We publish **every** line.", "", action);
        f.put("lang", "en");
        f.put("summary", "Why budgets go online.");
        f.put("translation-0-lang", "fr");
        f.put("translation-0-title", "Budgets ouverts");
        f.put("translation-0-summary", "Pourquoi les budgets en ligne.");
        f.put("translation-0-content", "Nous publions **chaque** ligne.");
        return f;
    }

    @Test
    void addingATranslationBlockStoresNothing() {
        Browser wren = instance.loggedIn("wren");
        long before = articles();
        Document doc = html(wren.submit("/blog/new", "/blog/new", fields("T", "B", "", "addTranslation")));
        assertThat(doc.select("fieldset#translation-0-block select#translation-0-lang")).hasSize(1);
        assertThat(doc.select("textarea#translation-0-content")).hasSize(1);
        assertThat(doc.select(".error-message")).isEmpty();
        Map<String, String> f = translated("addTranslation");
        Document two = html(wren.submit("/blog/new", "/blog/new", f));
        assertThat(two.select("fieldset.translation")).hasSize(2);
        assertThat(two.select("#translation-0-title").attr("value")).isEqualTo("Budgets ouverts");
        assertThat(articles()).isEqualTo(before);
    }

    @Test
    void badTranslationsAreShownBesideTheirFieldsInTheReadersLanguage() {
        Browser wren = instance.loggedIn("wren");
        long before = articles();
        Map<String, String> f = translated("publish");
        f.put("translation-1-lang", "fr");
        f.put("translation-1-title", "Encore");
        f.put("translation-1-content", "Doublon");
        f.put("translation-2-lang", "en");
        f.put("translation-2-title", "Same");
        f.put("translation-2-content", "");
        f.put("translation-3-lang", "xx-!!");
        f.put("translation-3-title", "Bad");
        f.put("translation-3-content", "Bad");
        HttpResponse<String> r = wren.submit("/blog/new", "/blog/new", f);
        assertThat(r.statusCode()).isEqualTo(422);
        Document doc = html(r);
        assertThat(doc.select("#translation-1-lang-error").text())
                .isEqualTo("There is already a translation in this language.");
        assertThat(doc.select("#translation-2-lang-error").text()).startsWith("This is the language of the article");
        assertThat(doc.select("#translation-2-content-error").text()).startsWith("Write the translated text");
        assertThat(doc.select("#translation-3-lang-error").text()).startsWith("Choose a language");
        assertThat(doc.select("#translation-1-lang").attr("aria-invalid")).isEqualTo("true");
        assertThat(doc.select("#error-summary a[href=#translation-1-lang]")).hasSize(1);

        Map<String, String> badDefault = translated("publish");
        badDefault.put("lang", "nonsense");
        HttpResponse<String> bad = wren.submit("/blog/new", "/blog/new", badDefault);
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(html(bad).select("#lang-error").text()).startsWith("Choose a language");
        Browser spanish = instance.loggedIn("finch").acceptLanguage("es");
        HttpResponse<String> es = spanish.submit("/blog/new", "/blog/new", f);
        assertThat(es.statusCode()).isEqualTo(422);
        assertThat(html(es).select("#translation-1-lang-error").text()).isEqualTo("Ya hay una traducción en este idioma.");
        assertThat(articles()).isEqualTo(before);
    }

    @Test
    void previewShowsEveryLanguage() {
        Browser wren = instance.loggedIn("wren");
        Document doc = html(wren.submit("/blog/new", "/blog/new", translated("preview")));
        assertThat(doc.select("#preview article[lang=en] strong").text()).isEqualTo("every");
        assertThat(doc.select("#preview article[lang=fr] strong").text()).isEqualTo("chaque");
        assertThat(doc.select("#preview article[lang=fr] .post-title").text()).isEqualTo("Budgets ouverts");
    }

    @Test
    void aTranslatedArticleIsReadInTheReadersLanguageAndEditedByItsAuthorOnly() throws Exception {
        Browser wren = instance.loggedIn("wren");
        HttpResponse<String> published = wren.submit("/blog/new", "/blog/new", translated("publish"));
        assertThat(published.statusCode()).isEqualTo(303);
        String location = published.headers().firstValue("Location").orElseThrow();
        String path = location.substring(0, location.indexOf('?'));

        JsonNode json = new ObjectMapper().readTree(instance.get(path, "application/activity+json").body());
        assertThat(json.path("content").asText()).contains("<strong>every</strong>");
        assertThat(json.path("contentMap").path("en").asText()).isEqualTo(json.path("content").asText());
        assertThat(json.path("contentMap").path("fr").asText()).contains("<strong>chaque</strong>");
        assertThat(json.path("nameMap").path("fr").asText()).isEqualTo("Budgets ouverts");
        assertThat(json.path("summaryMap").path("fr").asText()).contains("Pourquoi");
        assertThat(json.path("source").path("contentMap").path("fr").asText()).isEqualTo("Nous publions **chaque** ligne.");

        Document english = instance.browser().page(path);
        assertThat(english.select("h1").text()).isEqualTo("Open budgets");
        assertThat(english.select("#object .content").attr("lang")).isEqualTo("en");
        assertThat(english.select(".also-in a[hreflang=fr]").text()).isEqualTo("Français");
        Document french = instance.browser().acceptLanguage("fr").page(path);
        assertThat(french.select("h1").text()).isEqualTo("Budgets ouverts");
        assertThat(french.select("h1").attr("lang")).isEqualTo("fr");
        assertThat(french.select("#object .content strong").text()).isEqualTo("chaque");
        Document switched = instance.browser().acceptLanguage("fr").page(path + "?lang=en");
        assertThat(switched.select("h1").text()).isEqualTo("Open budgets");
        Document listed = instance.browser().acceptLanguage("fr").page("/blog");
        assertThat(listed.select("#entries").text()).contains("Budgets ouverts").contains("Pourquoi les budgets");
        String feed = instance.get("/blog/feed.atom", null).body();
        org.polity.server.testing.AtomValidation.assertValid(feed.getBytes(java.nio.charset.StandardCharsets.UTF_8), "/blog/feed.atom");
        assertThat(feed).contains("xml:lang=\"en\"").contains("Open budgets");
        // Found by a word of its French translation, shown in the reader's language.
        assertThat(instance.browser().page("/search?q=ouverts").select("#entries").text()).contains("Open budgets");
        assertThat(instance.browser().acceptLanguage("fr").page("/search?q=ouverts").select("#entries").text())
                .contains("Budgets ouverts");

        // The edit link is the author's only; another member is refused.
        Document own = wren.page(path);
        String edit = own.select("a#edit-article").attr("href");
        assertThat(edit).matches("/blog/\\d+/edit");
        Browser finch = instance.loggedIn("finch");
        assertThat(finch.page(path).select("a#edit-article")).isEmpty();
        assertThat(finch.get(edit).statusCode()).isEqualTo(403);

        Document form = wren.page(edit);
        assertThat(form.select("textarea#content").text()).isEqualTo("We publish **every** line.");
        assertThat(form.select("select#lang option[selected]").attr("value")).isEqualTo("en");
        assertThat(form.select("#translation-0-lang option[selected]").attr("value")).isEqualTo("fr");
        assertThat(form.select("textarea#translation-0-content").text()).isEqualTo("Nous publions **chaque** ligne.");

        // Edit: new text, the French translation removed and a Spanish one added.
        Map<String, String> f = translated("save");
        f.remove("tags");
        f.put("content", "We publish *every* line, now monthly.");
        f.put("translation-0-remove", "on");
        f.put("translation-1-lang", "es");
        f.put("translation-1-title", "Presupuestos abiertos");
        f.put("translation-1-content", "Publicamos cada línea.");
        Map<String, String> forged = new HashMap<>(f);
        forged.put("_csrf", finch.csrf("/blog/new"));
        HttpResponse<String> badEdit = finch.post(edit, forged);
        assertThat(badEdit.statusCode()).isEqualTo(403);
        HttpResponse<String> saved = wren.submit(edit, edit, f);
        assertThat(saved.statusCode()).isEqualTo(303);
        assertThat(saved.headers().firstValue("Location").orElseThrow()).isEqualTo(path);
        JsonNode after = new ObjectMapper().readTree(instance.get(path, "application/activity+json").body());
        assertThat(after.path("content").asText()).contains("now monthly");
        assertThat(after.path("contentMap").has("fr")).isFalse();
        assertThat(after.path("contentMap").path("es").asText()).contains("Publicamos");
        assertThat(after.path("updated").asText()).isNotBlank();
        Document edited = instance.browser().page(path);
        assertThat(edited.select("#object .edited").text()).startsWith("Edited");
        assertThat(edited.select(".also-in a").eachAttr("hreflang")).containsExactly("es");

        // Bad input on edit: shown on the form, nothing changed.
        f.put("content", " ");
        HttpResponse<String> empty = wren.submit(edit, edit, f);
        assertThat(empty.statusCode()).isEqualTo(422);
        assertThat(html(empty).select("#content-error").text()).isEqualTo("Write the article before publishing.");
        assertThat(new ObjectMapper().readTree(instance.get(path, "application/activity+json").body())
                .path("content").asText()).contains("now monthly");
    }

    @Test
    void administratorsWriteAndEditTheOfficialBlog() throws Exception {
        Browser wren = instance.loggedIn("wren");
        assertThat(wren.page("/blog/new").select("input#official")).isEmpty();
        Map<String, String> forged = fields("Forged news", "Body", "", "publish");
        forged.put("official", "on");
        HttpResponse<String> refused = wren.submit("/blog/new", "/blog/new", forged);
        assertThat(refused.statusCode()).isEqualTo(403);

        Browser boss = instance.loggedIn("boss");
        assertThat(boss.page("/blog/new").select("input#official[type=checkbox]")).hasSize(1);
        Map<String, String> news = fields("Instance news", "We **upgraded**.", "", "publish");
        news.put("official", "on");
        HttpResponse<String> published = boss.submit("/blog/new", "/blog/new", news);
        assertThat(published.statusCode()).isEqualTo(303);
        String location = published.headers().firstValue("Location").orElseThrow();
        String path = location.substring(0, location.indexOf('?'));
        JsonNode article = new ObjectMapper().readTree(instance.get(path, "application/activity+json").body());
        var official = instance.localActor("official");
        assertThat(official.type()).isEqualTo(org.polity.server.model.ActorType.Service);
        assertThat(article.path("attributedTo").asText()).isEqualTo(official.uri());

        Document blog = instance.browser().page("/blog");
        assertThat(blog.select("#official-blog #official-entries").text()).contains("Instance news");
        assertThat(blog.select("#official-blog").text()).contains("@official@" + instance.authority());
        assertThat(instance.browser().page("/").select("#official-blog").text()).contains("Instance news");
        String feed = instance.get("/users/official/feed.atom", null).body();
        org.polity.server.testing.AtomValidation.assertValid(feed.getBytes(java.nio.charset.StandardCharsets.UTF_8), "the official blog's feed");
        assertThat(feed).contains("Instance news");
        JsonNode doc = new ObjectMapper().readTree(instance.get("/users/official", "application/activity+json").body());
        assertThat(doc.path("type").asText()).isEqualTo("Service");
        assertThat(doc.path("manuallyApprovesFollowers").asBoolean()).isFalse();
        JsonNode finger = new ObjectMapper().readTree(instance.get("/.well-known/webfinger?resource=acct:official@"
                + instance.authority(), null).body());
        assertThat(finger.path("subject").asText()).isEqualTo("acct:official@" + instance.authority());
        JsonNode outbox = new ObjectMapper().readTree(instance.get("/users/official/outbox",
                "application/activity+json").body());
        assertThat(outbox.path("totalItems").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(instance.get("/users/official/followers", "application/activity+json").statusCode()).isEqualTo(200);
        assertThat(instance.browser().get("/users/official").headers().firstValue("Location")).contains("/blog");

        // Administrators edit it; members do not.
        String edit = boss.page(path).select("a#edit-article").attr("href");
        assertThat(edit).isNotBlank();
        assertThat(instance.loggedIn("finch").get(edit).statusCode()).isEqualTo(403);
        Map<String, String> change = fields("Instance news", "We **upgraded** twice.", "", "save");
        assertThat(boss.submit(edit, edit, change).statusCode()).isEqualTo(303);
        assertThat(instance.browser().page(path).select("#object .content").text()).contains("twice");
    }

    @Test
    void clientsSendLanguageMapsOverC2S() throws Exception {
        var me = instance.localActor("wren");
        var outbox = instance.server().polity().federation().outbox();
        ObjectMapper json = new ObjectMapper();
        var note = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree("""
                {"type":"Note","content":"<p>Hola</p>","contentMap":{"es-mx":"<p>Hola</p>","en":"<p>Hello</p>"},
                 "to":["https://www.w3.org/ns/activitystreams#Public"]}""");
        String uri = outbox.submit(me, note).objectUri();
        JsonNode served = json.readTree(instance.get(java.net.URI.create(uri).getPath(), "application/activity+json")
                .body());
        assertThat(served.path("content").asText()).isEqualTo("<p>Hola</p>");
        assertThat(served.path("contentMap").path("es-MX").asText()).isEqualTo("<p>Hola</p>");
        assertThat(served.path("contentMap").path("en").asText()).isEqualTo("<p>Hello</p>");

        var mapOnly = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree("""
                {"type":"Note","contentMap":{"pt-br":"<p>Olá <script>x()</script></p>"},
                 "to":["https://www.w3.org/ns/activitystreams#Public"]}""");
        StoredObject stored = instance.server().polity().storage().stores().objects()
                .findObjectByUri(outbox.submit(me, mapOnly).objectUri()).orElseThrow();
        assertThat(stored.contentHtml()).isEqualTo("<p>Olá </p>");

        var bad = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree("""
                {"type":"Note","contentMap":{"english":"<p>x</p>"},"to":["https://www.w3.org/ns/activitystreams#Public"]}""");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> outbox.submit(me, bad))
                .isInstanceOf(org.polity.server.service.InvalidInput.class)
                .hasMessage(org.polity.server.translations.TranslationsInput.BAD_TAG.english());
    }
}

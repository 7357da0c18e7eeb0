package org.polity.server.translations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.eventually;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.model.Actor;
import org.polity.server.model.Follow;
import org.polity.server.model.StoredObject;
import org.polity.server.testing.TestInstance;
import org.polity.server.testing.TestInstance.Browser;

/**
 * Two instances over loopback: alice on A publishes an article in English with a French translation; bob on B
 * follows her. On B a French reader sees the French version (with {@code lang="fr"}) and the English one behind
 * "Also in"; an English reader sees English; an Update that adds a Spanish translation reaches B.
 */
class TranslationFederationTest {
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

    @Test
    void translationsTravelAndReadersSeeTheirLanguage() throws Exception {
        Browser alice = a.loggedIn("alice");
        Browser bob = b.loggedIn("bob");
        Actor aliceOnA = a.localActor("alice");
        Actor bobOnB = b.localActor("bob");
        b.follow("bob", a, "alice");
        var storesB = b.server().polity().storage().stores();

        Map<String, String> f = new HashMap<>();
        f.put("lang", "en");
        f.put("title", "Citizen panels");
        f.put("content", "How we ran **twelve** panels.");
        f.put("tags", "");
        f.put("translation-0-lang", "fr");
        f.put("translation-0-title", "Panels citoyens");
        f.put("translation-0-summary", "");
        f.put("translation-0-content", "Comment nous avons mené **douze** panels.");
        f.put("action", "publish");
        HttpResponse<String> published = alice.submit("/blog/new", "/blog/new", f);
        assertThat(published.statusCode()).isEqualTo(303);
        String location = published.headers().firstValue("Location").orElseThrow();
        String path = location.substring(0, location.indexOf('?'));
        String uri = a.server().polity().uris().url(path);
        eventually("the article reaches B", () -> storesB.objects().findObjectByUri(uri).isPresent());
        StoredObject onB = storesB.objects().findObjectByUri(uri).orElseThrow();
        Translated remote = ApToTranslations.fromPayload(onB.payload(), onB.name(), onB.contentHtml());
        assertThat(remote.defaultLang()).isEqualTo("en");
        assertThat(remote.languages()).containsExactly("en", "fr");

        // A French reader on B (no language chosen in the account: the browser's is used).
        Document frenchHome = bob.acceptLanguage("fr").page("/home");
        Element post = frenchHome.select("article.post:has(input[value=" + uri + "])").first();
        assertThat(post).isNotNull();
        assertThat(post.select(".post-title").text()).isEqualTo("Panels citoyens");
        assertThat(post.select(".post-title").attr("lang")).isEqualTo("fr");
        assertThat(post.select(".content[lang=fr] strong").text()).isEqualTo("douze");
        // ... switches to English: the other version is there, marked as English.
        Element english = post.select(".also-in details.translation[lang=en]").first();
        assertThat(english).isNotNull();
        assertThat(english.select("summary").text()).isEqualTo("English");
        assertThat(english.select(".content strong").text()).isEqualTo("twelve");
        Document blogFr = b.browser().acceptLanguage("fr").page("/blog");
        assertThat(blogFr.select("#entries").text()).contains("Panels citoyens");
        Document blogEn = b.browser().acceptLanguage("en").page("/blog");
        assertThat(blogEn.select("#entries").text()).contains("Citizen panels");
        Document englishHome = bob.acceptLanguage("en").page("/home");
        assertThat(englishHome.select("article.post:has(input[value=" + uri + "]) .post-title").text())
                .isEqualTo("Citizen panels");

        // An Update adding Spanish reaches B.
        String edit = alice.page(path).select("a#edit-article").attr("href");
        Map<String, String> change = new HashMap<>(f);
        change.remove("tags");
        change.put("action", "save");
        change.put("translation-1-lang", "es");
        change.put("translation-1-title", "Paneles ciudadanos");
        change.put("translation-1-summary", "");
        change.put("translation-1-content", "Cómo organizamos **doce** paneles.");
        HttpResponse<String> saved = alice.post(edit, withCsrf(change, alice.csrf(edit)));
        assertThat(saved.statusCode()).isEqualTo(303);
        eventually("the Spanish translation reaches B", () -> storesB.objects().findObjectByUri(uri)
                .map(o -> o.payload().contains("Paneles ciudadanos")).orElse(false));
        Document spanishHome = bob.acceptLanguage("es").page("/home");
        Element es = spanishHome.select("article.post:has(input[value=" + uri + "])").first();
        assertThat(es.select(".post-title").text()).isEqualTo("Paneles ciudadanos");
        assertThat(es.select(".content[lang=es] strong").text()).isEqualTo("doce");
        assertThat(es.select(".edited")).hasSize(1);
        assertThat(es.select(".also-in details.translation").eachAttr("lang")).containsExactly("en", "fr");

        JsonNode json = new ObjectMapper().readTree(a.get(path, "application/activity+json").body());
        assertThat(json.path("contentMap").size()).isEqualTo(3);
    }

    private static Map<String, String> withCsrf(Map<String, String> fields, String csrf) {
        Map<String, String> out = new HashMap<>(fields);
        out.put("_csrf", csrf);
        return out;
    }
}

package org.polity.server.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.html;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.model.ObjectKind;
import org.polity.server.testing.TestInstance;
import org.polity.server.testing.TestInstance.Browser;

/**
 * Uploading files and sharing links in the browser (multipart over HTTP), how files are served, and bad input:
 * an oversized file, an executable renamed .pdf, an SVG with a script, HTML renamed .png, a private or broken
 * link each get their message beside the field and leave no row, no file and no object behind.
 */
class ResourceWebTest {
    static final long LIMIT = 200_000;
    @TempDir
    static Path dataDir;
    static TestInstance instance;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        instance = TestInstance.start(dataDir, Map.of("POLITY_UPLOAD_MAX_BYTES", Long.toString(LIMIT)));
        instance.account("ines", "ACTIVE");
    }

    @AfterAll
    static void stop() {
        if (instance != null) {
            instance.close();
        }
    }

    static long rows() {
        return instance.server().polity().storage().stores().media().count();
    }

    static long files() throws IOException {
        return ((DataDirMediaStore) instance.server().polity().media()).count();
    }

    static long resources() {
        return instance.server().polity().storage().stores().objects().countPublicObjectsByKind(ObjectKind.RESOURCE);
    }

    static HttpResponse<String> upload(Browser b, String fileName, String claimedType, byte[] bytes, String title) {
        return upload(b, fileName, claimedType, bytes, title, "");
    }

    /** An upload posted on the profile ({@code group} empty) or in the group with that id. */
    static HttpResponse<String> upload(Browser b, String fileName, String claimedType, byte[] bytes, String title,
            String group) {
        Fixtures.Multipart form = new Fixtures.Multipart().field("_csrf", b.csrf("/resources/new"))
                .field("kind", "file").field("group", group).field("title", title).field("description", "Shared for #opendata")
                .field("licence", "cc-by-4.0").field("language", "en").field("tags", "guides")
                .file("file", fileName, claimedType, bytes);
        return b.post("/resources/new", form.contentType(), form.bytes());
    }

    static HttpResponse<String> link(Browser b, String url) {
        return link(b, url, "");
    }

    static HttpResponse<String> link(Browser b, String url, String group) {
        Fixtures.Multipart form = new Fixtures.Multipart().field("_csrf", b.csrf("/resources/new"))
                .field("kind", "link").field("group", group).field("url", url).field("title", "").field("description", "")
                .field("licence", "cc-by-4.0").field("language", "en").field("tags", "");
        return b.post("/resources/new", form.contentType(), form.bytes());
    }

    static HttpResponse<byte[]> fetch(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(instance.uri(path)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void visitorsAreSentToLogInAndMembersFindTheForm() {
        HttpResponse<String> response = instance.browser().get("/resources/new");
        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.headers().firstValue("Location").orElseThrow()).startsWith("/login");
        Browser ines = instance.loggedIn("ines");
        assertThat(ines.page("/resources").select("a#share-resource").attr("href")).isEqualTo("/resources/new");
        Document form = ines.page("/resources/new");
        assertThat(form.select("form[action=/resources/new][enctype=multipart/form-data] input[type=file][name=file]"))
                .hasSize(1);
        assertThat(form.select("select[name=licence] option[value=cc-by-4.0]").attr("selected")).isNotNull();
        assertThat(form.select("#file-hint").text()).contains("200 kB");
    }

    @Test
    void aPdfIsPublishedAndServedSafely() throws Exception {
        Browser ines = instance.loggedIn("ines");
        long before = resources();
        byte[] pdf = Fixtures.pdf();
        HttpResponse<String> response = upload(ines, "Open data guide.pdf", "application/octet-stream", pdf, "");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(303);
        assertThat(resources()).isEqualTo(before + 1);
        String location = response.headers().firstValue("Location").orElseThrow();
        Document page = ines.page(location);
        assertThat(page.select("h1").text()).isEqualTo("Open data guide");
        var download = page.select(".resource-files a").first();
        assertThat(download.text()).isEqualTo("Open data guide.pdf");
        assertThat(page.select(".resource-type").text()).isEqualTo("PDF");
        assertThat(page.select(".resource-licence a").attr("href"))
                .isEqualTo("https://creativecommons.org/licenses/by/4.0/");
        String path = java.net.URI.create(download.attr("href")).getPath();
        assertThat(path).matches("/media/[0-9a-f]{32}");

        HttpResponse<byte[]> file = fetch(path);
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).isEqualTo(pdf);
        assertThat(file.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("application/pdf");
        assertThat(file.headers().firstValue("X-Content-Type-Options").orElseThrow()).isEqualTo("nosniff");
        assertThat(file.headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("inline; filename=\"Open data guide.pdf\"");
        assertThat(file.headers().firstValue("Content-Security-Policy").orElseThrow())
                .isEqualTo("sandbox; default-src 'none'");
        assertThat(file.headers().firstValue("Cache-Control").orElseThrow()).contains("immutable");

        // The ActivityStreams document: a Document and a Resource, with its attachment and licence.
        HttpResponse<String> json = instance.get(java.net.URI.create(location).getPath(), "application/activity+json");
        JsonNode object = new ObjectMapper().readTree(json.body());
        assertThat(object.path("type").toString()).isEqualTo("[\"Document\",\"Resource\"]");
        assertThat(object.path("attachment").get(0).path("type").asText()).isEqualTo("Document");
        assertThat(object.path("attachment").get(0).path("mediaType").asText()).isEqualTo("application/pdf");
        assertThat(object.path("attachment").get(0).path("size").asLong()).isEqualTo(pdf.length);
        assertThat(object.path("license").asText()).isEqualTo("https://creativecommons.org/licenses/by/4.0/");
        assertThat(object.path("language").asText()).isEqualTo("en");
        assertThat(object.path("tag").toString()).contains("opendata").contains("guides");
        // Listed in the library.
        assertThat(instance.browser().page("/resources").select(".entry .resource-files a").eachText())
                .contains("Open data guide.pdf");
        // Indexed for search, as any post is.
        assertThat(instance.browser().page("/search?q=guide").select("main").text()).contains("Open data guide");
        // In the library's Atom feed.
        String feed = instance.get("/resources/feed.atom", null).body();
        assertThat(feed).contains("Open data guide");
        org.polity.server.testing.AtomValidation.assertValid(feed.getBytes(java.nio.charset.StandardCharsets.UTF_8), "/resources/feed.atom");
    }

    @Test
    void anImageGetsAThumbnailAndADocxIsAnAttachment() throws Exception {
        Browser ines = instance.loggedIn("ines");
        HttpResponse<String> response = upload(ines, "chart.png", "image/png", Fixtures.png(900, 300), "Chart");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(303);
        Document page = ines.page(response.headers().firstValue("Location").orElseThrow());
        String thumb = page.select(".resource-thumbnail img").attr("src");
        assertThat(thumb).matches("/media/[0-9a-f]{32}");
        assertThat(page.select(".resource-thumbnail img").attr("alt")).isEqualTo("Preview of chart.png");
        HttpResponse<byte[]> t = fetch(thumb);
        assertThat(t.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("image/png");
        assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(t.body())).getWidth()).isEqualTo(400);

        response = upload(ines, "guide.docx", "text/html", Fixtures.docx(), "Guide");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(303);
        page = ines.page(response.headers().firstValue("Location").orElseThrow());
        HttpResponse<byte[]> docx = fetch(java.net.URI.create(page.select(".resource-files a").attr("href")).getPath());
        assertThat(docx.headers().firstValue("Content-Type").orElseThrow())
                .isEqualTo("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        assertThat(docx.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment;");
    }

    /** Each refusal: the status, the message beside the field, and nothing stored. */
    private void refused(HttpResponse<String> response, int status, String field, String message) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        Document page = html(response);
        assertThat(page.select("#" + field + "-error").text()).isEqualTo(message);
        assertThat(page.select("#error-summary a[href=#" + field + "]")).hasSize(1);
    }

    @Test
    void badFilesAndLinksAreRefusedAndLeaveNothingBehind() throws Exception {
        Browser ines = instance.loggedIn("ines");
        long rows = rows();
        long files = files();
        long objects = resources();
        refused(upload(ines, "big.pdf", "application/pdf", new byte[(int) LIMIT + 1000], "Big"), 413, "file",
                "The file is larger than the limit of 200 kB.");
        refused(upload(ines, "report.pdf", "application/pdf", Fixtures.exe(), "Report"), 422, "file",
                ContentDetector.REFUSED_EXECUTABLE.english());
        refused(upload(ines, "logo.svg", "image/svg+xml", Fixtures.svgWithScript(), "Logo"), 422, "file",
                ContentDetector.REFUSED_SVG.english());
        refused(upload(ines, "photo.png", "image/png", Fixtures.html(), "Photo"), 422, "file",
                ContentDetector.REFUSED_HTML.english());
        refused(upload(ines, "bomb.png", "image/png", Fixtures.pngBomb(), "Bomb"), 422, "file", Thumbnails.TOO_LARGE.english());
        refused(link(ines, "https://127.0.0.1:" + instance.server().port() + "/"), 422, "url",
                LinkPreview.PRIVATE_ADDRESS.english());
        refused(link(ines, "http://example.org/"), 422, "url", LinkPreview.HTTPS_ONLY.english());
        refused(link(ines, "https://no-such-host.invalid/page"), 422, "url", LinkPreview.UNREACHABLE.english());
        refused(link(ines, "javascript:alert(1)"), 422, "url", LinkPreview.NOT_A_LINK.english());
        assertThat(rows()).isEqualTo(rows);
        assertThat(files()).isEqualTo(files);
        assertThat(resources()).isEqualTo(objects);
        try (var staged = Files.list(dataDir.resolve("tmp").resolve("uploads"))) {
            assertThat(staged.filter(p -> p.getFileName().toString().startsWith("staged-"))).isEmpty();
        }
    }

    @Test
    void refusalsAreInTheReadersLanguage() throws Exception {
        Browser ines = instance.loggedIn("ines").acceptLanguage("fr");
        HttpResponse<String> response = upload(ines, "report.pdf", "application/pdf", Fixtures.exe(), "Rapport");
        assertThat(html(response).select("#file-error").text()).startsWith("Ce fichier est un programme");
        Browser es = instance.loggedIn("ines").acceptLanguage("es");
        response = upload(es, "big.pdf", "application/pdf", new byte[(int) LIMIT + 10], "Grande");
        assertThat(html(response).select("#file-error").text()).startsWith("El archivo supera el límite");
    }

    @Test
    void aPostWithoutTheFormTokenIsRefused() {
        Browser ines = instance.loggedIn("ines");
        Fixtures.Multipart form = new Fixtures.Multipart().field("kind", "file")
                .file("file", "a.pdf", "application/pdf", Fixtures.pdf());
        long before = rows();
        assertThat(ines.post("/resources/new", form.contentType(), form.bytes()).statusCode()).isEqualTo(403);
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void clientsCannotCreateDocumentsOrAttachFilesThemselves() throws Exception {
        var objects = instance.server().polity().federation().objects();
        var ines = instance.localActor("ines");
        ObjectMapper json = new ObjectMapper();
        var document = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree("{\"type\": [\"Document\","
                + " \"Resource\"], \"name\": \"x\", \"to\": [\"https://www.w3.org/ns/activitystreams#Public\"]}");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> objects.create(ines, document, null))
                .isInstanceOf(org.polity.server.service.InvalidInput.class);
        var note = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree("{\"type\": \"Note\", \"content\":"
                + " \"hi\", \"attachment\": [{\"type\": \"Document\", \"url\": \"https://evil.example/x.html\"}],"
                + " \"url\": \"https://evil.example/\", \"license\": \"https://example.org/l\"}");
        var created = objects.create(ines, note, null);
        String stored = instance.server().polity().storage().stores().objects().findObjectByUri(created.objectUri())
                .orElseThrow().payload();
        assertThat(stored).doesNotContain("evil.example").doesNotContain("license");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> objects.create(ines, note, null,
                (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree("{\"attributedTo\": \"x\"}"),
                (tx, uri) -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownAndMalformedKeysAreNotFound() throws Exception {
        assertThat(fetch("/media/0123456789abcdef0123456789abcdef").statusCode()).isEqualTo(404);
        assertThat(fetch("/media/..%2F..%2Fpolity.mv.db").statusCode()).isEqualTo(404);
    }
}

package org.polity.server.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.eventually;

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
 * Two instances over loopback: bob on B follows alice on A; alice uploads a PDF and shares a link (a page on
 * B, read through the guarded client); both reach B with their Create, and B's library and bob's home feed
 * show each resource with its attachment (name, type, size) and link, pointing to A's addresses with
 * {@code rel="noopener nofollow"}, without embedding anything from A.
 */
class ResourceFederationTest {
    @TempDir
    static Path dirA;
    @TempDir
    static Path dirB;
    static TestInstance a;
    static TestInstance b;

    @BeforeAll
    static void start() {
        a = TestInstance.federating(dirA, Map.of());
        b = TestInstance.federating(dirB, Map.of("POLITY_COUNTRY", "FR", "POLITY_INSTANCE_NAME", "Polity France"));
        a.account("alice", "ACTIVE");
        b.account("bob", "ACTIVE");
    }

    @AfterAll
    static void stop() {
        TestInstance.closeAll(a, b);
    }

    @Test
    void resourcesReachFollowersWithTheirAttachmentsAndLinks() throws Exception {
        Browser alice = a.loggedIn("alice");
        Browser bob = b.loggedIn("bob");
        Actor aliceOnA = a.localActor("alice");
        Actor bobOnB = b.localActor("bob");
        b.follow("bob", a, "alice");
        var storesA = a.server().polity().storage().stores();
        var storesB = b.server().polity().storage().stores();

        byte[] pdf = Fixtures.pdf();
        HttpResponse<String> uploaded = ResourceWebTest.upload(alice, "Procurement toolkit.pdf", "application/pdf",
                pdf, "Procurement toolkit");
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(303);
        String fileUri = a.server().polity().uris().url(uploaded.headers().firstValue("Location").orElseThrow()
                .replaceAll("\\?.*", ""));
        HttpResponse<String> linked = ResourceWebTest.link(alice, b.server().baseUrl() + "/");
        assertThat(linked.statusCode()).as(linked.body()).isEqualTo(303);
        String linkUri = a.server().polity().uris().url(linked.headers().firstValue("Location").orElseThrow()
                .replaceAll("\\?.*", ""));

        eventually("both resources reach B", () -> storesB.objects().findObjectByUri(fileUri).isPresent()
                && storesB.objects().findObjectByUri(linkUri).isPresent());
        StoredObject file = storesB.objects().findObjectByUri(fileUri).orElseThrow();
        assertThat(file.type()).isEqualTo("Document");
        assertThat(file.kind()).isEqualTo(ObjectKind.RESOURCE);
        assertThat(file.name()).isEqualTo("Procurement toolkit");
        StoredObject link = storesB.objects().findObjectByUri(linkUri).orElseThrow();
        assertThat(link.type()).isEqualTo("Page");
        assertThat(link.kind()).isEqualTo(ObjectKind.RESOURCE);
        // The link's title was read from B's about page through the guarded client on A.
        assertThat(link.name()).contains("Polity France");

        Document library = b.browser().page("/resources");
        Element fileEntry = library.select("#entry-" + file.id()).first();
        assertThat(fileEntry).isNotNull();
        Element download = fileEntry.select(".resource-files a").first();
        assertThat(download.text()).isEqualTo("Procurement toolkit.pdf");
        assertThat(download.attr("href")).startsWith(a.server().baseUrl() + "/media/");
        assertThat(download.attr("rel")).isEqualTo("noopener nofollow");
        assertThat(fileEntry.select(".resource-type").text()).isEqualTo("PDF");
        assertThat(fileEntry.select(".resource-size").text()).isEqualTo(ResourceView.sizeLabel(pdf.length));
        assertThat(fileEntry.select(".resource-licence").text()).isEqualTo("Licence: CC BY 4.0");
        assertThat(fileEntry.select("img")).isEmpty(); // nothing of A's is embedded
        Element linkEntry = library.select("#entry-" + link.id()).first();
        Element shared = linkEntry.select(".resource-link a").first();
        assertThat(shared.attr("href")).isEqualTo(b.server().baseUrl() + "/");
        assertThat(shared.attr("rel")).isEqualTo("noopener nofollow");

        // The attachment's address serves the file from A.
        HttpResponse<byte[]> served = ResourceWebTest.HTTP.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(download.attr("href"))).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(served.body()).isEqualTo(pdf);

        // Bob's home feed shows the resource with its file.
        Document home = bob.page("/home");
        assertThat(home.select("article.post:contains(Procurement toolkit) .resource-files a").text())
                .isEqualTo("Procurement toolkit.pdf");
    }
}

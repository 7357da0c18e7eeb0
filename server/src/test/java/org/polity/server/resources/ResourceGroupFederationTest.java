package org.polity.server.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.eventually;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.federation.http.FetchBudget;
import org.polity.server.groups.Groups;
import org.polity.server.model.Actor;
import org.polity.server.model.GroupInfo;
import org.polity.server.model.GroupThread;
import org.polity.server.model.ObjectKind;
import org.polity.server.model.StoredObject;
import org.polity.server.testing.TestInstance;
import org.polity.server.testing.TestInstance.Browser;

/**
 * Two instances over loopback: a group lives on A; bob on B joined it and posts a PDF into it from B's form.
 * A's group admits the {@code Document} resource as a thread and lists it; carol, a member on A, sees its
 * attachment on the thread page, downloads it from B, and replies; the reply reaches B through the group.
 */
class ResourceGroupFederationTest {
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
        a.account("carol", "ACTIVE");
        b.account("bob", "ACTIVE");
    }

    @AfterAll
    static void stop() {
        TestInstance.closeAll(a, b);
    }

    static Groups groups(TestInstance i) {
        return i.server().polity().federation().groups();
    }

    @Test
    void aMemberOnAnotherInstancePostsAFileIntoTheGroup() throws Exception {
        Actor group = groups(a).setup().create(a.localActor("alice"), "procurement", "Open procurement",
                "Tools for open contracting.", GroupInfo.Membership.OPEN, false);
        groups(a).membership().join(a.localActor("carol"), group, "");
        Actor bob = b.localActor("bob");
        Actor groupAtB = b.server().polity().federation().actors().resolve(group.uri(), FetchBudget.perRequest());
        groups(b).membership().join(bob, groupAtB, "");
        eventually("bob is a member on B", () -> groups(b).queries().isMember(groupAtB, bob));

        // B's form offers the remote group, with its host.
        Browser bobs = b.loggedIn("bob");
        Element option = bobs.page("/resources/new").select("select#group option[value=" + group.uri() + "]").first();
        assertThat(option).isNotNull();
        assertThat(option.text()).isEqualTo("Group: Open procurement (on " + a.authority() + ")");

        byte[] pdf = Fixtures.pdf();
        HttpResponse<String> uploaded = ResourceWebTest.upload(bobs, "Contracting toolkit.pdf", "application/pdf",
                pdf, "Contracting toolkit", group.uri());
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(303);
        String location = uploaded.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("/threads/");
        StoredObject onB = b.server().polity().storage().stores().objects()
                .findObjectById(Long.parseLong(location.replaceAll("^/threads/(\\d+).*$", "$1"))).orElseThrow();
        String uri = onB.uri();

        // A's group admits it as a thread and lists it as a resource.
        var storesA = a.server().polity().storage().stores();
        eventually("A holds the resource as a thread of its group", () -> storesA.groups().findThread(uri)
                .filter(t -> t.groupUri().equals(group.uri())).isPresent());
        StoredObject onA = storesA.objects().findObjectByUri(uri).orElseThrow();
        assertThat(onA.type()).isEqualTo("Document");
        assertThat(onA.kind()).isEqualTo(ObjectKind.RESOURCE);
        assertThat(onA.contextUri()).isEqualTo(uri + "/context");
        // The group announced it to its members (B's copy is placed in the group's thread too).
        eventually("B placed it in the group", () -> b.server().polity().storage().stores().groups()
                .findThread(uri).isPresent());
        Document groupPage = a.browser().page("/groups/procurement");
        Element row = groupPage.select("tr.thread-row[data-thread=" + onA.id() + "]").first();
        assertThat(row).isNotNull();
        assertThat(row.select(".badge.resource")).hasSize(1);
        assertThat(row.select(".thread-resource").text()).isEqualTo("File: Contracting toolkit.pdf");

        // Carol on A sees the attachment and downloads it from B.
        Browser carol = a.loggedIn("carol");
        Document thread = carol.page("/threads/" + onA.id());
        Element file = thread.select(".resource-files a").first();
        assertThat(file.text()).isEqualTo("Contracting toolkit.pdf");
        assertThat(file.attr("href")).startsWith(b.server().baseUrl() + "/media/");
        assertThat(thread.select(".resource-type").text()).isEqualTo("PDF");
        assertThat(thread.select(".resource-size").text()).isEqualTo(ResourceView.sizeLabel(pdf.length));
        HttpResponse<byte[]> served = ResourceWebTest.HTTP.send(HttpRequest.newBuilder(URI.create(file.attr("href")))
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body()).isEqualTo(pdf);

        // Replies work as in any thread, and reach the author's server through the group.
        HttpResponse<String> reply = carol.submit("/threads/" + onA.id(), "/threads/" + onA.id() + "/replies",
                Map.of("content", "Exactly what we needed."));
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(303);
        eventually("B holds carol's reply in the thread", () -> b.server().polity().storage().stores().groups()
                .findThread(uri).map(GroupThread::replyCount).orElse(0) == 1);
        assertThat(b.browser().page(location.replaceAll("\\?.*", "")).select("#replies").text())
                .contains("Exactly what we needed.");
    }
}

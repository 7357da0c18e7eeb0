package org.polity.server.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.html;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.federation.vocab.ActivityStreams;
import org.polity.server.groups.Groups;
import org.polity.server.model.Actor;
import org.polity.server.model.GroupInfo;
import org.polity.server.model.GroupThread;
import org.polity.server.model.ObjectKind;
import org.polity.server.model.StoredObject;
import org.polity.server.testing.TestInstance;
import org.polity.server.testing.TestInstance.Browser;

/**
 * Posting a resource in a group from the form: the choice lists the member's groups; a file or a link posted in
 * a group is one of its threads (addressed to it, its context, on the group's page with its file name, its
 * attachments on the thread page, replies as in any thread); a group the member is not in, is banned from, or
 * that does not exist is refused beside the choice and leaves no row, no file and no object; a members-only
 * group's file is served to its members only.
 */
class ResourceGroupWebTest {
    @TempDir
    static Path dataDir;
    static TestInstance instance;
    static final AtomicInteger SEQ = new AtomicInteger();

    @BeforeAll
    static void start() {
        // Federating: links to this instance's own (loopback) pages may be shared.
        instance = TestInstance.federating(dataDir, Map.of());
        instance.account("nadia", "ACTIVE");
        instance.account("omar", "ACTIVE");
        instance.account("pia", "ACTIVE");
    }

    @AfterAll
    static void stop() {
        TestInstance.closeAll(instance);
    }

    static Groups groups() {
        return instance.server().polity().federation().groups();
    }

    static Actor group(String owner, boolean membersOnly) {
        return groups().setup().create(instance.localActor(owner), "g" + SEQ.incrementAndGet(),
                "Open data " + SEQ.get(), "Sharing what works.", GroupInfo.Membership.OPEN, membersOnly);
    }

    static long rows() {
        return instance.server().polity().storage().stores().media().count();
    }

    static long files() throws IOException {
        return ((DataDirMediaStore) instance.server().polity().media()).count();
    }

    static long threads(Actor group) {
        return instance.server().polity().storage().stores().groups().countThreads(group.uri());
    }

    static long publicResources() {
        return instance.server().polity().storage().stores().objects().countPublicObjectsByKind(ObjectKind.RESOURCE);
    }

    static StoredObject objectAt(String location) {
        long id = Long.parseLong(location.replaceAll("^/threads/(\\d+).*$", "$1"));
        return instance.server().polity().storage().stores().objects().findObjectById(id).orElseThrow();
    }

    static HttpResponse<byte[]> download(Browser b, String path) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(instance.uri(path)).GET();
        if (b != null) {
            b.cookie(org.polity.server.web.Web.SESSION_COOKIE).ifPresent(c -> request.header("Cookie", c.getName() + "=" + c.getValue()));
        }
        return ResourceWebTest.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void theFormOffersTheProfileAndTheMembersGroups() {
        Actor mine = group("nadia", false);
        Actor theirs = group("omar", false);
        Browser nadia = instance.loggedIn("nadia");
        Document form = nadia.page("/resources/new");
        Element select = form.select("select#group[name=group]").first();
        assertThat(select).isNotNull();
        assertThat(form.select("label[for=group]").text()).isEqualTo("Where do you post it?");
        assertThat(select.select("option").first().attr("value")).isEmpty();
        assertThat(select.select("option").first().text()).isEqualTo("My profile");
        assertThat(select.select("option").eachAttr("value")).contains(mine.uri()).doesNotContain(theirs.uri());
        assertThat(select.select("option[value=" + mine.uri() + "]").text()).isEqualTo("Group: " + mine.displayName());
        // From the group's page, the form comes with the group chosen.
        Document groupPage = nadia.page("/groups/" + mine.username());
        String share = groupPage.select("a#share-resource-in-group").attr("href");
        assertThat(share).startsWith("/resources/new?group=");
        assertThat(nadia.page(share).select("select#group option[selected]").attr("value")).isEqualTo(mine.uri());
        // In French and Spanish too.
        assertThat(instance.loggedIn("nadia").acceptLanguage("fr").page("/resources/new")
                .select("label[for=group]").text()).isEqualTo("Où la publiez-vous ?");
        assertThat(instance.loggedIn("nadia").acceptLanguage("es").page("/resources/new")
                .select("select#group option").first().text()).isEqualTo("Mi perfil");
    }

    @Test
    void aFilePostedInAGroupIsOneOfItsThreadsWithItsAttachment() throws Exception {
        Actor group = group("nadia", false);
        groups().membership().join(instance.localActor("omar"), group, "");
        Browser nadia = instance.loggedIn("nadia");
        byte[] pdf = Fixtures.pdf();
        HttpResponse<String> response = ResourceWebTest.upload(nadia, "Data charter.pdf", "application/pdf", pdf,
                "Data charter", group.uri());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(303);
        String location = response.headers().firstValue("Location").orElseThrow();
        assertThat(location).matches("/threads/\\d+\\?published=\\d+");
        StoredObject object = objectAt(location);
        assertThat(object.kind()).isEqualTo(ObjectKind.RESOURCE);
        GroupThread thread = instance.server().polity().storage().stores().groups().findThread(object.uri())
                .orElseThrow();
        assertThat(thread.groupUri()).isEqualTo(group.uri());

        // Addressed as a thread: to the group and Public, cc its members; audience and context.
        JsonNode json = new ObjectMapper().readTree(instance.get(URI.create(object.uri()).getPath(),
                "application/activity+json").body());
        assertThat(json.path("type").toString()).isEqualTo("[\"Document\",\"Resource\"]");
        assertThat(json.path("audience").asText()).isEqualTo(group.uri());
        assertThat(json.path("to").toString()).contains(group.uri()).contains(ActivityStreams.PUBLIC);
        assertThat(json.path("cc").toString()).contains(group.followersUri());
        assertThat(json.path("context").asText()).isEqualTo(object.uri() + "/context");

        // The group's page lists it as a resource, with its file's name.
        Document groupPage = instance.browser().page("/groups/" + group.username());
        Element row = groupPage.select("tr.thread-row[data-thread=" + object.id() + "]").first();
        assertThat(row).isNotNull();
        assertThat(row.select("a.thread-title").text()).isEqualTo("Data charter");
        assertThat(row.select(".badge.resource").text()).isEqualTo("Resource");
        assertThat(row.select(".thread-resource").text()).isEqualTo("File: Data charter.pdf");

        // The thread page shows the file (download link, type, size) and takes replies.
        Browser omar = instance.loggedIn("omar");
        Document page = omar.page("/threads/" + object.id());
        assertThat(page.select("#thread-title").text()).isEqualTo("Data charter");
        assertThat(page.select(".thread-badges .kind").text()).isEqualTo("Resource");
        Element file = page.select("#thread-" + object.id() + "-resource .resource-files a").first();
        assertThat(file.text()).isEqualTo("Data charter.pdf");
        assertThat(file.attr("href")).matches(".*/media/[0-9a-f]{32}");
        assertThat(page.select(".resource-type").text()).isEqualTo("PDF");
        assertThat(page.select(".resource-size").text()).isEqualTo(ResourceView.sizeLabel(pdf.length));
        assertThat(download(null, URI.create(file.attr("href")).getPath()).body()).isEqualTo(pdf);
        HttpResponse<String> reply = omar.submit("/threads/" + object.id(), "/threads/" + object.id() + "/replies",
                Map.of("content", "Thanks, we will adapt it."));
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(303);
        assertThat(omar.page("/threads/" + object.id()).select("#replies").text()).contains("Thanks, we will adapt it.");
        assertThat(instance.server().polity().storage().stores().groups().findThread(object.uri()).orElseThrow()
                .replyCount()).isEqualTo(1);
    }

    @Test
    void aLinkPostedInAGroupShowsItsLink() {
        Actor group = group("nadia", false);
        Browser nadia = instance.loggedIn("nadia");
        String url = instance.server().baseUrl() + "/";
        HttpResponse<String> response = ResourceWebTest.link(nadia, url, group.uri());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(303);
        StoredObject object = objectAt(response.headers().firstValue("Location").orElseThrow());
        Element row = instance.browser().page("/groups/" + group.username())
                .select("tr.thread-row[data-thread=" + object.id() + "]").first();
        assertThat(row.select(".thread-resource").text()).isEqualTo("Link: " + URI.create(url).getHost());
        Document page = instance.browser().page("/threads/" + object.id());
        assertThat(page.select(".resource-link a").attr("href")).isEqualTo(url);
    }

    @Test
    void aGroupTheMemberMayNotPostInIsRefusedAndNothingIsStored() throws Exception {
        Actor theirs = group("omar", false);
        Actor banning = group("omar", false);
        Actor pia = instance.localActor("pia");
        groups().membership().join(pia, banning, "");
        groups().membership().removeMember(instance.localActor("omar"), banning, pia);
        Browser browser = instance.loggedIn("pia");
        long rows = rows();
        long files = files();
        long resources = publicResources();
        long objects = instance.server().polity().storage().stores().objects().findObjectsByAuthor(pia.id(), Long.MAX_VALUE, 100).size();

        HttpResponse<String> notMember = ResourceWebTest.upload(browser, "a.pdf", "application/pdf", Fixtures.pdf(),
                "A", theirs.uri());
        assertThat(notMember.statusCode()).isEqualTo(403);
        Document page = html(notMember);
        assertThat(page.select("#group-error").text())
                .isEqualTo("Only members of " + theirs.displayName() + " can post there; join the group first.");
        assertThat(page.select("#error-summary a[href=#group]")).hasSize(1);
        // The form keeps what was typed.
        assertThat(page.select("input[name=title]").attr("value")).isEqualTo("A");

        HttpResponse<String> banned = ResourceWebTest.upload(browser, "b.pdf", "application/pdf", Fixtures.pdf(),
                "B", banning.uri());
        assertThat(banned.statusCode()).isEqualTo(403);
        assertThat(html(banned).select("#group-error").text()).startsWith("A moderator removed you from");
        assertThat(html(banned).select("select#group option").eachAttr("value")).doesNotContain(banning.uri());

        HttpResponse<String> none = ResourceWebTest.upload(browser, "c.pdf", "application/pdf", Fixtures.pdf(), "C",
                instance.server().baseUrl() + "/users/no-such-group");
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(html(none).select("#group-error").text())
                .isEqualTo("There is no such group here. Choose your profile or one of your groups.");
        // A person is no group.
        assertThat(ResourceWebTest.upload(browser, "d.pdf", "application/pdf", Fixtures.pdf(), "D",
                instance.localActor("omar").uri()).statusCode()).isEqualTo(404);
        HttpResponse<String> link = ResourceWebTest.link(browser, instance.server().baseUrl() + "/", theirs.uri());
        assertThat(link.statusCode()).isEqualTo(403);
        HttpResponse<String> french = ResourceWebTest.upload(browser.acceptLanguage("fr"), "a.pdf", "application/pdf",
                Fixtures.pdf(), "A", theirs.uri());
        assertThat(html(french).select("#group-error").text()).startsWith("Seuls les membres");

        assertThat(rows()).isEqualTo(rows);
        assertThat(files()).isEqualTo(files);
        assertThat(publicResources()).isEqualTo(resources);
        assertThat(instance.server().polity().storage().stores().objects().findObjectsByAuthor(pia.id(), Long.MAX_VALUE, 100))
                .hasSize((int) objects);
        assertThat(threads(theirs)).isZero();
        assertThat(threads(banning)).isZero();
    }

    @Test
    void aMembersOnlyGroupsFileIsServedToItsMembersOnly() throws Exception {
        Actor group = group("nadia", true);
        groups().membership().join(instance.localActor("omar"), group, "");
        Browser nadia = instance.loggedIn("nadia");
        byte[] png = Fixtures.png(600, 200);
        HttpResponse<String> response = ResourceWebTest.upload(nadia, "budget.png", "image/png", png, "Budget",
                group.uri());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(303);
        StoredObject object = objectAt(response.headers().firstValue("Location").orElseThrow());
        Document page = nadia.page("/threads/" + object.id());
        String file = URI.create(page.select(".resource-files a").attr("href")).getPath();
        String thumbnail = page.select(".resource-thumbnail img").attr("src");
        assertThat(thumbnail).matches("/media/[0-9a-f]{32}");
        // Not in the public library.
        assertThat(instance.browser().page("/resources").select("main").text()).doesNotContain("Budget");

        for (String path : new String[] {file, thumbnail}) {
            assertThat(download(null, path).statusCode()).as("anonymous " + path).isEqualTo(404);
            assertThat(download(instance.loggedIn("pia"), path).statusCode()).as("a non-member").isEqualTo(404);
            HttpResponse<byte[]> member = download(instance.loggedIn("omar"), path);
            assertThat(member.statusCode()).as("a member").isEqualTo(200);
            assertThat(member.headers().firstValue("Cache-Control").orElseThrow()).isEqualTo("private, no-store");
            assertThat(download(nadia, path).statusCode()).as("the author").isEqualTo(200);
        }
        assertThat(download(instance.loggedIn("omar"), file).body()).isEqualTo(png);
    }
}

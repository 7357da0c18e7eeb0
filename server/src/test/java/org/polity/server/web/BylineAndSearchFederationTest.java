package org.polity.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.model.GroupInfo;
import org.polity.server.model.GroupThread;
import org.polity.server.testing.TestInstance;

/**
 * Two instances (Australia and Chile): a thread on A with a reply from B shows each author's initials, organisation
 * and country; and a post's URL pasted into search, here or on the other server, finds the post.
 */
class BylineAndSearchFederationTest {
    static final String PUBLIC = "https://www.w3.org/ns/activitystreams#Public";
    @TempDir
    static Path dirA;
    @TempDir
    static Path dirB;
    static TestInstance a;
    static TestInstance b;

    @BeforeAll
    static void start() {
        a = TestInstance.federating(dirA, Map.of());
        b = TestInstance.federating(dirB, Map.of("POLITY_COUNTRY", "CL"));
        a.account("ann", "Ann Archer", "ACTIVE", new Account.Profile("Digital Transformation Agency", "Lead", "AU", "",
                List.of()));
        b.account("benito", "Benito Soto", "ACTIVE", new Account.Profile("Laboratorio de Gobierno", "Analista", "CL",
                "", List.of()));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {a, b}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                e.printStackTrace();
            }
        }
    }

    static ObjectNode note(String text) {
        ObjectNode note = JsonNodeFactory.instance.objectNode();
        note.put("type", "Note");
        note.put("content", "<p>" + text + "</p>");
        note.putArray("to").add(PUBLIC);
        return note;
    }

    @Test
    void aThreadAcrossCountriesShowsEachAuthorsOrganisationAndCountry() throws Exception {
        Actor ann = a.localActor("ann");
        var groups = a.server().polity().federation().groups();
        Actor group = groups.setup().create(ann, "bylines", "Bylines", "", GroupInfo.Membership.OPEN, false);
        // Benito, on B, joins the group on A and replies.
        Actor benito = b.localActor("benito");
        Actor remoteGroup = b.server().polity().federation().actors().lookup("bylines@" + a.authority(),
                org.polity.federation.http.FetchBudget.perRequest());
        b.server().polity().federation().groups().membership().join(benito, remoteGroup, null);
        TestInstance.eventually("benito is a member on A", () -> a.server().polity().federation().actors()
                .known(benito.uri()).map(x -> groups.queries().isMember(group, x)).orElse(false));
        String thread = groups.posting().startThread(ann, group, "Across countries", "Who is who?", GroupThread.Kind.DISCUSSION,
                List.of()).objectUri();
        TestInstance.eventually("B holds the thread", () -> b.server().polity().storage().stores().objects()
                .findObjectByUri(thread).isPresent());
        b.server().polity().federation().groups().posting().reply(benito, thread, "From Santiago.");
        long threadId = a.server().polity().storage().stores().objects().findObjectByUri(thread).orElseThrow().id();
        TestInstance.eventually("the reply reaches A", () -> a.browser().page("/threads/" + threadId)
                .select("article.group-post").size() == 2);

        Document page = a.browser().page("/threads/" + threadId);
        Element root = page.select("article.group-post").get(0);
        assertThat(root.select(".byline .avatar.initials").text()).isEqualTo("AA");
        assertThat(root.select(".byline .organisation").text()).isEqualTo("Digital Transformation Agency");
        assertThat(root.select(".author-country [aria-hidden=true]").text()).isEqualTo("\uD83C\uDDE6\uD83C\uDDFA AU");
        assertThat(root.select(".author-country .visually-hidden").text()).isEqualTo("Australia (AU)");
        Element reply = page.select("article.group-post").get(1);
        assertThat(reply.select(".byline .handle").text()).isEqualTo("@benito@" + b.authority());
        assertThat(reply.select(".byline .avatar.initials").text()).isEqualTo("BS");
        assertThat(reply.select(".byline .organisation").text()).isEqualTo("Laboratorio de Gobierno");
        assertThat(reply.select(".author-country .visually-hidden").text()).isEqualTo("Chile (CL)");
        assertThat(reply.select(".author-country").attr("title")).isEqualTo("Chile (CL)");
        // In French, the country is named in French.
        Document fr = a.browser().acceptLanguage("fr").page("/threads/" + threadId);
        assertThat(fr.select("article.group-post").get(1).select(".author-country .visually-hidden").text())
                .isEqualTo("Chili (CL)");
    }

    @Test
    void aPostUrlPastedIntoSearchFindsThePostHereAndOnAnotherServer() throws Exception {
        Actor benito = b.localActor("benito");
        String uri = b.server().polity().federation().objects().create(benito, note("Findable by its address. Data: https://datos.gob.cl/dataset/1"), null)
                .objectUri();
        // On B itself, a member finds it by its URL without any fetch.
        Document here = b.loggedIn("benito").page("/search?q=" + URLEncoder.encode(uri, StandardCharsets.UTF_8));
        assertThat(here.select("#found-post article.post .content").text())
                .isEqualTo("Findable by its address. Data: https://datos.gob.cl/dataset/1");
        // A bare URL in a local post written as HTML (C2S) became a link.
        assertThat(here.select("#found-post .content a[href=https://datos.gob.cl/dataset/1]").attr("rel"))
                .isEqualTo("nofollow noopener ugc");
        // On A, a member pasting the same URL gets it fetched (signed, SSRF-guarded) and shown, with its author.
        a.account("carmen", "ACTIVE");
        Document there = a.loggedIn("carmen").page("/search?q=" + URLEncoder.encode(uri, StandardCharsets.UTF_8));
        assertThat(there.select("#search-error")).isEmpty();
        assertThat(there.select("#found-post article.post .content").text())
                .isEqualTo("Findable by its address. Data: https://datos.gob.cl/dataset/1");
        assertThat(there.select("#found-post .byline .handle").text()).isEqualTo("@benito@" + b.authority());
        assertThat(there.select("#found-post .byline .organisation").text()).isEqualTo("Laboratorio de Gobierno");
        assertThat(a.server().polity().storage().stores().objects().findObjectByUri(uri)).isPresent();
        // Anonymous readers never make the server fetch: the URL is only searched for as text.
        Document anonymous = a.browser().page("/search?q=" + URLEncoder.encode(uri + "x", StandardCharsets.UTF_8));
        assertThat(anonymous.select("#found-post")).isEmpty();
        // An actor URL still gives the actor card.
        Document actor = a.loggedIn("carmen").page("/search?q=" + URLEncoder.encode(benito.uri(), StandardCharsets.UTF_8));
        assertThat(actor.select("#actor-card").text()).contains("Benito Soto");
    }

    /**
     * A member cannot tell from search whether this server holds a post they may not see: a followers-only post
     * held here, one the other server will not hand over, an address there that names nothing and a host that
     * cannot be reached all get the same status and the same sentence.
     */
    @Test
    void aPostThisServerHoldsButTheMemberMayNotSeeAnswersAsAnAbsentOne() throws Exception {
        Actor benito = b.localActor("benito");
        Actor benitoOnA = a.server().polity().federation().actors().lookup(benito.uri(),
                org.polity.federation.http.FetchBudget.perRequest());
        ObjectNode hidden = JsonNodeFactory.instance.objectNode();
        hidden.put("id", benito.uri() + "/held-followers-only").put("type", "Note").put("attributedTo", benito.uri())
                .put("content", "<p>Only for my followers.</p>");
        hidden.putArray("to").add(benito.followersUri());
        new org.polity.server.activitypub.RemoteObjects(a.server().polity()).store(benitoOnA, hidden, null);
        ObjectNode notHeld = note("Followers only, never sent to A.");
        notHeld.putArray("to").removeAll().add(benito.followersUri());
        String notHeldUri = b.server().polity().federation().objects().create(benito, notHeld, null).objectUri();
        a.account("elsa", "ACTIVE");
        TestInstance.Browser elsa = a.loggedIn("elsa");
        List<String> urls = List.of(benito.uri() + "/held-followers-only", notHeldUri,
                b.uri("/objects/no-such-post").toString(), "https://unreachable.invalid/notes/1");
        for (String url : urls) {
            var response = elsa.get("/search?q=" + URLEncoder.encode(url, StandardCharsets.UTF_8));
            Document page = TestInstance.html(response);
            assertThat(page.select("#found-post")).as(url).isEmpty();
            assertThat(page.select("#actor-card")).as(url).isEmpty();
            assertThat(page.select("#search-error").text()).as(url)
                    .isEqualTo("No post or profile was found at that address, or you may not see it.");
            assertThat(response.statusCode()).as(url).isEqualTo(404);
        }
    }

    /** A post looked up by its URL may be months old: storing it tells no one, not even those it answers. */
    @Test
    void aLookedUpPostThatRepliesToAndMentionsAMemberNotifiesNoOne() throws Exception {
        Actor ann = a.localActor("ann");
        String annsPost = a.server().polity().federation().objects().create(ann, note("An old question."), null)
                .objectUri();
        var notifications = a.server().polity().storage().stores().notifications();
        int before = notifications.findNotifications(ann.id(), Long.MAX_VALUE, 1000).size();
        String statusId;
        try (var mastodon = new org.polity.federation.testing.LocalServer()) {
            String base = mastodon.base();
            String actorId = base + "/users/old";
            ObjectNode actor = JsonNodeFactory.instance.objectNode();
            actor.putArray("@context").add("https://www.w3.org/ns/activitystreams");
            actor.put("id", actorId).put("type", "Person").put("preferredUsername", "old").put("inbox",
                    actorId + "/inbox");
            actor.putObject("publicKey").put("id", actorId + "#main-key").put("owner", actorId).put("publicKeyPem",
                    org.polity.federation.crypto.RsaKeys.publicKeyPem(
                            org.polity.federation.crypto.RsaKeys.generate().getPublic()));
            statusId = actorId + "/statuses/7";
            ObjectNode status = JsonNodeFactory.instance.objectNode();
            status.putArray("@context").add("https://www.w3.org/ns/activitystreams");
            status.put("id", statusId).put("type", "Note").put("attributedTo", actorId)
                    .put("published", "2026-01-05T10:00:00Z").put("inReplyTo", annsPost)
                    .put("content", "<p>@ann an answer from long ago.</p>");
            status.putArray("to").add(PUBLIC).add(ann.uri());
            status.putArray("tag").addObject().put("type", "Mention").put("href", ann.uri())
                    .put("name", "@ann@" + a.authority());
            mastodon.route("/users/old", req -> org.polity.federation.testing.LocalServer.Reply.activity(actor.toString()));
            mastodon.route("/users/old/statuses/7",
                    req -> org.polity.federation.testing.LocalServer.Reply.activity(status.toString()));

            a.account("fern", "ACTIVE");
            Document page = a.loggedIn("fern").page("/search?q=" + URLEncoder.encode(actorId + "/statuses/7",
                    StandardCharsets.UTF_8));
            assertThat(page.select("#found-post .content").text()).isEqualTo("@ann an answer from long ago.");
        }
        assertThat(a.server().polity().storage().stores().objects().findObjectByUri(statusId)).isPresent();
        assertThat(notifications.findNotifications(ann.id(), Long.MAX_VALUE, 1000)).hasSize(before);
    }

    @Test
    void aMastodonStatusUrlResolvesToItsPostWithTheAuthorsAvatar() throws Exception {
        try (var mastodon = new org.polity.federation.testing.LocalServer()) {
            String base = mastodon.base();
            String actorId = base + "/users/mo";
            ObjectNode actor = JsonNodeFactory.instance.objectNode();
            actor.putArray("@context").add("https://www.w3.org/ns/activitystreams");
            actor.put("id", actorId).put("type", "Person").put("preferredUsername", "mo").put("name", "Mo Ferreira")
                    .put("inbox", actorId + "/inbox").put("url", base + "/@mo");
            actor.putObject("icon").put("type", "Image").put("url", "https://files.example/mo.png");
            actor.putArray("attachment").addObject().put("type", "PropertyValue").put("name", "Organization")
                    .put("value", "Prefeitura de Recife");
            actor.putObject("publicKey").put("id", actorId + "#main-key").put("owner", actorId).put("publicKeyPem",
                    org.polity.federation.crypto.RsaKeys.publicKeyPem(
                            org.polity.federation.crypto.RsaKeys.generate().getPublic()));
            ObjectNode status = JsonNodeFactory.instance.objectNode();
            status.putArray("@context").add("https://www.w3.org/ns/activitystreams");
            status.put("id", actorId + "/statuses/109").put("type", "Note").put("attributedTo", actorId)
                    .put("url", base + "/@mo/109").put("published", "2026-11-30T10:00:00Z")
                    .put("content", "<p>Recife publishes its budget every week.</p>");
            status.putArray("to").add(PUBLIC);
            mastodon.route("/users/mo", req -> org.polity.federation.testing.LocalServer.Reply.activity(actor.toString()));
            mastodon.route("/users/mo/statuses/109",
                    req -> org.polity.federation.testing.LocalServer.Reply.activity(status.toString()));
            mastodon.route("/@mo/109", req -> org.polity.federation.testing.LocalServer.Reply.activity(status.toString()));

            a.account("dora", "ACTIVE");
            Document page = a.loggedIn("dora").page("/search?q=" + URLEncoder.encode(base + "/@mo/109",
                    StandardCharsets.UTF_8));
            assertThat(page.select("#search-error")).isEmpty();
            assertThat(page.select("#found-post .content").text()).isEqualTo("Recife publishes its budget every week.");
            assertThat(page.select("#found-post .byline img.avatar").attr("src")).isEqualTo("https://files.example/mo.png");
            assertThat(page.select("#found-post .byline .organisation").text()).isEqualTo("Prefeitura de Recife");
            assertThat(page.select("#found-post a.date").attr("href")).isEqualTo(base + "/@mo/109");
        }
    }
}

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
        Actor group = groups.create(ann, "bylines", "Bylines", "", GroupInfo.Membership.OPEN, false);
        // Benito, on B, joins the group on A and replies.
        Actor benito = b.localActor("benito");
        Actor remoteGroup = b.server().polity().federation().actors().lookup("bylines@" + a.authority(),
                org.polity.federation.http.FetchBudget.perRequest());
        b.server().polity().federation().groups().join(benito, remoteGroup, null);
        TestInstance.eventually("benito is a member on A", () -> a.server().polity().federation().actors()
                .known(benito.uri()).map(x -> groups.isMember(group, x)).orElse(false));
        String thread = groups.startThread(ann, group, "Across countries", "Who is who?", GroupThread.Kind.DISCUSSION,
                List.of()).objectUri();
        TestInstance.eventually("B holds the thread", () -> b.server().polity().storage().stores().objects()
                .findObjectByUri(thread).isPresent());
        b.server().polity().federation().groups().reply(benito, thread, "From Santiago.");
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

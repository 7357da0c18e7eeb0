package org.polity.server.groups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.eventually;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.federation.http.FetchBudget;
import org.polity.server.model.Actor;
import org.polity.server.model.GroupInfo;
import org.polity.server.model.StoredObject;
import org.polity.server.testing.TestInstance;
import org.polity.server.testing.TestInstance.Browser;
import org.polity.server.translations.ApToTranslations;
import org.polity.server.translations.Translated;

/**
 * Three instances over loopback: alice on A starts a thread in a group on B from the thread form, in English
 * with a French and a German translation; chen on C is a member too. On B the thread page and the group's thread
 * list show each reader the first of their languages the thread has ({@code Accept-Language}, by weight, beyond
 * the UI's three), with "Also in" for the others; B keeps every language of the Page, and the group's Announce
 * carries them to C; alice's reply is in French and says so.
 */
class ThreadTranslationFederationTest {
    @TempDir
    static Path dirA;
    @TempDir
    static Path dirB;
    @TempDir
    static Path dirC;
    static TestInstance a;
    static TestInstance b;
    static TestInstance c;

    @BeforeAll
    static void start() {
        a = TestInstance.federating(dirA, Map.of("POLITY_COUNTRY", "AU"));
        b = TestInstance.federating(dirB, Map.of("POLITY_COUNTRY", "FR"));
        c = TestInstance.federating(dirC, Map.of("POLITY_COUNTRY", "ES"));
    }

    @AfterAll
    static void stop() {
        TestInstance.closeAll(a, b, c);
    }

    static Actor resolve(TestInstance where, Actor actor) throws Exception {
        return where.server().polity().federation().actors().resolve(actor.uri(), FetchBudget.perRequest());
    }

    static void join(TestInstance where, String member, Actor group) throws Exception {
        Actor there = resolve(where, group);
        Actor me = where.localActor(member);
        where.server().polity().federation().groups().membership().join(me, there, "");
        eventually(member + " is a member", () -> where.server().polity().federation().groups().queries()
                .isMember(there, me));
    }

    @Test
    void aThreadInThreeLanguagesReachesTheGroupAndEachReaderReadsTheirs() throws Exception {
        a.member("alice");
        Actor bea = b.member("bea");
        c.member("chen");
        Actor commons = b.server().polity().federation().groups().setup().create(bea, "commons", "Civic commons",
                "", GroupInfo.Membership.OPEN, false);
        join(a, "alice", commons);
        join(c, "chen", commons);
        Actor commonsAtA = a.server().polity().federation().actors().known(commons.uri()).orElseThrow();

        Browser alice = a.loggedIn("alice");
        String groupPageA = "/remote-groups/" + commonsAtA.id();
        // The form offers a language (the writer's) and one more translation block when asked; nothing is stored.
        Document form = alice.page(groupPageA);
        assertThat(form.select("#start-thread select#lang option[selected]").attr("value")).isEqualTo("en");
        Map<String, String> f = new HashMap<>();
        f.put("group", String.valueOf(commonsAtA.id()));
        f.put("lang", "en");
        f.put("name", "Citizen panels");
        f.put("kind", "discussion");
        f.put("content", "How we ran **twelve** panels.");
        f.put("tags", "");
        HttpResponse<String> more = alice.submit(groupPageA, "/groups/threads", withAction(f, "addTranslation"));
        assertThat(more.statusCode()).isEqualTo(200);
        assertThat(TestInstance.html(more).select("#translation-0-block select[name=translation-0-lang]")).hasSize(1);
        assertThat(a.server().polity().storage().stores().groups().countThreads(commons.uri())).isZero();

        // A translation in the thread's own language is refused beside it, and nothing is stored.
        Map<String, String> same = new HashMap<>(f);
        same.put("translation-0-lang", "en");
        same.put("translation-0-title", "Citizen panels again");
        same.put("translation-0-content", "Again.");
        HttpResponse<String> refused = alice.submit(groupPageA, "/groups/threads", same);
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(TestInstance.html(refused).select("#translation-0-lang-error").text())
                .contains("language of the thread itself");

        f.put("translation-0-lang", "fr");
        f.put("translation-0-title", "Panels citoyens");
        f.put("translation-0-content", "Comment nous avons mené **douze** panels.");
        f.put("translation-1-lang", "de");
        f.put("translation-1-title", "Bürgerräte");
        f.put("translation-1-content", "Wie wir **zwölf** Bürgerräte durchgeführt haben.");
        HttpResponse<String> started = alice.submit(groupPageA, "/groups/threads", f);
        assertThat(started.statusCode()).isEqualTo(303);
        String location = started.headers().firstValue("Location").orElseThrow();
        long idOnA = Long.parseLong(location.replaceAll("^/threads/(\\d+).*$", "$1"));
        String uri = a.server().polity().storage().stores().objects().findObjectById(idOnA).orElseThrow().uri();

        var storesB = b.server().polity().storage().stores();
        eventually("the thread reaches B", () -> storesB.groups().findThread(uri).isPresent());
        StoredObject onB = storesB.objects().findObjectByUri(uri).orElseThrow();
        // B keeps the Page as it came: every language in nameMap and contentMap, the plain values in English.
        JsonNode payload = new ObjectMapper().readTree(onB.payload());
        assertThat(payload.path("name").asText()).isEqualTo("Citizen panels");
        assertThat(payload.path("nameMap").path("fr").asText()).isEqualTo("Panels citoyens");
        assertThat(payload.path("nameMap").path("de").asText()).isEqualTo("Bürgerräte");
        assertThat(payload.path("nameMap").path("en").asText()).isEqualTo("Citizen panels");
        assertThat(payload.path("contentMap").path("de").asText()).contains("<strong>zwölf</strong>");
        assertThat(payload.path("contentMap").path("fr").asText()).contains("<strong>douze</strong>");
        assertThat(payload.path("contentMap").path("en").asText()).isEqualTo(payload.path("content").asText());
        Translated remote = ApToTranslations.fromPayload(onB.payload(), onB.name(), onB.contentHtml());
        assertThat(remote.defaultLang()).isEqualTo("en");
        assertThat(remote.languages()).containsExactly("en", "fr", "de");

        String threadB = "/threads/" + onB.id();
        Document fr = b.browser().acceptLanguage("fr").page(threadB);
        assertThat(fr.select("#thread-title").text()).isEqualTo("Panels citoyens");
        assertThat(fr.select("#thread-title").attr("lang")).isEqualTo("fr");
        assertThat(fr.select(".thread-content[lang=fr] strong").text()).isEqualTo("douze");
        assertThat(fr.select("#thread-also-in a").eachAttr("hreflang")).containsExactly("en", "de");
        // German is not one of the UI's languages: the page stays in French (the header's next), the thread is German.
        Document de = b.browser().acceptLanguage("de-AT, fr;q=0.5").page(threadB);
        assertThat(de.select("#thread-title").text()).isEqualTo("Bürgerräte");
        assertThat(de.select(".thread-content[lang=de] strong").text()).isEqualTo("zwölf");
        Document deOnly = b.browser().acceptLanguage("de").page(threadB);
        assertThat(deOnly.select("html").attr("lang")).isEqualTo("en");
        assertThat(deOnly.select("#thread-title").text()).isEqualTo("Bürgerräte");
        Document ja = b.browser().acceptLanguage("ja").page(threadB);
        assertThat(ja.select("#thread-title").text()).isEqualTo("Citizen panels");
        assertThat(ja.select(".thread-content[lang=en] strong").text()).isEqualTo("twelve");
        // The switch chooses over the header.
        Document chosen = b.browser().acceptLanguage("de").page(threadB + "?lang=fr");
        assertThat(chosen.select("#thread-title").text()).isEqualTo("Panels citoyens");
        HttpResponse<String> raw = b.browser().acceptLanguage("de").get(threadB);
        assertThat(raw.headers().firstValue("Vary").orElseThrow()).contains("Accept-Language");

        // The group's thread list on B, likewise.
        Document list = b.browser().acceptLanguage("de, fr;q=0.8").page("/groups/commons");
        assertThat(list.select("a.thread-title").text()).isEqualTo("Bürgerräte");
        assertThat(list.select("a.thread-title").attr("lang")).isEqualTo("de");
        assertThat(list.select("#thread-" + onB.id() + "-also-in a").eachAttr("hreflang")).containsExactly("en",
                "fr");
        assertThat(b.browser().acceptLanguage("es").page("/groups/commons").select("a.thread-title").text())
                .isEqualTo("Citizen panels");

        // The group's Announce carried every language to C.
        var storesC = c.server().polity().storage().stores();
        eventually("the thread reaches C", () -> storesC.groups().findThread(uri).isPresent());
        StoredObject onC = storesC.objects().findObjectByUri(uri).orElseThrow();
        assertThat(ApToTranslations.fromPayload(onC.payload(), onC.name(), onC.contentHtml()).languages())
                .containsExactly("en", "fr", "de");
        assertThat(c.browser().acceptLanguage("de").page("/threads/" + onC.id()).select("#thread-title").text())
                .isEqualTo("Bürgerräte");

        // alice replies in French: the Note's contentMap has the key fr, and B marks the text as French.
        String threadA = "/threads/" + idOnA;
        Document threadPageA = alice.page(threadA);
        assertThat(threadPageA.select("select#reply-" + idOnA + "-lang option[selected]").attr("value"))
                .isEqualTo("en");
        Map<String, String> reply = new HashMap<>();
        reply.put("parent", uri);
        reply.put("content", "Nous recommencerons en **mars**.");
        reply.put("lang", "fr");
        HttpResponse<String> replied = alice.submit(threadA, "/threads/" + idOnA + "/replies", reply);
        assertThat(replied.statusCode()).isEqualTo(303);
        eventually("the reply reaches B", () -> storesB.groups().findThreadPosts(uri, 10).size() == 2);
        String replyUri = storesB.groups().findThreadPosts(uri, 10).stream().filter(u -> !u.equals(uri))
                .findFirst().orElseThrow();
        JsonNode note = new ObjectMapper().readTree(storesB.objects().findObjectByUri(replyUri).orElseThrow()
                .payload());
        assertThat(note.path("contentMap").size()).isEqualTo(1);
        assertThat(note.path("contentMap").path("fr").asText()).isEqualTo(note.path("content").asText());
        Document withReply = b.browser().acceptLanguage("ja").page(threadB);
        assertThat(withReply.select("#replies .content[lang=fr] strong").text()).isEqualTo("mars");

        // A reply in no language there is refused beside its form, and nothing is sent.
        reply.put("lang", "zz-nope");
        HttpResponse<String> bad = alice.submit(threadA, "/threads/" + idOnA + "/replies", reply);
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(TestInstance.html(bad).select("#reply-" + idOnA + "-error").text()).isNotBlank();
        assertThat(a.server().polity().storage().stores().groups().findThreadPosts(uri, 10)).hasSize(2);
    }

    private static Map<String, String> withAction(Map<String, String> fields, String action) {
        Map<String, String> out = new HashMap<>(fields);
        out.put("action", action);
        return out;
    }
}

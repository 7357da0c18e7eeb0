package org.polity.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.html;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.model.Actor;
import org.polity.server.model.Follow;
import org.polity.server.testing.TestInstance;
import org.polity.server.testing.TestInstance.Browser;

/** Search by handle, follow and unfollow from the search page and from profiles (one instance). */
class SearchWebTest {
    @TempDir
    static Path dataDir;
    static TestInstance instance;

    @BeforeAll
    static void start() {
        instance = TestInstance.start(dataDir, Map.of());
        for (String name : List.of("gina", "hugo", "ines", "jack", "kim")) {
            instance.account(name, "ACTIVE");
        }
        instance.server().polity().accounts().setManuallyApprovesFollowers(
                instance.accounts().findByUsername("ines").orElseThrow(), true);
    }

    @AfterAll
    static void stop() {
        if (instance != null) {
            instance.close();
        }
    }

    static Browser logIn(String name) {
        return instance.loggedIn(name);
    }

    static Actor actor(String name) {
        return instance.localActor(name);
    }

    static String searchPath(String q) {
        return "/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8);
    }

    @Test
    void theSearchPageHasASearchLandmark() {
        Document page = logIn("gina").page("/search");
        assertThat(page.select("h1")).hasSize(1);
        assertThat(page.select("form[role=search][method=get][action=/search] input[name=q]#q")).hasSize(1);
        assertThat(page.select("label[for=q]").text()).isNotBlank();
        assertThat(page.select("#actor-card")).isEmpty();
    }

    @Test
    void searchALocalHandleAndFollowFromTheResult() {
        Browser gina = logIn("gina");
        String path = searchPath("@hugo@" + instance.authority());
        Document result = gina.page(path);
        assertThat(result.select("#actor-card .handle").text()).isEqualTo("@hugo@" + instance.authority());
        assertThat(result.select("#actor-card a[href=/profiles/" + actor("hugo").id() + "]")).hasSize(1);
        assertThat(result.select("form[action=/follows] input[name=target]").attr("value"))
                .isEqualTo(actor("hugo").uri());

        HttpResponse<String> followed = gina.submit(path, "/follows", Map.of());
        assertThat(followed.statusCode()).isEqualTo(303);
        assertThat(followed.headers().firstValue("Location")).hasValue(path);
        assertThat(instance.server().polity().storage().stores().follows().findFollow(actor("gina").id(),
                actor("hugo").id())).get().extracting(Follow::state).isEqualTo(Follow.State.ACCEPTED);
        Document after = gina.page(path);
        assertThat(after.select("#follow-state").text()).isEqualTo("Following");
        assertThat(after.select("form[action=/follows/delete]")).hasSize(1);

        // hugo is told, and the handle without the at-sign finds him too
        Document notifications = logIn("hugo").page("/notifications");
        assertThat(notifications.select("li.notification[data-kind=FOLLOW]").text())
                .contains("gina").contains("followed you");
        assertThat(gina.page(searchPath("hugo@" + instance.authority())).select("#follow-state").text())
                .isEqualTo("Following");

        HttpResponse<String> unfollowed = gina.submit(path, "/follows/delete", Map.of());
        assertThat(unfollowed.statusCode()).isEqualTo(303);
        assertThat(gina.page(path).select("form[action=/follows] button").text()).isEqualTo("Follow");
    }

    /**
     * A follow of a remote account that does not approve followers by hand waits only for its server's answer:
     * the page says the request was sent there, not that someone must approve it.
     */
    @Test
    void aPendingFollowOfAnUnlockedRemoteAccountSaysTheRequestWasSentToItsServer() {
        var stores = instance.server().polity().storage().stores();
        java.time.Instant now = java.time.Instant.now();
        Actor remote = stores.actors().insert(new Actor(0, "https://social.example/users/lena",
                org.polity.server.model.ActorType.Person, "lena", "social.example", false, "Lena", "",
                "https://social.example/users/lena/inbox", null, null, null, null, null,
                "https://social.example/users/lena#main-key", instance.localActor("jack").publicKeyPem(), false, now,
                now));
        stores.follows().insertOrGet(actor("kim").id(), remote.id(), Follow.State.PENDING,
                "https://" + instance.authority() + "/follows/1", now);
        Document page = logIn("kim").page("/profiles/" + remote.id());
        assertThat(page.select("#follow-state").text())
                .isEqualTo("Request sent to social.example: following as soon as it answers");
    }

    @Test
    void aLockedAccountShowsRequestedUntilApproved() {
        Browser ines = logIn("ines");
        assertThat(ines.submit("/home", "/home/posts", Map.of("content", "Open to everyone")).statusCode())
                .isEqualTo(303);
        assertThat(ines.submit("/home", "/home/posts", Map.of("content", "Followers hear this",
                "visibility", "followers")).statusCode()).isEqualTo(303);
        Browser jack = logIn("jack");
        String profile = "/profiles/" + actor("ines").id();
        Document page = jack.page(profile);
        assertThat(page.select("h1")).hasSize(1);
        assertThat(page.select("h1").text()).isEqualTo("ines");
        assertThat(page.select("article.post").text()).contains("Open to everyone").doesNotContain("Followers hear");
        assertThat(jack.submit(profile, "/follows", Map.of()).statusCode()).isEqualTo(303);
        assertThat(jack.page(profile).select("#follow-state").text())
                .isEqualTo("Requested: ines approves each follower");

        assertThat(ines.page("/notifications").select("li.notification[data-kind=FOLLOW_REQUEST]").text())
                .contains("asks to follow you");
        var polity = instance.server().polity();
        Follow pending = polity.storage().stores().follows().findFollow(actor("jack").id(), actor("ines").id())
                .orElseThrow();
        polity.federation().follows().approve(actor("ines"), pending.id());
        assertThat(jack.page("/notifications").select("li.notification[data-kind=FOLLOW_ACCEPTED]").text())
                .contains("accepted your follow request");
        assertThat(jack.page(profile).select("#follow-state").text()).isEqualTo("Following");
        assertThat(jack.page(profile).select("article.post").text()).contains("Followers hear this");
    }

    @Test
    void unknownOrMalformedQueriesGetASentence() {
        Browser gina = logIn("gina");
        HttpResponse<String> nobody = gina.get(searchPath("@nobody@" + instance.authority()));
        assertThat(nobody.statusCode()).isEqualTo(404);
        assertThat(html(nobody).select("#search-error").text()).contains("No one was found");
        // words that are not a handle are searched for in public posts (no lookup, so no error)
        HttpResponse<String> words = gina.get(searchPath("not a handle"));
        assertThat(words.statusCode()).isEqualTo(200);
        assertThat(html(words).select("#search-error")).isEmpty();
        assertThat(html(words).select("#search-empty").text()).contains("No public posts contain");
        // an address that cannot be fetched still gets a sentence
        assertThat(html(gina.get(searchPath("https://"))).select("#search-error").text()).isNotBlank();
        assertThat(html(gina.get(searchPath("@gina@" + instance.authority()))).select("#follow-state").text())
                .isEqualTo("This is you.");
    }
}

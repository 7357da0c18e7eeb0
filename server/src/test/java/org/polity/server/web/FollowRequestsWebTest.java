package org.polity.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
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

/** The follow requests page of a member who approves followers by hand: approve and reject through its forms. */
class FollowRequestsWebTest {
    @TempDir
    static Path dataDir;
    static TestInstance instance;

    @BeforeAll
    static void start() {
        instance = TestInstance.start(dataDir, Map.of());
        for (String name : List.of("lena", "mo", "nia", "omar", "pia")) {
            instance.account(name, "ACTIVE");
        }
        for (String locked : List.of("lena", "pia")) {
            instance.server().polity().accounts().setManuallyApprovesFollowers(
                    instance.accounts().findByUsername(locked).orElseThrow(), true);
        }
    }

    @AfterAll
    static void stop() {
        if (instance != null) {
            instance.close();
        }
    }

    static Actor actor(String name) {
        return instance.localActor(name);
    }

    static java.util.Optional<Follow> follow(String from, String to) {
        return instance.server().polity().storage().stores().follows().findFollow(actor(from).id(), actor(to).id());
    }

    static void askToFollowLena(String who) {
        askToFollow(who, "lena");
    }

    static void askToFollow(String who, String locked) {
        Browser b = instance.loggedIn(who);
        String profile = "/profiles/" + actor(locked).id();
        assertThat(b.submit(profile, "/follows", Map.of()).statusCode()).isEqualTo(303);
        assertThat(follow(who, locked)).get().extracting(Follow::state).isEqualTo(Follow.State.PENDING);
    }

    @Test
    void approveAndRejectThroughTheBrowserForms() {
        askToFollowLena("mo");
        askToFollowLena("nia");
        Browser lena = instance.loggedIn("lena");

        // the notification leads to the page, and the notifications page says requests are waiting
        Document notifications = lena.page("/notifications");
        assertThat(notifications.select("li.notification[data-kind=FOLLOW_REQUEST] a").eachAttr("href"))
                .isNotEmpty().allMatch("/follow-requests"::equals);
        assertThat(notifications.select("#pending-requests a").attr("href")).isEqualTo("/follow-requests");
        assertThat(notifications.select("#pending-requests").text()).contains("2 follow requests");

        Document page = lena.page("/follow-requests");
        assertThat(page.select("h1").text()).isEqualTo("Follow requests");
        assertThat(page.select("#requests-count").text()).contains("2 requests");
        assertThat(page.select("#requests .request .handle").eachText())
                .containsExactly("@mo@" + instance.authority(), "@nia@" + instance.authority());
        long moRequest = follow("mo", "lena").orElseThrow().id();
        long niaRequest = follow("nia", "lena").orElseThrow().id();
        assertThat(page.select("form[action=/follow-requests/" + moRequest + "/approve] input[name=_csrf]"))
                .hasSize(1);

        HttpResponse<String> approved = lena.submit("/follow-requests", "/follow-requests/" + moRequest + "/approve",
                Map.of());
        assertThat(approved.statusCode()).isEqualTo(303);
        assertThat(approved.headers().firstValue("Location")).hasValue("/follow-requests?done=approved");
        assertThat(follow("mo", "lena")).get().extracting(Follow::state).isEqualTo(Follow.State.ACCEPTED);
        assertThat(lena.page("/follow-requests?done=approved").select("#requests-notice").text())
                .contains("Request approved");
        assertThat(instance.loggedIn("mo").page("/notifications")
                .select("li.notification[data-kind=FOLLOW_ACCEPTED]")).hasSize(1);

        HttpResponse<String> rejected = lena.submit("/follow-requests", "/follow-requests/" + niaRequest + "/reject",
                Map.of());
        assertThat(rejected.statusCode()).isEqualTo(303);
        assertThat(follow("nia", "lena")).isEmpty();

        Document after = lena.page("/follow-requests?done=rejected");
        assertThat(after.select("#requests-notice").text()).contains("Request rejected");
        assertThat(after.select("#requests-empty").text()).contains("No one is waiting");
        assertThat(lena.page("/notifications").select("#pending-requests")).isEmpty();

        // answered twice: a clear 404, not a crash
        HttpResponse<String> again = lena.post("/follow-requests/" + niaRequest + "/reject",
                Map.of("_csrf", lena.csrf("/follow-requests")));
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(TestInstance.html(again).text()).contains("no longer waiting");
    }

    @Test
    void onlyTheFollowedMemberDecidesAndFormsNeedTheirToken() {
        // (pia, not lena: the other test counts lena's requests)
        askToFollow("omar", "pia");
        long request = follow("omar", "pia").orElseThrow().id();
        Browser mo = instance.loggedIn("mo");
        // another member cannot answer pia's request (it is not waiting for them)
        HttpResponse<String> notYours = mo.post("/follow-requests/" + request + "/approve",
                Map.of("_csrf", mo.csrf("/follow-requests")));
        assertThat(notYours.statusCode()).isEqualTo(404);
        // a form without the CSRF token is refused
        Browser pia = instance.loggedIn("pia");
        assertThat(pia.post("/follow-requests/" + request + "/approve", Map.of()).statusCode()).isEqualTo(403);
        assertThat(follow("omar", "pia")).get().extracting(Follow::state).isEqualTo(Follow.State.PENDING);
        // the page is for logged-in members
        HttpResponse<String> anonymous = instance.browser().get("/follow-requests");
        assertThat(anonymous.statusCode()).isEqualTo(303);
        assertThat(anonymous.headers().firstValue("Location").orElse("")).startsWith("/login");
        assertThat(pia.get("/follow-requests?after=x").statusCode()).isEqualTo(422);
        // French
        Document fr = instance.browser().acceptLanguage("fr").page("/login");
        assertThat(fr.select("header nav a[href=/challenges]").text()).isEqualTo("Défis");
        Browser piaFr = instance.loggedIn("pia");
        piaFr.acceptLanguage("fr");
        assertThat(piaFr.page("/follow-requests").select("h1").text()).isNotBlank();
    }
}

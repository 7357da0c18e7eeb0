package org.polity.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.Polity;
import org.polity.server.model.Actor;
import org.polity.server.testing.TestInstance;
import org.polity.server.testing.TestInstance.Browser;

/**
 * Honest feedback (issue 8, point 4): what a page shows right after a form is the state at that moment (a local
 * open group is joined at once, a local unlocked account followed at once), group joins are notified as joins,
 * and a published post is confirmed with a link to it.
 */
class HonestFeedbackWebTest {
    @TempDir
    static Path dataDir;
    static TestInstance instance;

    @BeforeAll
    static void start() {
        instance = TestInstance.start(dataDir, Map.of());
        for (String name : List.of("amara", "bao", "cleo", "dara", "emil")) {
            instance.account(name, "ACTIVE");
        }
    }

    @AfterAll
    static void stop() {
        if (instance != null) {
            instance.close();
        }
    }

    static Polity polity() {
        return instance.server().polity();
    }

    static Actor actor(String name) {
        return instance.localActor(name);
    }

    /** Follows the redirect of a form (Post/Redirect/Get) as a browser does; returns the page it lands on. */
    static Document landing(Browser who, HttpResponse<String> posted) {
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(303);
        return who.page(posted.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void joiningALocalOpenGroupShowsMemberAndTheCountAtOnce() {
        Browser amara = instance.loggedIn("amara");
        assertThat(amara.submit("/groups", "/groups", Map.of("name", "civic", "title", "Civic tech",
                "membership", "open")).statusCode()).isEqualTo(303);
        Browser bao = instance.loggedIn("bao");
        Document before = bao.page("/groups/civic");
        assertThat(before.select(".member-count").text()).isEqualTo("1 member");
        Document after = landing(bao, bao.submit("/groups/civic", "/groups/join", Map.of()));
        assertThat(after.select("#membership-state .state.member")).hasSize(1);
        assertThat(after.select("#membership-state .state.pending")).isEmpty();
        assertThat(after.select("#membership-state form[action=/groups/leave] button").text()).isEqualTo("Leave the group");
        assertThat(after.select(".member-count").text()).isEqualTo("2 members");
        // The admin is told that bao joined (not that a follow was accepted); bao is not told of a request.
        Element told = amara.page("/notifications").select("li[data-kind=GROUP_MEMBER_JOINED]").first();
        assertThat(told).isNotNull();
        assertThat(told.text()).contains("bao").contains("joined").contains("Civic tech");
        assertThat(amara.page("/notifications").select("li[data-kind=FOLLOW]")).isEmpty();
    }

    @Test
    void anApprovedRequestToJoinIsNotifiedAsAJoinNotAsAFollow() {
        Browser cleo = instance.loggedIn("cleo");
        assertThat(cleo.submit("/groups", "/groups", Map.of("name", "labs", "title", "Policy labs",
                "membership", "approval")).statusCode()).isEqualTo(303);
        Browser dara = instance.loggedIn("dara");
        Document pending = landing(dara, dara.submit("/groups/labs", "/groups/join", Map.of("message", "Hi")));
        assertThat(pending.select("#membership-state .state.pending")).hasSize(1);
        Element request = cleo.page("/notifications").select("li[data-kind=GROUP_REQUEST]").first();
        assertThat(request.text()).contains("dara").contains("asks to join");
        var labs = polity().federation().groups().queries().group("labs");
        var follow = polity().federation().groups().queries().requests(actor("cleo"), labs, 10).get(0);
        polity().federation().groups().membership().decide(actor("cleo"), labs, follow.id(), true);
        Document notes = dara.page("/notifications");
        assertThat(notes.select("li[data-kind=FOLLOW_ACCEPTED]")).isEmpty();
        Element accepted = notes.select("li[data-kind=GROUP_ACCEPTED]").first();
        assertThat(accepted).isNotNull();
        assertThat(accepted.text()).contains("Policy labs").contains("accepted your request to join");
        assertThat(accepted.select("a").attr("href")).isEqualTo("/groups/labs");
        assertThat(dara.page("/groups/labs").select("#membership-state .state.member")).hasSize(1);
    }

    @Test
    void followingALocalUnlockedAccountShowsFollowingAtOnce() {
        Browser emil = instance.loggedIn("emil");
        Actor amara = actor("amara");
        HttpResponse<String> followed = emil.submit("/profiles/" + amara.id(), "/follows", Map.of());
        Document page = landing(emil, followed);
        assertThat(page.select("#follow-state").text()).isEqualTo("Following");
        assertThat(page.select("form[action=/follows/delete] button").text()).isEqualTo("Unfollow");
    }

    @Test
    void aPublishedPostIsConfirmedWithALinkToIt() {
        Browser bao = instance.loggedIn("bao");
        Document home = landing(bao, bao.submit("/home", "/home/posts", Map.of("content", "Hello, network.")));
        Element status = home.select("[role=status]#published").first();
        assertThat(status).as(home.html()).isNotNull();
        assertThat(status.text()).contains("Your post was published.");
        String link = status.select("a").attr("href");
        assertThat(instance.browser().page(java.net.URI.create(link).getRawPath()).select("article.post .content").text()).isEqualTo("Hello, network.");

        // A thread and a reply in a group are confirmed on the thread page.
        Document thread = landing(bao, bao.submit("/groups/civic", "/groups/threads", Map.of("name", "Civic data",
                "kind", "discussion", "content", "Where do you publish it?")));
        assertThat(thread.select("[role=status]#published").text()).contains("Your post was published.");
        String threadPath = thread.location().replaceAll("^https?://[^/]+", "").replaceAll("\\?.*$", "");
        Element form = thread.select("form.reply-form").first();
        HttpResponse<String> replied = bao.post(form.attr("action"), Map.of("_csrf",
                form.select("input[name=_csrf]").attr("value"), "parent", form.select("input[name=parent]").attr("value"),
                "content", "On the portal."));
        assertThat(replied.headers().firstValue("Location").orElseThrow()).startsWith(threadPath);
        Document afterReply = landing(bao, replied);
        Element confirmed = afterReply.select("[role=status]#published").first();
        assertThat(confirmed.text()).contains("Your post was published.");
        assertThat(confirmed.select("a").attr("href")).contains("#post-");
        // A plain reload (no flag in the address) shows no confirmation.
        assertThat(bao.page(threadPath).select("#published")).isEmpty();
        assertThat(bao.page("/home").select("#published")).isEmpty();
    }
}

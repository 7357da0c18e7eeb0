package org.polity.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.polity.server.testing.TestInstance.html;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.Polity;
import org.polity.server.activitypub.ContentRules;
import org.polity.server.groups.GroupRoutes;
import org.polity.server.model.Actor;
import org.polity.server.model.GroupInfo;
import org.polity.server.model.GroupThread;
import org.polity.server.model.StoredObject;
import org.polity.server.testing.TestInstance.Browser;
import org.polity.server.testing.TestInstance;

/**
 * The groups' web pages over HTTP: creating a group, joining (open and by approval), threads, replies nested
 * by inReplyTo, accepted answers, locking, tags, members-only groups, and the errors on every form.
 */
class GroupWebTest {
    @TempDir
    static Path dataDir;
    static TestInstance instance;

    @BeforeAll
    static void start() {
        instance = TestInstance.start(dataDir, Map.of());
        for (String name : List.of("carol", "dave", "erin", "fay", "gus", "hana", "ivan")) {
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

    static Actor group(String name) {
        return polity().federation().groups().queries().group(name);
    }

    static Map<String, String> groupForm(String name, String title, String membership, boolean membersOnly) {
        Map<String, String> f = new HashMap<>(Map.of("name", name, "title", title, "about", "About *" + title + "*",
                "membership", membership));
        if (membersOnly) {
            f.put("membersOnly", "on");
        }
        return f;
    }

    /** Creates a group through the form as {@code who}; returns the group page's path. */
    static String createGroup(Browser who, String name, String title, String membership, boolean membersOnly) {
        HttpResponse<String> r = who.submit("/groups", "/groups", groupForm(name, title, membership, membersOnly));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).hasValue("/groups/" + name);
        return "/groups/" + name;
    }

    /** Starts a thread through the group page's form; returns the thread page's path. */
    static String startThread(Browser who, String groupPath, String title, String kind, String text, String tags) {
        HttpResponse<String> r = who.submit(groupPath, "/groups/threads",
                Map.of("name", title, "kind", kind, "content", text, "tags", tags));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        String location = r.headers().firstValue("Location").orElseThrow();
        assertThat(location).matches("/threads/\\d+\\?published=\\d+");
        return location.replaceAll("\\?.*$", "");
    }

    static HttpResponse<String> reply(Browser who, String threadPath, String parentUri, String text) {
        Document page = who.page(threadPath);
        Element form = page.select("form.reply-form:has(input[name=parent][value=" + parentUri + "])").first();
        assertThat(form).as("a reply form for " + parentUri + " on " + threadPath).isNotNull();
        return who.post(form.attr("action"), Map.of("_csrf", form.select("input[name=_csrf]").attr("value"),
                "parent", parentUri, "content", text));
    }

    static StoredObject object(String threadPath) {
        long id = Long.parseLong(threadPath.substring(threadPath.lastIndexOf('/') + 1));
        return polity().storage().stores().objects().findObjectById(id).orElseThrow();
    }

    @Test
    void aGroupCreatedThroughTheFormIsListedForEveryone() {
        Browser carol = instance.loggedIn("carol");
        Document list = carol.page("/groups");
        assertThat(list.select("h1")).hasSize(1);
        assertThat(list.select("form[action=/groups] label[for=name]").text()).isNotBlank();
        assertThat(list.select("select#membership option").eachAttr("value")).containsExactly("open", "approval",
                "invite");

        String path = createGroup(carol, "energy", "Energy transition", "open", false);
        Document page = carol.page(path);
        assertThat(page.select("h1").text()).isEqualTo("Energy transition");
        assertThat(page.select(".bio em").text()).isEqualTo("Energy transition");
        assertThat(page.select(".moderators").text()).contains("@carol@");
        assertThat(page.select("#membership-state").text()).contains("You are a member");
        assertThat(page.select("a[href=/groups/energy/members]")).hasSize(1);
        assertThat(page.select("a[href=/groups/energy/settings]")).hasSize(1);

        Document anonymous = instance.browser().page("/groups");
        Element row = anonymous.select("li.group-row[data-group=energy]").first();
        assertThat(row).isNotNull();
        assertThat(row.text()).contains("Energy transition").contains("@energy@").contains("Open");
        assertThat(anonymous.select("form[action=/groups]")).isEmpty();
        assertThat(carol.page("/groups").select("#my-groups li.group-row[data-group=energy]")).hasSize(1);
        // The actor's id still redirects browsers to the group page.
        assertThat(instance.browser().get("/users/energy").headers().firstValue("Location").orElseThrow())
                .endsWith("/groups/energy");
    }

    @Test
    void badInputIsRefusedWithAMessageAndNothingIsStored() {
        Browser dave = instance.loggedIn("dave");
        HttpResponse<String> noTitle = dave.submit("/groups", "/groups", groupForm("water", " ", "open", false));
        assertThat(noTitle.statusCode()).isEqualTo(422);
        assertThat(html(noTitle).select("#title-error").text()).isEqualTo("Give the group a title.");
        assertThat(html(noTitle).select("#error-summary a[href=#title]")).hasSize(1);
        assertThat(html(noTitle).select("#name").attr("value")).isEqualTo("water");
        assertThat(polity().actors().findLocal("water")).isEmpty();

        createGroup(dave, "water", "Water", "open", false);
        HttpResponse<String> taken = dave.submit("/groups", "/groups", groupForm("water", "Water again", "open", false));
        assertThat(taken.statusCode()).isEqualTo(422);
        assertThat(html(taken).select("#name-error").text()).contains("taken");
        HttpResponse<String> badName = dave.submit("/groups", "/groups", groupForm("Not A Name", "X", "open", false));
        assertThat(badName.statusCode()).isEqualTo(422);
        assertThat(html(badName).select("#name-error").text()).isNotBlank();

        String water = group("water").uri();
        HttpResponse<String> noThreadTitle = dave.submit("/groups/water", "/groups/threads",
                Map.of("name", "", "content", "Some text", "kind", "discussion"));
        assertThat(noThreadTitle.statusCode()).isEqualTo(422);
        assertThat(html(noThreadTitle).select("#name-error").text()).isEqualTo("Give the thread a title.");
        assertThat(html(noThreadTitle).select("#content").text()).isEqualTo("Some text");

        HttpResponse<String> huge = dave.submit("/groups/water", "/groups/threads",
                Map.of("name", "Huge", "content", "x".repeat(ContentRules.MAX_CONTENT + 1), "kind", "discussion"));
        assertThat(huge.statusCode()).isEqualTo(422);
        assertThat(html(huge).select("#content-error").text()).isEqualTo("Posts can have at most 5,000 characters.");

        HttpResponse<String> badTags = dave.submit("/groups/water", "/groups/threads",
                Map.of("name", "Tags", "content", "Text", "kind", "discussion", "tags", "ok, not a tag!"));
        assertThat(badTags.statusCode()).isEqualTo(422);
        assertThat(html(badTags).select("#tags-error").text()).isNotBlank();
        assertThat(polity().storage().stores().groups().countThreads(water)).isZero();
    }

    @Test
    void aNonMemberCannotStartAThread() {
        Browser fay = instance.loggedIn("fay");
        createGroup(fay, "closed", "Closed shop", "invite", false);
        Browser gus = instance.loggedIn("gus");
        Document page = gus.page("/groups/closed");
        assertThat(page.select("form[action=/groups/threads]")).isEmpty();
        assertThat(page.select("form[action=/groups/join]")).isEmpty();
        assertThat(page.select(".invite-only").text()).contains("invitation only");

        HttpResponse<String> r = gus.post("/groups/threads", Map.of("_csrf", gus.csrf("/groups/closed"),
                "group", String.valueOf(group("closed").id()), "name", "Let me in", "content", "Hello",
                "kind", "discussion"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(html(r).select("#error-summary").text()).contains("Only members can start a thread here");
        assertThat(polity().storage().stores().groups().countThreads(group("closed").uri())).isZero();

        HttpResponse<String> join = gus.post("/groups/join", Map.of("_csrf", gus.csrf("/groups/closed"),
                "group", String.valueOf(group("closed").id())));
        assertThat(join.statusCode()).isEqualTo(403);
        assertThat(html(join).select("#error-summary").text()).contains("invitation only");

        // Invited, gus can join.
        HttpResponse<String> invite = fay.submit("/groups/closed/members", "/groups/closed/invite",
                Map.of("handle", "gus@" + instance.authority()));
        assertThat(invite.statusCode()).as(invite.body()).isEqualTo(303);
        assertThat(gus.page("/groups").select("#invitations li.group-row[data-group=closed]")).hasSize(1);
        assertThat(gus.page("/notifications").select("li[data-kind=GROUP_INVITE] a").attr("href"))
                .isEqualTo("/groups/closed");
        assertThat(gus.submit("/groups/closed", "/groups/join", Map.of()).statusCode()).isEqualTo(303);
        assertThat(polity().federation().groups().queries().isMember(group("closed"), actor("gus"))).isTrue();

        HttpResponse<String> badInvite = fay.submit("/groups/closed/members", "/groups/closed/invite",
                Map.of("handle", ""));
        assertThat(badInvite.statusCode()).isEqualTo(422);
        assertThat(html(badInvite).select("#handle-error").text()).isNotBlank();
    }

    @Test
    void aModeratorApprovesARequestToJoinWithItsMessage() {
        Browser hana = instance.loggedIn("hana");
        createGroup(hana, "policy", "Policy lab", "approval", false);
        Browser ivan = instance.loggedIn("ivan");
        Document page = ivan.page("/groups/policy");
        assertThat(page.select("form[action=/groups/join] label[for=message]").text()).isNotBlank();
        HttpResponse<String> join = ivan.submit("/groups/policy", "/groups/join",
                Map.of("message", "I run the policy lab in Perth."));
        assertThat(join.statusCode()).isEqualTo(303);
        assertThat(ivan.page("/groups/policy").select(".state.pending")).hasSize(1);
        assertThat(polity().federation().groups().queries().isMember(group("policy"), actor("ivan"))).isFalse();

        // Not a moderator: the members page is refused.
        assertThat(ivan.get("/groups/policy/members").statusCode()).isEqualTo(403);

        assertThat(hana.page("/notifications").select("li[data-kind=GROUP_REQUEST] a").attr("href"))
                .isEqualTo("/groups/policy/members");
        Document members = hana.page("/groups/policy/members");
        Element request = members.select("li.request").first();
        assertThat(request).isNotNull();
        assertThat(request.select(".request-message").text()).isEqualTo("I run the policy lab in Perth.");
        assertThat(request.text()).contains("@ivan@");
        Element approve = request.select("form:has(input[name=decision][value=approve])").first();
        HttpResponse<String> approved = hana.post(approve.attr("action"), Map.of(
                "_csrf", approve.select("input[name=_csrf]").attr("value"),
                "follow", approve.select("input[name=follow]").attr("value"), "decision", "approve"));
        assertThat(approved.statusCode()).isEqualTo(303);
        assertThat(polity().federation().groups().queries().isMember(group("policy"), actor("ivan"))).isTrue();
        Document after = hana.page("/groups/policy/members");
        assertThat(after.select("li.request")).isEmpty();
        assertThat(after.select("li.member").text()).contains("@ivan@");
        assertThat(ivan.page("/groups/policy").select("#membership-state").text()).contains("You are a member");

        // Settings: admins only; bad input is shown on the form.
        HttpResponse<String> badSettings = hana.submit("/groups/policy/settings", "/groups/policy/settings",
                Map.of("title", ""));
        assertThat(badSettings.statusCode()).isEqualTo(422);
        assertThat(html(badSettings).select("#title-error").text()).isNotBlank();
        assertThat(hana.submit("/groups/policy/settings", "/groups/policy/settings",
                Map.of("title", "Policy lab", "rules", "Be *kind*.")).statusCode()).isEqualTo(303);
        assertThat(instance.browser().page("/groups/policy").select(".rules em").text()).isEqualTo("kind");
        // The description is edited as it was written (Markdown), not as the rendered HTML.
        assertThat(hana.submit("/groups/policy/settings", "/groups/policy/settings",
                Map.of("title", "Policy lab", "about", "Evidence for *policy*.", "rules", "Be *kind*."))
                .statusCode()).isEqualTo(303);
        assertThat(instance.browser().page("/groups/policy").select("em").eachText()).contains("policy");
        assertThat(hana.page("/groups/policy/settings").select("textarea[name=about]").text())
                .isEqualTo("Evidence for *policy*.");
        assertThat(ivan.get("/groups/policy/settings").statusCode()).isEqualTo(403);
    }

    @Test
    void aQuestionIsAnsweredAcceptedLockedAndTagged() {
        Browser carol = instance.loggedIn("carol");
        createGroup(carol, "opendata", "Open data", "open", false);
        Browser erin = instance.loggedIn("erin");
        Browser dave = instance.loggedIn("dave");
        assertThat(erin.submit("/groups/opendata", "/groups/join", Map.of()).statusCode()).isEqualTo(303);
        assertThat(dave.submit("/groups/opendata", "/groups/join", Map.of()).statusCode()).isEqualTo(303);

        String thread = startThread(erin, "/groups/opendata", "Which licence for open data?", "question",
                "We publish *budgets*.", "Licensing, open_data");
        StoredObject question = object(thread);
        Document page = erin.page(thread);
        assertThat(page.select("h1").text()).isEqualTo("Which licence for open data?");
        assertThat(page.select(".thread-content em").text()).isEqualTo("budgets");
        assertThat(page.select(".thread-badges .kind").text()).isEqualTo("Question");
        assertThat(page.select(".thread-tags a").eachAttr("href")).contains("/tags/licensing", "/tags/open_data");

        assertThat(reply(dave, thread, question.uri(), "Use CC BY 4.0.").statusCode()).isEqualTo(303);
        StoredObject answer = polity().storage().stores().objects().findObjectByUri(polity().storage().stores()
                .groups().findThreadPosts(question.uri(), 10).get(1)).orElseThrow();
        assertThat(reply(erin, thread, answer.uri(), "Thanks, and for code?").statusCode()).isEqualTo(303);
        HttpResponse<String> empty = reply(erin, thread, answer.uri(), "  ");
        assertThat(empty.statusCode()).isEqualTo(422);
        assertThat(html(empty).select("#reply-" + answer.id() + "-error").text()).isEqualTo("Write your reply first.");

        page = erin.page(thread);
        Element answerCard = page.select("article#post-" + answer.id()).first();
        assertThat(answerCard.select("> ol.replies article").text()).contains("Thanks, and for code?");
        assertThat(page.select("#replies-title").text()).isEqualTo("2 replies");

        // The asker accepts the answer; dave cannot.
        assertThat(dave.page(thread).select("button.accept-answer")).isEmpty();
        Element accept = answerCard.select("form[action$=/accept]").first();
        HttpResponse<String> accepted = erin.post(accept.attr("action"), Map.of(
                "_csrf", accept.select("input[name=_csrf]").attr("value"), "answer", answer.uri()));
        assertThat(accepted.statusCode()).isEqualTo(303);
        page = erin.page(thread);
        assertThat(page.select("#accepted-answer").text()).contains("Use CC BY 4.0.");
        assertThat(page.select("#accepted-answer a").attr("href")).isEqualTo("#post-" + answer.id());
        assertThat(page.select("article#post-" + answer.id()).hasClass("accepted")).isTrue();
        Document groupPage = instance.browser().page("/groups/opendata");
        Element row = groupPage.select("tr.thread-row[data-thread=" + question.id() + "]").first();
        assertThat(row.select(".badge.question")).hasSize(1);
        assertThat(row.select(".badge.answered")).hasSize(1);
        assertThat(row.select(".reply-count").text()).isEqualTo("2");
        assertThat(dave.page("/notifications").select("li[data-kind=ANSWER_ACCEPTED] a").attr("href"))
                .isEqualTo(thread + "#post-" + answer.id());

        // Likes.
        Element like = dave.page(thread).select("article#post-" + question.id() + " form[action$=/like]").first();
        assertThat(dave.post(like.attr("action"), Map.of("_csrf", like.select("input[name=_csrf]").attr("value")))
                .statusCode()).isEqualTo(303);
        assertThat(erin.page(thread).select("article#post-" + question.id() + " .likes").first().text())
                .isEqualTo("1 like");

        // The moderator locks the thread: no reply forms, and a reply is refused with a clear message.
        assertThat(erin.page(thread).select("#lock-button")).isEmpty();
        HttpResponse<String> lock = carol.submit(thread, "/threads/" + question.id() + "/lock", Map.of());
        assertThat(lock.statusCode()).isEqualTo(303);
        assertThat(polity().federation().groups().queries().thread(question.uri()).locked()).isTrue();
        page = dave.page(thread);
        assertThat(page.select("#locked-notice").text()).contains("locked");
        assertThat(page.select("form.reply-form")).isEmpty();
        HttpResponse<String> refused = dave.post("/threads/" + question.id() + "/replies", Map.of(
                "_csrf", dave.csrf(thread), "parent", question.uri(), "content", "One more thing"));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(html(refused).text()).contains("This thread is locked: no new replies.");
        assertThat(polity().storage().stores().groups().findThreadPosts(question.uri(), 10)).hasSize(3);
        assertThat(instance.browser().page("/groups/opendata").select("tr.thread-row .badge.locked")).hasSize(1);

        // The tag page lists the thread.
        Document tag = instance.browser().page("/tags/licensing");
        assertThat(tag.select("h1").text()).isEqualTo("#licensing");
        assertThat(tag.select("li.tagged-post h2 a").attr("href")).isEqualTo(thread);
        assertThat(instance.browser().page("/tags/nothing_here").select("#tag-empty")).hasSize(1);
    }

    @Test
    void anAuthorEditsAndDeletesTheirReply() {
        Browser fay = instance.loggedIn("fay");
        createGroup(fay, "procurement", "Procurement", "open", false);
        String thread = startThread(fay, "/groups/procurement", "Tender templates", "discussion", "Share yours.", "");
        StoredObject root = object(thread);
        assertThat(reply(fay, thread, root.uri(), "Mine is attached.").statusCode()).isEqualTo(303);
        StoredObject mine = polity().storage().stores().objects().findObjectByUri(polity().storage().stores()
                .groups().findThreadPosts(root.uri(), 10).get(1)).orElseThrow();
        Element edit = fay.page(thread).select("form[action=/posts/" + mine.id() + "/edit]").first();
        assertThat(edit.select("textarea").text()).isEqualTo("Mine is attached.");
        HttpResponse<String> emptyEdit = fay.post(edit.attr("action"), Map.of(
                "_csrf", edit.select("input[name=_csrf]").attr("value"), "content", ""));
        assertThat(emptyEdit.statusCode()).isEqualTo(422);
        assertThat(html(emptyEdit).select("#edit-" + mine.id() + "-error").text()).isNotBlank();
        HttpResponse<String> edited = fay.post(edit.attr("action"), Map.of(
                "_csrf", edit.select("input[name=_csrf]").attr("value"), "content", "Mine is **below**."));
        assertThat(edited.statusCode()).isEqualTo(303);
        assertThat(fay.page(thread).select("article#post-" + mine.id() + " .content strong").text())
                .isEqualTo("below");
        // Someone else sees no edit form and cannot edit.
        Browser gus = instance.loggedIn("gus");
        assertThat(gus.page(thread).select("form[action=/posts/" + mine.id() + "/edit]")).isEmpty();
        assertThat(gus.post("/posts/" + mine.id() + "/edit", Map.of("_csrf", gus.csrf(thread), "content", "hacked"))
                .statusCode()).isEqualTo(403);

        HttpResponse<String> deleted = fay.submit(thread, "/posts/" + mine.id() + "/delete", Map.of());
        assertThat(deleted.statusCode()).isEqualTo(303);
        assertThat(fay.page(thread).select("article#post-" + mine.id())).isEmpty();
        assertThat(fay.page(thread).select("#replies-empty")).hasSize(1);
    }

    @Test
    void aMembersOnlyGroupHidesItsThreadsFromOthers() {
        Browser hana = instance.loggedIn("hana");
        createGroup(hana, "cabinet", "Cabinet office", "approval", true);
        String thread = startThread(hana, "/groups/cabinet", "Budget leak drill", "discussion", "Internal only.",
                "drills");
        StoredObject root = object(thread);
        assertThat(hana.page("/groups/cabinet").select("tr.thread-row")).hasSize(1);
        assertThat(instance.browser().page("/groups").select("li.group-row[data-group=cabinet] .members-only"))
                .hasSize(1);

        for (Browser outsider : List.of(instance.browser(), instance.loggedIn("ivan"))) {
            Document page = outsider.page("/groups/cabinet");
            assertThat(page.select("h1").text()).isEqualTo("Cabinet office");
            assertThat(page.select("#members-only-notice")).hasSize(1);
            assertThat(page.select("#threads")).isEmpty();
            assertThat(page.text()).doesNotContain("Budget leak drill");
            assertThat(outsider.get(thread).statusCode()).isEqualTo(404);
            assertThat(outsider.page("/tags/drills").text()).doesNotContain("Budget leak drill");
        }
        assertThat(polity().storage().stores().groups().findThread(root.uri()).map(GroupThread::kind))
                .hasValue(GroupThread.Kind.DISCUSSION);
        assertThat(polity().federation().groups().queries().info(group("cabinet")).map(GroupInfo::membersOnly)).hasValue(true);
        assertThat(hana.page("/tags/drills").text()).contains("Budget leak drill");
    }

    @Test
    void aGroupsThreadsArePaged() {
        var groups = polity().federation().groups();
        Actor ivan = actor("ivan");
        Actor busy = groups.setup().create(ivan, "busy", "Busy group", "", GroupInfo.Membership.OPEN, false);
        for (int i = 0; i < GroupRoutes.THREADS_SHOWN + 1; i++) {
            groups.posting().startThread(ivan, busy, "Thread " + i, "Text " + i, GroupThread.Kind.DISCUSSION, List.of());
        }
        Document first = instance.browser().page("/groups/busy");
        assertThat(first.select("tr.thread-row")).hasSize(GroupRoutes.THREADS_SHOWN);
        assertThat(first.select("#newer-threads")).isEmpty();
        assertThat(first.select("#older-threads").attr("href")).isEqualTo("/groups/busy?offset=50");
        Document second = instance.browser().page("/groups/busy?offset=50");
        assertThat(second.select("tr.thread-row")).hasSize(1);
        assertThat(second.select("tr.thread-row a.thread-title").text()).isEqualTo("Thread 0");
        assertThat(second.select("#newer-threads").attr("href")).isEqualTo("/groups/busy?offset=0");
        assertThat(instance.browser().page("/groups/busy?offset=-3").select("tr.thread-row"))
                .hasSize(GroupRoutes.THREADS_SHOWN);
    }

    @Test
    void aModeratorPinsAThreadAndRemovesAReply() {
        Browser fay = instance.loggedIn("fay");
        createGroup(fay, "mods", "Moderated", "open", false);
        Browser gus = instance.loggedIn("gus");
        assertThat(gus.submit("/groups/mods", "/groups/join", Map.of()).statusCode()).isEqualTo(303);
        String first = startThread(gus, "/groups/mods", "First", "discussion", "One", "");
        String second = startThread(gus, "/groups/mods", "Second", "discussion", "Two", "");
        StoredObject firstRoot = object(first);
        assertThat(instance.browser().page("/groups/mods").select("tr.thread-row a.thread-title").eachText())
                .containsExactly("Second", "First");

        // Not a moderator: no moderation forms, and the service refuses.
        assertThat(gus.page(first).select("#pin-button")).isEmpty();
        assertThat(gus.post("/threads/" + firstRoot.id() + "/pin", Map.of("_csrf", gus.csrf(first), "pinned", "true"))
                .statusCode()).isEqualTo(403);

        assertThat(fay.submit(first, "/threads/" + firstRoot.id() + "/pin", Map.of()).statusCode()).isEqualTo(303);
        Document page = instance.browser().page("/groups/mods");
        assertThat(page.select("tr.thread-row a.thread-title").eachText()).containsExactly("First", "Second");
        assertThat(page.select("tr.thread-row").first().select(".badge.pinned")).hasSize(1);
        assertThat(fay.page(first).select("#pin-button").text()).isEqualTo("Unpin");

        assertThat(reply(gus, first, firstRoot.uri(), "Off-topic advert").statusCode()).isEqualTo(303);
        StoredObject advert = polity().storage().stores().objects().findObjectByUri(polity().storage().stores()
                .groups().findThreadPosts(firstRoot.uri(), 10).get(1)).orElseThrow();
        Element remove = fay.page(first).select("form[action=/posts/" + advert.id() + "/remove]").first();
        assertThat(remove.select("label[for=reason-" + advert.id() + "]").text()).isNotBlank();
        HttpResponse<String> removed = fay.post(remove.attr("action"), Map.of(
                "_csrf", remove.select("input[name=_csrf]").attr("value"), "reason", "Advertising"));
        assertThat(removed.statusCode()).isEqualTo(303);
        assertThat(polity().storage().stores().objects().findObjectByUri(advert.uri()).orElseThrow().deleted())
                .isTrue();
        assertThat(instance.browser().page(first).text()).doesNotContain("Off-topic advert");
        assertThat(object(second).deleted()).isFalse();
    }

    @Test
    void aLongBackAndForthNestsAtMostSixLevelsDeep() {
        var groups = polity().federation().groups();
        Actor ivan = actor("ivan");
        Actor debate = groups.setup().create(ivan, "debate", "Debate", "", org.polity.server.model.GroupInfo.Membership.OPEN,
                false);
        String parent = groups.posting().startThread(ivan, debate, "Long thread", "Start",
                org.polity.server.model.GroupThread.Kind.DISCUSSION, List.of()).objectUri();
        String thread = parent;
        for (int i = 1; i <= 9; i++) {
            parent = groups.posting().reply(ivan, parent, "Reply number " + i).objectUri();
        }
        long id = polity().storage().stores().objects().findObjectByUri(thread).orElseThrow().id();
        var page = instance.browser().page("/threads/" + id);
        assertThat(page.select("article.group-post")).hasSize(10);
        int deepest = page.select("article.group-post").stream()
                .mapToInt(a -> a.parents().select("ol.replies").size()).max().orElse(0);
        assertThat(deepest).isEqualTo(6);
        assertThat(page.text()).contains("Reply number 9");
    }

    @Test
    void aRemovedMemberIsBannedUntilAModeratorLiftsTheBan() {
        Browser hana = instance.loggedIn("hana");
        String groupPath = createGroup(hana, "coastal", "Coastal councils", "open", false);
        Browser gus = instance.loggedIn("gus");
        assertThat(gus.submit(groupPath, "/groups/join", Map.of()).statusCode()).isEqualTo(303);
        Actor gusActor = actor("gus");
        assertThat(hana.submit(groupPath + "/members", groupPath + "/members/remove",
                Map.of("member", String.valueOf(gusActor.id()))).statusCode()).isEqualTo(303);
        var members = hana.page(groupPath + "/members");
        assertThat(members.select("li.banned").text()).contains("@gus@");

        // gus cannot come back, nor post
        HttpResponse<String> again = gus.submit(groupPath, "/groups/join", Map.of());
        assertThat(again.statusCode()).isEqualTo(403);
        assertThat(html(again).text()).contains("A moderator removed you from this group");
        assertThat(polity().federation().groups().queries().isMember(group("coastal"), gusActor)).isFalse();

        // a moderator lifts the ban; gus may join again
        assertThat(hana.submit(groupPath + "/members", groupPath + "/members/unban",
                Map.of("member", String.valueOf(gusActor.id()))).statusCode()).isEqualTo(303);
        assertThat(hana.page(groupPath + "/members").select("li.banned")).isEmpty();
        assertThat(gus.submit(groupPath, "/groups/join", Map.of()).statusCode()).isEqualTo(303);
        assertThat(polity().federation().groups().queries().isMember(group("coastal"), gusActor)).isTrue();

        // only admins remove moderators
        Browser ivan = instance.loggedIn("ivan");
        assertThat(ivan.submit(groupPath, "/groups/join", Map.of()).statusCode()).isEqualTo(303);
        var groups = polity().federation().groups();
        groups.membership().setRole(actor("hana"), group("coastal"), actor("ivan"), org.polity.server.model.GroupInfo.Role.MODERATOR);
        groups.membership().setRole(actor("hana"), group("coastal"), gusActor, org.polity.server.model.GroupInfo.Role.MODERATOR);
        HttpResponse<String> refused = ivan.submit(groupPath + "/members", groupPath + "/members/remove",
                Map.of("member", String.valueOf(gusActor.id())));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(groups.queries().isMember(group("coastal"), gusActor)).isTrue();
    }

    @Test
    void theInstanceAdministratorsRunTheNetworkGroup() {
        instance.create("root_net", org.polity.server.model.Account.Role.ADMIN,
                org.polity.server.model.Account.Status.ACTIVE);
        Browser erin = instance.loggedIn("erin");
        HttpResponse<String> ask = erin.submit("/groups/network", "/groups/join",
                Map.of("message", "I lead innovation at the Treasury."));
        assertThat(ask.statusCode()).isEqualTo(303);
        // nobody holds a role in it yet: the instance's administrators are told and decide
        Actor admin = actor("root_net");
        assertThat(polity().notifications().list(admin, Long.MAX_VALUE, 10))
                .anyMatch(n -> n.kind() == org.polity.server.model.Notification.Kind.GROUP_REQUEST);
        Browser root = instance.loggedIn("root_net");
        var members = root.page("/groups/network/members");
        assertThat(members.text()).contains("I lead innovation at the Treasury.");
        var follow = polity().federation().groups().queries().requests(admin, group("network"), 10).get(0);
        assertThat(root.submit("/groups/network/members", "/groups/network/requests",
                Map.of("follow", String.valueOf(follow.id()), "decision", "approve")).statusCode()).isEqualTo(303);
        assertThat(polity().federation().groups().queries().isMember(group("network"), actor("erin"))).isTrue();
        assertThat(instance.loggedIn("dave").get("/groups/network/members").statusCode()).isEqualTo(403);
    }

    @Test
    void hashtagsInTheTextLinkToTheirPagesAfterAnEditToo() {
        var groups = polity().federation().groups();
        Actor fay = actor("fay");
        Actor tags = groups.setup().create(fay, "tagged", "Tagged", "", org.polity.server.model.GroupInfo.Membership.OPEN,
                false);
        String thread = groups.posting().startThread(fay, tags, "Tags", "About #OpenData here",
                org.polity.server.model.GroupThread.Kind.DISCUSSION, List.of()).objectUri();
        String html = polity().storage().stores().objects().findObjectByUri(thread).orElseThrow().contentHtml();
        assertThat(html).contains("/tags/opendata\" class=\"hashtag\" rel=\"tag\">#OpenData</a>");
        var edit = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        var object = edit.putObject("object");
        object.put("id", thread);
        object.putObject("source").put("content", "Still about #opendata, edited").put("mediaType", "text/markdown");
        polity().federation().objects().update(fay, edit);
        assertThat(polity().storage().stores().objects().findObjectByUri(thread).orElseThrow().contentHtml())
                .contains("rel=\"tag\">#opendata</a>, edited");
    }

    @Test
    void threadsRepliesAndPostsShareOneLimitThatTheFormsState() {
        Browser gus = instance.loggedIn("gus");
        createGroup(gus, "limits", "Limits", "open", false);
        Document groupPage = gus.page("/groups/limits");
        assertThat(groupPage.select("#content-hint").text()).contains("Up to 5,000 characters.");
        assertThat(gus.page("/home").select("#content-hint").text()).contains("Up to 5,000 characters.");
        String exactly = "y".repeat(ContentRules.MAX_CONTENT);
        String thread = startThread(gus, "/groups/limits", "At the limit", "discussion", exactly, "");
        Document threadPage = gus.page(thread);
        assertThat(threadPage.select(".reply-form .hint").first().text()).isEqualTo("Up to 5,000 characters.");
        String uri = object(thread).uri();
        HttpResponse<String> tooLong = reply(gus, thread, uri, "z".repeat(ContentRules.MAX_CONTENT + 1));
        assertThat(tooLong.statusCode()).isEqualTo(422);
        assertThat(html(tooLong).select(".reply-form .error-message").text())
                .isEqualTo("Posts can have at most 5,000 characters.");
        assertThat(reply(gus, thread, uri, exactly).statusCode()).isEqualTo(303);
        HttpResponse<String> longPost = gus.submit("/home", "/home/posts",
                Map.of("content", "z".repeat(ContentRules.MAX_CONTENT + 1), "visibility", "public"));
        assertThat(longPost.statusCode()).isEqualTo(422);
        assertThat(html(longPost).select("#content-error").text()).isEqualTo("Posts can have at most 5,000 characters.");
        // The service (C2S, CLI, inbox of our own) says the same.
        var note = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        note.put("type", "Note");
        note.put("content", "z".repeat(ContentRules.MAX_CONTENT + 1));
        note.putArray("to").add("https://www.w3.org/ns/activitystreams#Public");
        assertThatThrownBy(() -> polity().federation().objects().create(actor("gus"), note, null))
                .hasMessageContaining("Posts can have at most 5,000 characters.");
        assertThatThrownBy(() -> polity().federation().groups().posting().reply(actor("gus"), uri, "z".repeat(5_001)))
                .hasMessageContaining("Posts can have at most 5,000 characters.");
    }

    @Test
    void headingsInPostsNeverOutrankThePageTitle() {
        Browser hana = instance.loggedIn("hana");
        createGroup(hana, "headings", "Headings", "open", false);
        String thread = startThread(hana, "/groups/headings", "The real title", "discussion",
                "# Shouting\n\nText\n\n## Section", "");
        assertThat(reply(hana, thread, object(thread).uri(), "# Also shouting").statusCode()).isEqualTo(303);
        Document page = hana.page(thread);
        assertThat(page.select("h1").eachText()).containsExactly("The real title");
        assertThat(page.select(".thread-content h3").text()).isEqualTo("Shouting");
        assertThat(page.select(".thread-content h4").text()).isEqualTo("Section");
        assertThat(page.select("article.group-post .content h3").text()).isEqualTo("Also shouting");
        assertThat(page.select("main h2, main h1").eachText()).doesNotContain("Shouting", "Section", "Also shouting");
    }

    @Test
    void aMultiWordTagIsJoinedIntoOneHashtagAsTheHintSays() {
        Browser ivan = instance.loggedIn("ivan");
        createGroup(ivan, "joinedtags", "Joined tags", "open", false);
        assertThat(ivan.page("/groups/joinedtags").select("#tags-hint").text()).contains("open data").contains("#opendata");
        String thread = startThread(ivan, "/groups/joinedtags", "Portals", "discussion", "Which portal?",
                "open data, procurement");
        Document page = ivan.page(thread);
        assertThat(page.select(".tags a").eachAttr("href")).contains("/tags/opendata", "/tags/procurement");
        assertThat(object(thread).payload()).contains("\"name\":\"#opendata\"");
    }
}

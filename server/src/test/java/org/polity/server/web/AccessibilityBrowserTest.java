package org.polity.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.PASSWORD;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.polity.server.model.Account;
import org.polity.server.testing.Chrome;
import org.polity.server.testing.TestInstance;

/**
 * Every page in a real headless Chromium: axe-core (WCAG 2.0/2.1 A and AA, 2.2 AA) finds no serious or
 * critical violation; the skip link is the first thing Tab reaches and moves focus to the main content; at
 * 360 CSS pixels wide no page scrolls sideways. Every page checked must answer 200 first: a 404 or an error
 * page fails the test rather than being checked by axe as if it were the page.
 */
@Tag("browser")
class AccessibilityBrowserTest {
    @TempDir
    static Path dataDir;
    static TestInstance instance;
    static Chrome anonymous;
    static Chrome admin;
    static TestInstance.Browser adminHttp;

    @BeforeAll
    static void start() throws Exception {
        Chrome.assumeAvailable();
        instance = TestInstance.start(dataDir, Map.of());
        instance.create("root_admin", Account.Role.ADMIN, Account.Status.ACTIVE);
        instance.account("alice", "Alice Example", "ACTIVE", new Account.Profile("Department of Examples",
                "Innovation lead", "AU", "Runs the innovation lab.", List.of("open data", "design")));
        instance.account("pending_pat", "PENDING"); // so the approvals page shows an application card
        // a public challenge, and a follow request waiting for the admin, so those pages have content
        var polity = instance.server().polity();
        org.polity.server.model.Actor alice = instance.localActor("alice");
        String challenge = "{\"type\":[\"Article\",\"Challenge\"],\"name\":\"Open data for budgets\","
                + "\"content\":\"<p>How do you publish spending?</p>\","
                + "\"to\":[\"https://www.w3.org/ns/activitystreams#Public\"]}";
        var created = polity.federation().objects().create(alice, new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(challenge), null);
        challengePath = java.net.URI.create(created.objectUri()).getRawPath();
        polity.accounts().setManuallyApprovesFollowers(polity.accounts().findByUsername("root_admin").orElseThrow(),
                true);
        polity.federation().follows().follow(alice, instance.localActor("root_admin"), null);
        groupPages();
        // a note by the admin with a reply, for its page, and the confirmation shown after publishing it
        var note = polity.federation().objects().create(instance.localActor("root_admin"),
                new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"type\":\"Note\",\"content\":"
                        + "\"<p>Who publishes spending data weekly?</p>\",\"to\":[\"https://www.w3.org/ns/activitystreams#Public\"]}"),
                null);
        polity.federation().objects().create(alice, new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                "{\"type\":\"Note\",\"content\":\"<p>We do.</p>\",\"inReplyTo\":\"" + note.objectUri()
                        + "\",\"to\":[\"https://www.w3.org/ns/activitystreams#Public\"]}"), null);
        notePath = java.net.URI.create(note.objectUri()).getRawPath();
        publishedPath = "/home?published=" + polity.storage().stores().objects().findObjectByUri(note.objectUri())
                .orElseThrow().id();
        anonymous = Chrome.start(1280, 900);
        admin = Chrome.start(1280, 900);
        admin.logIn(base(), "root_admin", PASSWORD);
        adminHttp = instance.browser();
        assertThat(adminHttp.logIn("root_admin", PASSWORD).statusCode()).isEqualTo(303);
    }

    /** The pages of a challenge and of a note with a reply, at their ids ({@code /objects/...}), and /home after posting. */
    static String challengePath;
    static String notePath;
    static String publishedPath;

    static List<String> objectPagePaths() {
        return List.of(challengePath, notePath, "/users/alice/followers", "/users/root_admin/following",
                "/users/root_admin");
    }

    @ParameterizedTest(name = "axe, pages at our ids, logged out: {0}")
    @org.junit.jupiter.params.provider.MethodSource("objectPagePaths")
    void objectPagesPassAxeLoggedOut(String path) {
        anonymous.get(base() + path);
        assertNoSeriousViolations(anonymous, path);
    }

    @ParameterizedTest(name = "axe, pages at our ids, as admin: {0}")
    @org.junit.jupiter.params.provider.MethodSource("objectPagePaths")
    void objectPagesPassAxe(String path) {
        admin.get(base() + path);
        assertNoSeriousViolations(admin, path);
    }

    @Test
    void thePublishedConfirmationPassesAxe() {
        admin.get(base() + publishedPath);
        assertThat(admin.findAll("#published[role=status]")).hasSize(1);
        assertNoSeriousViolations(admin, publishedPath);
    }

    @ParameterizedTest(name = "no sideways scrolling at 360px, pages at our ids: {0}")
    @org.junit.jupiter.params.provider.MethodSource("objectPagePaths")
    void objectPagesDoNotScrollSideways(String path) {
        noHorizontalScrollingAt360(path);
    }

    /** The thread page of the group pages' fixture ({@link #groupPages}). */
    static String threadPath;

    /**
     * A group run by the admin, with a member, a pending request, an answered question with a nested reply
     * and a tag, so the group, thread, members and tag pages show every part.
     */
    static void groupPages() {
        var polity = instance.server().polity();
        var groups = polity.federation().groups();
        var admin = instance.localActor("root_admin");
        var alice = instance.localActor("alice");
        var lab = groups.setup().create(admin, "lab", "Innovation lab", "Public sector *innovation* methods.",
                org.polity.server.model.GroupInfo.Membership.APPROVAL, false);
        groups.setup().updateSettings(admin, lab, "Innovation lab", "Public sector *innovation* methods.", "Be kind.",
                org.polity.server.model.GroupInfo.Membership.APPROVAL, false);
        var follow = groups.membership().join(alice, lab, "I run a lab.");
        groups.membership().decide(admin, lab, follow.id(), true);
        groups.membership().join(instance.member("bob_applicant"), lab, "Please let me in.");
        var started = groups.posting().startThread(admin, lab, "How do you run a design sprint?", "See *our* guide.",
                org.polity.server.model.GroupThread.Kind.QUESTION, List.of("design"));
        String threadUri = polity.storage().stores().objects().findObjectsByAuthor(admin.id(), Long.MAX_VALUE, 1)
                .get(0).uri();
        groups.posting().reply(alice, threadUri, "Five days, one question.");
        String answerUri = polity.storage().stores().groups().findThreadPosts(threadUri, 5).get(1);
        groups.posting().reply(admin, answerUri, "Thanks!");
        groups.moderation().acceptAnswer(admin, threadUri, answerUri);
        threadPath = "/threads/" + polity.storage().stores().objects().findObjectByUri(threadUri).orElseThrow().id();
        assertThat(started).isNotNull();
    }

    static List<String> groupPagePaths() {
        return List.of("/groups", "/groups/lab", threadPath, "/groups/lab/members", "/groups/lab/settings",
                "/tags/design");
    }

    @ParameterizedTest(name = "axe, groups, as admin: {0}")
    @org.junit.jupiter.params.provider.MethodSource("groupPagePaths")
    void groupPagesPassAxe(String path) {
        admin.get(base() + path);
        assertNoSeriousViolations(admin, path);
    }

    @ParameterizedTest(name = "axe, groups, logged out: {0}")
    @ValueSource(strings = {"/groups", "/groups/lab", "/tags/design"})
    void publicGroupPagesPassAxe(String path) {
        anonymous.get(base() + path);
        assertNoSeriousViolations(anonymous, path);
    }

    @Test
    void aThreadPassesAxeLoggedOut() {
        anonymous.get(base() + threadPath);
        assertNoSeriousViolations(anonymous, threadPath);
    }

    @ParameterizedTest(name = "no sideways scrolling at 360px, groups: {0}")
    @org.junit.jupiter.params.provider.MethodSource("groupPagePaths")
    void groupPagesDoNotScrollSideways(String path) {
        noHorizontalScrollingAt360(path);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {anonymous, admin, instance}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                e.printStackTrace();
            }
        }
    }

    static String base() {
        return instance.uri("").toString();
    }

    /**
     * The page answers 200 to the same viewer over plain HTTP (404 for the not-found page, which is checked on
     * purpose): axe on an error page would prove nothing about the page.
     */
    static void assertPageServes(String path) {
        int expected = path.startsWith("/no-such-page") ? 404 : 200;
        assertThat(adminHttp.get(path).statusCode()).as("GET " + path).isEqualTo(expected);
    }

    static void assertNoSeriousViolations(Chrome chrome, String what) {
        List<Chrome.Violation> all = chrome.axe();
        String report = all.stream().map(v -> "  " + v).collect(Collectors.joining("\n"));
        System.out.println("axe " + what + " (" + chrome.driver.getCurrentUrl() + "): " + all.size()
                + " violation(s)" + (all.isEmpty() ? "" : "\n" + report));
        List<Chrome.Violation> serious = all.stream().filter(Chrome.Violation::seriousOrWorse).toList();
        assertThat(serious).as("serious or critical axe violations on " + what + ":\n" + report).isEmpty();
    }

    @ParameterizedTest(name = "axe, logged out: {0}")
    @ValueSource(strings = {"/", "/signup", "/login", "/users/alice", "/no-such-page", "/challenges", "/case-studies",
        "/resources", "/blog", "/search", "/search?q=data", "/search?q=alice"})
    void publicPagesPassAxe(String path) {
        anonymous.get(base() + path);
        assertNoSeriousViolations(anonymous, path);
    }

    @ParameterizedTest(name = "axe, as admin: {0}")
    @ValueSource(strings = {"/", "/admin/approvals", "/settings/profile", "/settings/password", "/settings/tokens",
        "/users/alice", "/no-such-page", "/home", "/search?q=alice", "/notifications", "/follow-requests",
        "/challenges", "/search?q=data", "/blog/new", "/admin/domains"})
    void memberPagesPassAxe(String path) {
        assertPageServes(path);
        admin.get(base() + path);
        assertNoSeriousViolations(admin, path);
    }

    /** The harness itself: axe runs under the page's CSP and does report a real violation. */
    @Test
    void axeRunsUnderTheContentSecurityPolicyAndReportsViolations() {
        assertThat(adminHttp.get("/login").headers().firstValue("Content-Security-Policy")).get().asString()
                .contains("default-src 'self'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        anonymous.get(base() + "/login");
        // the policy is in force: an inline script added to the page does not run ...
        anonymous.js("const s = document.createElement('script'); s.textContent = 'window.inlineRan = true;';"
                + " document.body.appendChild(s);");
        assertThat(anonymous.js("return window.inlineRan === true;")).isEqualTo(false);
        // ... while axe, injected through WebDriver, runs and finds a planted image without alternative text
        anonymous.js("const i = document.createElement('img'); i.src = '/static/none.png'; i.id = 'planted';"
                + " document.querySelector('main').appendChild(i);");
        List<Chrome.Violation> violations = anonymous.axe();
        assertThat(violations).anySatisfy(v -> {
            assertThat(v.id()).isEqualTo("image-alt");
            assertThat(v.seriousOrWorse()).isTrue();
            assertThat(v.targets()).anySatisfy(t -> assertThat(t).contains("#planted"));
        });
    }

    @Test
    void signUpWithValidationErrorsPassesAxe() {
        anonymous.get(base() + "/signup");
        anonymous.fill("username", "Not A Name!");
        anonymous.fill("email", "someone@gmail.com");
        anonymous.fill("password", "short");
        anonymous.fill("passwordConfirm", "different");
        // the browser's own checks would stop the submission; the server's messages are what is tested here
        anonymous.js("document.querySelector('main form[action=\"/signup\"]').noValidate = true;");
        anonymous.find("main form[action='/signup'] button[type=submit]").click();
        anonymous.waitUpTo(Duration.ofSeconds(10)).until(d -> !anonymous.findAll("#error-summary").isEmpty());
        assertThat(anonymous.findAll("[aria-invalid=true]")).as("fields marked invalid").isNotEmpty();
        assertNoSeriousViolations(anonymous, "/signup with errors");
    }

    @Test
    void logInWithAWrongPasswordPassesAxe() {
        anonymous.get(base() + "/login");
        anonymous.fill("login", "alice");
        anonymous.fill("password", "not the password");
        anonymous.find("main form[action='/login'] button[type=submit]").click();
        anonymous.waitUpTo(Duration.ofSeconds(10)).until(d -> anonymous.driver.getPageSource().contains("login-notice")
                || !anonymous.findAll("#error-summary").isEmpty());
        assertNoSeriousViolations(anonymous, "/login with an error");
    }

    @ParameterizedTest(name = "skip link first, moves focus to main: {0}")
    @ValueSource(strings = {"/", "/signup", "/login", "/users/alice", "/no-such-page", "/challenges", "/search?q=data"})
    void skipLinkIsFirstAndMovesFocusToMain(String path) {
        checkSkipLink(anonymous, path);
    }

    @ParameterizedTest(name = "skip link first, moves focus to main, as admin: {0}")
    @ValueSource(strings = {"/", "/admin/approvals", "/settings/profile", "/home", "/search?q=alice", "/notifications"})
    void skipLinkWorksForMembers(String path) {
        assertPageServes(path);
        checkSkipLink(admin, path);
    }

    private static void checkSkipLink(Chrome chrome, String path) {
        chrome.get(base() + path);
        chrome.js("document.activeElement && document.activeElement.blur(); window.focus();");
        new Actions(chrome.driver).sendKeys(Keys.TAB).perform();
        WebElement first = chrome.driver.switchTo().activeElement();
        assertThat(first.getAttribute("class")).as("first focusable element on " + path).contains("skip-link");
        assertThat(first.getAttribute("href")).endsWith("#main");
        assertThat(first.isDisplayed()).as("the focused skip link is visible").isTrue();
        Object onScreen = chrome.js("const r = arguments[0].getBoundingClientRect();"
                + " return r.width > 1 && r.height > 1 && r.top >= 0 && r.left >= 0;", first);
        assertThat(onScreen).as("the focused skip link is on screen on " + path).isEqualTo(true);
        new Actions(chrome.driver).sendKeys(Keys.ENTER).perform();
        chrome.waitUpTo(Duration.ofSeconds(5)).until(d -> "main".equals(
                String.valueOf(chrome.js("return document.activeElement.id;"))));
        assertThat(chrome.driver.switchTo().activeElement().getTagName()).isEqualTo("main");
    }

    @ParameterizedTest(name = "no sideways scrolling at 360px: {0}")
    @ValueSource(strings = {"/", "/signup", "/login", "/users/alice", "/no-such-page", "/admin/approvals",
        "/settings/profile", "/settings/password", "/settings/tokens", "/home", "/search?q=alice", "/notifications",
        "/follow-requests", "/challenges", "/case-studies", "/resources", "/blog", "/search?q=data", "/blog/new"})
    void noHorizontalScrollingAt360(String path) {
        assertPageServes(path);
        admin.viewport(360, 740, true);
        try {
            admin.get(base() + path);
            Object wide = admin.js("return Array.from(document.querySelectorAll('body *'))"
                    + ".filter(e => e.getBoundingClientRect().right > Math.min(360, document.documentElement.clientWidth) + 0.5)"
                    + ".slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')"
                    + " + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '')"
                    + " + ' right=' + Math.round(e.getBoundingClientRect().right)).join(', ');");
            Object width = admin.js("return window.innerWidth;");
            assertThat(((Number) width).intValue()).as(path + " at 360px; too wide: " + wide).isEqualTo(360);
            Object scroll = admin.js("return document.documentElement.scrollWidth;");
            Object client = admin.js("return document.documentElement.clientWidth;");
            assertThat(((Number) scroll).intValue()).as(path + " at 360px: scrollWidth " + scroll + " > clientWidth "
                    + client + "; too wide: " + wide).isLessThanOrEqualTo(((Number) client).intValue());
        } finally {
            admin.viewport(1280, 900, false);
        }
    }
}

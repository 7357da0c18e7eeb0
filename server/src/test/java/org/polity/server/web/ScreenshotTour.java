package org.polity.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.PASSWORD;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.activitypub.Federation;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.service.AccountService;
import org.polity.server.testing.Chrome;
import org.polity.server.testing.TestInstance;

/**
 * Screenshots of the key pages for the docs, at desktop (1280x900) and phone (390x844) sizes, of an instance
 * with a few demo members and posts. Runs only when asked, by {@code scripts/screenshots}
 * ({@code -Dtest=ScreenshotTour -Dscreenshots.dir=docs/screenshots}); pages not in this build (404) are left
 * out.
 */
@Tag("screenshots")
@Tag("browser")
class ScreenshotTour {
    static final String PUBLIC = "https://www.w3.org/ns/activitystreams#Public";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    /** {@code script}, when not null, runs on the loaded page before the picture (open a menu, scroll). */
    record Shot(String name, String path, boolean member, String script) {
        Shot(String name, String path, boolean member) {
            this(name, path, member, null);
        }
    }

    @Test
    void takeScreenshots() throws Exception {
        String dirSetting = System.getProperty("screenshots.dir", "");
        Assumptions.assumeFalse(dirSetting.isBlank(),
                "screenshots are taken only when asked: scripts/screenshots (-Dscreenshots.dir=...)");
        Chrome.assumeAvailable();
        Path out = outputDirectory(dirSetting);
        Files.createDirectories(out);

        Map<String, String> env = Map.of("POLITY_INSTANCE_NAME", "Polity Australia",
                "POLITY_INSTANCE_DESCRIPTION", "A network for public servants working on innovation in government.");
        try (TestInstance instance = TestInstance.start(dataDir, env)) {
            demoData(instance);
            List<Shot> shots = List.of(
                    new Shot("home", "/", false),
                    new Shot("signup", "/signup", false),
                    new Shot("login", "/login", false),
                    new Shot("profile", "/users/maria", false),
                    new Shot("feed", "/home", true),
                    new Shot("search", "/search?q=maria", true),
                    new Shot("search-public", "/search?q=data", false),
                    new Shot("challenges", "/challenges", false),
                    new Shot("blog", "/blog", false),
                    new Shot("blog-editor", "/blog/new", true),
                    new Shot("resources", "/resources", true),
                    new Shot("resource-new", "/resources/new", true),
                    new Shot("case-studies", "/case-studies", false),
                    new Shot("case-study-new", "/case-studies/new", true),
                    new Shot("groups", "/groups", true),
                    new Shot("group", "/groups/budgets", true),
                    new Shot("thread", threadPath, true),
                    new Shot("thread-replies", threadPath, true,
                            "document.getElementById('replies-title').scrollIntoView();"),
                    new Shot("menu-open", "/groups", true, "document.querySelector('.nav-menu').open = true;"),
                    new Shot("admin-settings", "/admin/settings", true),
                    new Shot("group-members", "/groups/budgets/members", true),
                    new Shot("follow-requests", "/follow-requests", true),
                    new Shot("notifications", "/notifications", true),
                    new Shot("approvals", "/admin/approvals", true),
                    new Shot("settings-profile", "/settings/profile", true));
            TestInstance.Browser http = instance.browser();
            assertThat(http.logIn("sam", PASSWORD).statusCode()).isEqualTo(303);
            List<String> written = new ArrayList<>();
            try (Chrome visitor = Chrome.start(1280, 900); Chrome member = Chrome.start(1280, 900)) {
                member.logIn(instance.uri("").toString(), "sam", PASSWORD);
                Map<String, int[]> sizes = new LinkedHashMap<>();
                sizes.put("desktop", new int[] {1280, 900});
                sizes.put("phone", new int[] {390, 844});
                for (Shot shot : shots) {
                    if (http.get(shot.path()).statusCode() == 404) {
                        System.err.println("*** screenshot " + shot.name() + " left out: " + shot.path()
                                + " is not in this build (404)");
                        continue;
                    }
                    Chrome chrome = shot.member() ? member : visitor;
                    for (var size : sizes.entrySet()) {
                        int[] wh = size.getValue();
                        chrome.viewport(wh[0], wh[1], size.getKey().equals("phone"));
                        chrome.get(instance.uri(shot.path()).toString());
                        if (shot.script() != null) {
                            chrome.js(shot.script());
                        }
                        Path file = out.resolve(shot.name() + "-" + size.getKey() + ".png");
                        Files.write(file, chrome.screenshot());
                        written.add(file.getFileName() + " (" + Files.size(file) / 1024 + " KiB)");
                    }
                }
            }
            System.out.println("screenshots in " + out + ":\n  " + String.join("\n  ", written));
            assertThat(written).isNotEmpty();
        }
    }

    /** A relative directory is taken from the project's root (the folder with web/templates), not server/. */
    static Path outputDirectory(String setting) {
        Path dir = Path.of(setting);
        if (dir.isAbsolute()) {
            return dir;
        }
        Path root = Path.of("").toAbsolutePath();
        while (root != null && !Files.isDirectory(root.resolve("web/templates"))) {
            root = root.getParent();
        }
        return (root == null ? Path.of("").toAbsolutePath() : root).resolve(dir);
    }

    /** A few members with profiles, an application waiting, and some public posts. */
    /** The thread page of the demo question (set by {@link #demoData}). */
    static String threadPath = "/threads/0";

    static void demoData(TestInstance instance) throws IOException {
        instance.accounts().create(new AccountService.NewAccount("sam", "sam@agency.gov.au", PASSWORD,
                "Sam Administrator", new Account.Profile("Digital Transformation Agency", "Community manager", "AU",
                "Looks after this instance.", List.of("community")), ""), Account.Role.ADMIN, Account.Status.ACTIVE);
        Account maria = instance.account("maria", "Maria Lopez", "ACTIVE", new Account.Profile(
                "Department of Finance", "Open data lead", "AU",
                "Publishing budget data people can use. Ask me about open data standards.",
                List.of("open data", "budgets")));
        Account tom = instance.account("tom", "Tom Nguyen", "ACTIVE", new Account.Profile("Service NSW",
                "Service designer", "AU", "Designing services around life events.", List.of("service design")));
        instance.account("jo_applicant", "Jo Applicant", "PENDING", new Account.Profile("Department of Health",
                "Policy officer", "AU", "", List.of()));
        var federation = instance.server().polity().federation();
        var actors = instance.server().polity().storage().stores().actors();
        Actor mariaActor = actors.findActorById(maria.actorId()).orElseThrow();
        Actor tomActor = actors.findActorById(tom.actorId()).orElseThrow();
        Actor adminActor = actors.findActorById(instance.accounts().findByUsername("sam").orElseThrow().actorId())
                .orElseThrow();
        post(federation, mariaActor, "<p>The 2026 budget tables are now published as open data, with a data"
                + " dictionary for every column.</p>");
        post(federation, tomActor, "<p>We cut the birth registration form from 11 pages to 3. Happy to share"
                + " what we learnt from user research.</p>");
        post(federation, mariaActor, "<p>Looking for colleagues working on spending transparency: what formats do"
                + " your users ask for?</p>");
        article(federation, mariaActor, List.of("Article", "Challenge"), "Making budget data usable by citizens",
                "<p>How have other countries helped people find and understand spending data? We are looking for"
                + " approaches that worked for non-specialists.</p>");
        article(federation, tomActor, List.of("Article", "CaseStudy"), "Birth registration in three pages",
                "<p>What we changed, how we tested it with parents, and what happened to completion rates.</p>");
        article(federation, tomActor, List.of("Article"), "What a week of user research taught us",
                "<p>Notes from five days with front-line staff and the people they serve.</p>");
        // a group with a member waiting, and an answered question in it
        var groups = federation.groups();
        Actor budgets = groups.setup().create(adminActor, "budgets", "Budget transparency",
                "Public servants who publish **budget and spending data**, and those who want to.",
                org.polity.server.model.GroupInfo.Membership.APPROVAL, false);
        for (Actor member : List.of(mariaActor, tomActor)) {
            groups.membership().decide(adminActor, budgets, groups.membership().join(member, budgets, "I work on this.").id(), true);
        }
        Actor lee = instance.member("lee");
        groups.membership().join(lee, budgets, "I am starting a spending dashboard at the Treasury and would like to learn.");
        String question = groups.posting().startThread(mariaActor, budgets, "Which formats do citizens actually use?",
                "We publish CSV and PDF. Has anyone measured which **formats** people download? #opendata",
                org.polity.server.model.GroupThread.Kind.QUESTION, List.of("budgets")).objectUri();
        String answer = groups.posting().reply(tomActor, question, "We log downloads: 70% CSV, 25% PDF, the rest JSON from"
                + " developers. An interactive table beat all of them.").objectUri();
        groups.posting().reply(mariaActor, answer, "Thank you, that matches what we suspected.");
        // a colleague from another country answers too, with a bare link (autolinked)
        Account ana = instance.account("ana", "Ana Rojas", "ACTIVE", new Account.Profile("Laboratorio de Gobierno",
                "Analista de datos", "CL", "", List.of()));
        Actor anaActor = actors.findActorById(ana.actorId()).orElseThrow();
        groups.membership().decide(adminActor, budgets, groups.membership().join(anaActor, budgets, "Datos abiertos en Chile.").id(), true);
        groups.posting().reply(anaActor, question, "In Chile the open budget portal shows most use of the search box over"
                + " downloads: https://presupuestoabierto.gob.cl/sectors");
        groups.moderation().acceptAnswer(mariaActor, question, answer);
        groups.posting().startThread(tomActor, budgets, "Plain-language labels for budget lines", "Share your glossaries here.",
                org.polity.server.model.GroupThread.Kind.DISCUSSION, List.of());
        threadPath = "/threads/" + instance.server().polity().storage().stores().objects()
                .findObjectByUri(question).orElseThrow().id();
        // sam approves followers by hand, and tom has asked to follow: the follow requests page has one
        instance.server().polity().accounts().setManuallyApprovesFollowers(
                instance.accounts().findByUsername("sam").orElseThrow(), true);
        federation.follows().follow(tomActor, actors.findActorById(adminActor.id()).orElseThrow(), null);
        for (Actor followed : List.of(mariaActor, tomActor)) {
            try {
                federation.outbox().submit(adminActor,
                        (ObjectNode) JSON.readTree("{\"type\":\"Follow\",\"object\":\"" + followed.uri() + "\"}"));
            } catch (RuntimeException e) {
                System.err.println("demo data: follow of " + followed.uri() + " failed: " + e);
            }
        }
    }

    private static void article(Federation federation, Actor actor, List<String> types, String name, String html) {
        ObjectNode article = JSON.createObjectNode().put("name", name).put("content", html);
        types.forEach(article.putArray("type")::add);
        article.putArray("to").add(PUBLIC);
        federation.outbox().submit(actor, article);
    }

    private static void post(Federation federation, Actor actor, String html) {
        ObjectNode note = JSON.createObjectNode().put("type", "Note").put("content", html);
        note.putArray("to").add(PUBLIC);
        note.putArray("cc").add(actor.followersUri());
        federation.outbox().submit(actor, note);
    }
}

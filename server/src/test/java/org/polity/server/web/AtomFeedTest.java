package org.polity.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.Polity;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.model.GroupInfo;
import org.polity.server.model.GroupThread;
import org.polity.server.testing.Api;
import org.polity.server.testing.AtomValidation;
import org.polity.server.testing.TestInstance;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The Atom feeds (RFC 4287): a member's public posts, a group's public threads and the public directories,
 * parsed with the JDK's namespace-aware DOM parser: the required elements of sections 4.1.1 and 4.1.2, the media
 * type, that followers-only posts and members-only groups stay out, that hostile text comes out escaped and
 * well-formed, and that each HTML page advertises its feed.
 */
class AtomFeedTest {
    static final String ATOM = "http://www.w3.org/2005/Atom";
    static final String PUBLIC = "https://www.w3.org/ns/activitystreams#Public";
    /** A title and a content that try to break out of XML: markup, a CDATA end, an ampersand, a control char. */
    static final String HOSTILE = "<script>alert(1)</script> ]]> Tom & Jerry \\u0001 end";

    @TempDir
    static Path dataDir;
    static TestInstance instance;
    static Api api;
    static String base;

    @BeforeAll
    static void start() {
        instance = TestInstance.start(dataDir, Map.of());
        api = new Api(instance);
        base = instance.server().baseUrl().toString().replaceAll("/$", "");
        Account alice = instance.account("alice", "Alice Martín", "ACTIVE",
                new Account.Profile("", "", "", "", List.of()));
        String token = api.token(alice);
        post(token, "\"Note\"", null, "<p>A public note about water & rivers</p>", "\"to\":[\"" + PUBLIC + "\"]");
        post(token, "\"Note\"", null, "<p>Secret note for followers</p>",
                "\"to\":[\"" + base + "/users/alice/followers\"]");
        post(token, "[\"Article\",\"Challenge\"]", "Water scarcity in cities", "<p>How do you ration water?</p>",
                "\"to\":[\"" + PUBLIC + "\"]");
        post(token, "[\"Article\",\"Challenge\"]", "Secret challenge", "<p>for followers only</p>",
                "\"to\":[\"" + base + "/users/alice/followers\"]");
        post(token, "[\"Article\",\"CaseStudy\"]", "Digital identity rollout", "<p>What we learned.</p>",
                "\"to\":[\"" + PUBLIC + "\"]");
        post(token, "\"Article\"", "Notes from the innovation week", "<p>A blog post.</p>",
                "\"to\":[\"" + PUBLIC + "\"]");
        Account admin = instance.create("ada", Account.Role.ADMIN, Account.Status.ACTIVE);
        new org.polity.server.blog.BlogService(polity()).publish(admin, new org.polity.server.blog.BlogService.Draft(
                "en", "Instance news", "", "Our *first* official post.", List.of(), List.of()), true);
        post(token, "\"Article\"", HOSTILE, "<p>" + HOSTILE + "</p>", "\"to\":[\"" + PUBLIC + "\"]");

        var groups = polity().federation().groups();
        Actor a = instance.localActor("alice");
        Actor open = groups.setup().create(a, "water", "Water group", "", GroupInfo.Membership.OPEN, false);
        groups.posting().startThread(a, open, "Open thread on rivers", "Rivers *matter*", GroupThread.Kind.DISCUSSION,
                List.of());
        Actor closed = groups.setup().create(a, "cabinet", "Cabinet office", "", GroupInfo.Membership.APPROVAL, true);
        groups.posting().startThread(a, closed, "Budget leak drill", "Members only text", GroupThread.Kind.DISCUSSION,
                List.of());
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

    static void post(String token, String type, String name, String content, String addressing) {
        String body = "{\"type\":" + type + (name == null ? "" : ",\"name\":\"" + name.replace("\"", "\\\"") + "\"")
                + ",\"content\":\"" + content.replace("\"", "\\\"") + "\"," + addressing + "}";
        HttpResponse<String> r = api.outbox("alice", token, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    /** Fetches a feed, checks its media type and caching, parses it and checks what RFC 4287 requires. */
    static Element feed(String path) throws Exception {
        HttpResponse<String> r = instance.get(path, "application/atom+xml");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("").toLowerCase().replace(" ", ""))
                .isEqualTo("application/atom+xml;charset=utf-8");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, max-age=300");
        AtomValidation.assertValid(r.body().getBytes(StandardCharsets.UTF_8), path);
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document doc = factory.newDocumentBuilder()
                .parse(new ByteArrayInputStream(r.body().getBytes(StandardCharsets.UTF_8)));
        Element feed = doc.getDocumentElement();
        assertThat(feed.getNamespaceURI()).isEqualTo(ATOM);
        assertThat(feed.getLocalName()).isEqualTo("feed");
        // 4.1.1: exactly one id, title, updated; a self link; an alternate HTML link; authors.
        assertThat(text(feed, "id")).isEqualTo(base + path.replace("/feed.atom", ""));
        assertThat(text(feed, "title")).isNotBlank();
        rfc3339(text(feed, "updated"));
        assertThat(link(feed, "self", null)).isEqualTo(base + path);
        assertThat(link(feed, "alternate", "text/html")).isEqualTo(base + path.replace("/feed.atom", ""));
        boolean feedAuthor = !children(feed, "author").isEmpty();
        List<Element> entries = children(feed, "entry");
        assertThat(entries.size()).isLessThanOrEqualTo(20);
        for (Element e : entries) {
            // 4.1.2
            assertThat(text(e, "id")).startsWith("http");
            assertThat(children(e, "title")).hasSize(1);
            rfc3339(text(e, "updated"));
            rfc3339(text(e, "published"));
            assertThat(link(e, "alternate", null)).startsWith("http");
            List<Element> authors = children(e, "author");
            assertThat(feedAuthor || !authors.isEmpty()).as("an author for " + text(e, "id")).isTrue();
            for (Element author : authors) {
                assertThat(text(author, "name")).isNotBlank();
                assertThat(text(author, "uri")).startsWith("http");
            }
            Element content = children(e, "content").get(0);
            assertThat(content.getAttribute("type")).isEqualTo("html");
        }
        return feed;
    }

    static void rfc3339(String value) {
        assertThat(OffsetDateTime.parse(value)).isNotNull();
    }

    static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element el && ATOM.equals(el.getNamespaceURI()) && name.equals(el.getLocalName())) {
                out.add(el);
            }
        }
        return out;
    }

    static String text(Element parent, String name) {
        List<Element> found = children(parent, name);
        assertThat(found).as("one atom:" + name).hasSize(1);
        return found.get(0).getTextContent();
    }

    static String link(Element parent, String rel, String type) {
        for (Element l : children(parent, "link")) {
            String r = l.getAttribute("rel").isEmpty() ? "alternate" : l.getAttribute("rel");
            if (r.equals(rel) && (type == null || type.equals(l.getAttribute("type")))) {
                return l.getAttribute("href");
            }
        }
        throw new AssertionError("no link rel=" + rel + " in " + parent.getLocalName());
    }

    static List<String> titles(Element feed) {
        return children(feed, "entry").stream().map(e -> text(e, "title")).toList();
    }

    static String contents(Element feed) {
        StringBuilder out = new StringBuilder();
        children(feed, "entry").forEach(e -> out.append(text(e, "content")).append('\n'));
        return out.toString();
    }

    @Test
    void aMembersFeedHasTheirPublicPostsOnly() throws Exception {
        Element feed = feed("/users/alice/feed.atom");
        assertThat(titles(feed)).contains("Water scarcity in cities", "Digital identity rollout",
                "A public note about water & rivers");
        assertThat(titles(feed)).doesNotContain("Secret challenge");
        assertThat(contents(feed)).doesNotContain("Secret note", "for followers only", "Members only text")
                .contains("<p>A public note about water &amp; rivers</p>");
        assertThat(text(children(feed, "author").get(0), "uri")).isEqualTo(base + "/users/alice");
    }

    @Test
    void aGroupsFeedHasItsPublicThreadsAndAMembersOnlyGroupHasNone() throws Exception {
        Element feed = feed("/groups/water/feed.atom");
        assertThat(titles(feed)).containsExactly("Open thread on rivers");
        Element entry = children(feed, "entry").get(0);
        assertThat(link(entry, "alternate", null)).matches(java.util.regex.Pattern.quote(base) + "/threads/\\d+");
        assertThat(text(entry, "content")).contains("<em>matter</em>");
        assertThat(instance.get("/groups/cabinet/feed.atom", "application/atom+xml").statusCode()).isEqualTo(404);
        assertThat(instance.get("/groups/nothing/feed.atom", "application/atom+xml").statusCode()).isEqualTo(404);
        assertThat(instance.get("/users/nobody/feed.atom", "application/atom+xml").statusCode()).isEqualTo(404);
    }

    @Test
    void theDirectoriesHaveFeedsOfTheirPublicObjects() throws Exception {
        assertThat(titles(feed("/challenges/feed.atom"))).containsExactly("Water scarcity in cities");
        assertThat(titles(feed("/case-studies/feed.atom"))).containsExactly("Digital identity rollout");
        List<String> blog = titles(feed("/blog/feed.atom"));
        assertThat(blog).contains("Notes from the innovation week").doesNotContain("Secret challenge");
    }

    @Test
    void hostileTextComesOutEscapedAndWellFormed() throws Exception {
        HttpResponse<String> raw = instance.get("/blog/feed.atom", "application/atom+xml");
        assertThat(raw.body()).doesNotContain("<script>", "\u0001", "]]>");
        Element feed = feed("/blog/feed.atom");
        String title = titles(feed).stream().filter(t -> t.contains("Jerry")).findFirst().orElseThrow();
        assertThat(title).isEqualTo("<script>alert(1)</script> ]]> Tom & Jerry  end");
        String content = contents(feed);
        assertThat(content).contains("Tom &amp; Jerry").doesNotContain("\u0001", "<script>");
    }

    @Test
    void theWriterDropsWhatXmlForbidsWhateverTheStorageKept() throws Exception {
        String hostile = "a\u0001b\u0000c\uFFFFd\uD800e\u0008 ]]> <i>&amp;</i> \uD83D\uDE00\tend";
        AtomFeed.Entry entry = new AtomFeed.Entry("https://x.example/o/1", hostile, java.time.Instant.EPOCH,
                java.time.Instant.EPOCH, "https://x.example/o/1", new AtomFeed.Person(hostile, "https://x.example/u"),
                hostile);
        byte[] xml = AtomFeed.write(new AtomFeed.Feed("https://x.example/", hostile, "https://x.example/feed.atom",
                "https://x.example/", null, List.of(entry)));
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Element feed = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml)).getDocumentElement();
        AtomValidation.assertValid(xml, "a feed of hostile text");
        String clean = "abcde ]]> <i>&amp;</i> \uD83D\uDE00\tend";
        assertThat(text(feed, "title")).isEqualTo(clean);
        assertThat(text(feed, "updated")).isEqualTo("1970-01-01T00:00:00Z");
        Element e = children(feed, "entry").get(0);
        assertThat(text(e, "content")).isEqualTo(clean);
        assertThat(text(children(e, "author").get(0), "name")).isEqualTo(clean);
        assertThat(new String(xml, StandardCharsets.UTF_8)).doesNotContain("]]>", "<i>");
    }

    @Test
    void eachPageAdvertisesItsFeeds() {
        String thread = Jsoup.parse(instance.get("/groups/water", "text/html").body())
                .select("a[href^=/threads/]").first().attr("href");
        String note = polity().storage().stores().objects()
                .findObjectsByAuthor(instance.localActor("alice").id(), Long.MAX_VALUE, 50).stream()
                .filter(o -> o.name() == null && o.contentHtml().contains("water &amp; rivers")).findFirst()
                .map(o -> o.uri().substring(base.length())).orElseThrow();
        Map<String, List<String>> pages = Map.of("/users/alice", List.of("/users/alice/feed.atom"),
                "/groups/water", List.of("/groups/water/feed.atom"),
                thread, List.of("/groups/water/feed.atom"),
                note, List.of("/users/alice/feed.atom"),
                "/challenges", List.of("/challenges/feed.atom"),
                "/case-studies", List.of("/case-studies/feed.atom"),
                "/resources", List.of("/resources/feed.atom"),
                "/blog", List.of("/blog/feed.atom", "/users/official/feed.atom"),
                "/", List.of("/users/official/feed.atom"));
        pages.forEach((page, feeds) -> {
            HttpResponse<String> r = instance.get(page, "text/html");
            assertThat(r.statusCode()).as(page).isEqualTo(200);
            var links = Jsoup.parse(r.body()).select("head link[rel=alternate][type=application/atom+xml]");
            assertThat(links.eachAttr("href")).as(page).containsExactlyElementsOf(feeds);
            links.forEach(l -> assertThat(l.attr("title")).as(page).isNotBlank());
            // every advertised feed answers, and is valid Atom
            feeds.forEach(f -> AtomValidation.assertValid(instance.get(f, "application/atom+xml").body()
                    .getBytes(StandardCharsets.UTF_8), f));
        });
        assertThat(Jsoup.parse(instance.get("/groups/cabinet", "text/html").body())
                .select("link[type=application/atom+xml]")).isEmpty();
        assertThat(Jsoup.parse(instance.get("/search", "text/html").body())
                .select("link[type=application/atom+xml]")).isEmpty();
    }
}

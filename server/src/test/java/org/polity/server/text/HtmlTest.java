package org.polity.server.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTest {
    @Test
    void markdownBecomesHtml() {
        assertThat(Html.markdownToHtml("Hello **world**\n\n- a\n- b"))
                .contains("<strong>world</strong>")
                .contains("<li>a</li>");
    }

    @Test
    void rawHtmlInMarkdownIsEscapedNotRun() {
        String html = Html.markdownToHtml("<script>alert(1)</script> <img src=x onerror=alert(1)>");
        assertThat(html).doesNotContain("<script").doesNotContain("<img");
        assertThat(html).contains("&lt;script&gt;");
    }

    @Test
    void sanitiserKeepsLinksButDropsScriptsAndHandlers() {
        String html = Html.sanitize("<p onclick=\"x()\">Hi <a href=\"https://gov.example\">there</a>"
                + "<a href=\"javascript:alert(1)\">bad</a><script>alert(1)</script></p>");
        assertThat(html).doesNotContain("onclick").doesNotContain("javascript:").doesNotContain("<script");
        assertThat(html).contains("href=\"https://gov.example\"").contains("rel=\"nofollow");
    }

    @Test
    void mastodonMentionMarkupSurvives() {
        String html = Html.sanitize("<p><span class=\"h-card\"><a href=\"https://m.example/@a\" class=\"u-url mention\">"
                + "@<span>a</span></a></span></p>");
        assertThat(html).contains("class=\"h-card\"").contains("class=\"u-url mention\"");
    }

    @Test
    void hashtagsOfThePostLinkToTheirPagesButNotInsideLinksOrCode() {
        java.util.function.Function<String, String> url = tag -> "https://p.example/tags/" + tag;
        String html = "<p>About #OpenData and #other, not a#b, not &#39;.</p><p><code>#opendata</code>"
                + " <a href=\"https://x.example\">#opendata</a> #opendata</p>";
        String linked = Html.linkHashtags(html, java.util.Set.of("opendata"), url);
        assertThat(linked).isEqualTo("<p>About <a href=\"https://p.example/tags/opendata\" class=\"hashtag\""
                + " rel=\"tag\">#OpenData</a> and #other, not a#b, not &#39;.</p><p><code>#opendata</code>"
                + " <a href=\"https://x.example\">#opendata</a> <a href=\"https://p.example/tags/opendata\""
                + " class=\"hashtag\" rel=\"tag\">#opendata</a></p>");
        assertThat(Html.linkHashtags(html, java.util.Set.of(), url)).isEqualTo(html);
    }

    @Test
    void bareUrlsInMarkdownBecomeLinksButNotInCodeAndNeverJavascript() {
        String html = Html.markdownToHtml("See https://data.gov.example/sets?a=1&b=2. And `https://in.code/x`"
                + " and javascript:alert(1) and [named](https://named.example).");
        assertThat(html).contains("<a href=\"https://data.gov.example/sets?a&#61;1&amp;b&#61;2\" rel=\"nofollow noopener ugc\">"
                + "https://data.gov.example/sets?a&#61;1&amp;b&#61;2</a>.");
        assertThat(html).contains("<code>https://in.code/x</code>");
        assertThat(html).doesNotContain("href=\"javascript");
        assertThat(html).contains("<a href=\"https://named.example\" rel=\"nofollow noopener ugc\">named</a>");
    }

    @Test
    void bareUrlsInLocalHtmlBecomeLinksOnlyOutsideLinksAndCode() {
        String html = Html.autolink(Html.sanitize("<p>Go to https://a.example/x, or <a href=\"https://b.example\">"
                + "https://b.example</a>, <code>https://c.example</code>, javascript://x%0aalert(1)</p>"));
        assertThat(html).contains("Go to <a href=\"https://a.example/x\" rel=\"nofollow noopener ugc\">https://a.example/x</a>,");
        assertThat(html).containsOnlyOnce("https://b.example\"");
        assertThat(html).contains("<code>https://c.example</code>");
        assertThat(html).doesNotContain("href=\"javascript");
        // Another server's HTML is only sanitised: its text is left as its author's server wrote it.
        assertThat(Html.sanitize("<p>See https://remote.example/x</p>")).isEqualTo("<p>See https://remote.example/x</p>");
    }

    @Test
    void headingsInPostsAreShiftedBelowThePageHeadings() {
        String html = "<h1>One</h1><p>x</p><h2 id=\"a\">Two</h2><h3>Three</h3><h5>Five</h5><h6>Six</h6><code>&lt;h1&gt;</code>";
        assertThat(Html.forDisplay(html, 3))
                .isEqualTo("<h3>One</h3><p>x</p><h4 id=\"a\">Two</h4><h5>Three</h5><h6>Five</h6><h6>Six</h6><code>&lt;h1&gt;</code>");
        assertThat(Html.forDisplay("<H1>Loud</H1>", 4)).isEqualTo("<h4>Loud</h4>");
        assertThat(Html.forDisplay(null, 3)).isEmpty();
    }
}

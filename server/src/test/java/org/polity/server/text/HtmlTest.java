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
}

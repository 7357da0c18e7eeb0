package org.polity.server.text;

import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;
import org.owasp.html.Sanitizers;

/**
 * HTML in and out: Markdown written by members becomes HTML, and every piece of HTML from anywhere
 * (members, remote servers) passes the same allowlist before it is stored.
 */
public final class Html {
    private static final Parser MARKDOWN = Parser.builder().build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().escapeHtml(true).softbreak("<br>").build();
    private static final PolicyFactory POLICY = Sanitizers.FORMATTING
            .and(Sanitizers.BLOCKS)
            .and(Sanitizers.LINKS)
            .and(new HtmlPolicyBuilder()
                    .allowElements("pre", "code", "br", "hr", "span")
                    .allowAttributes("class").matching(false, "h-card", "u-url", "mention", "hashtag", "invisible",
                            "ellipsis")
                    .onElements("a", "span")
                    .allowAttributes("rel").matching(false, "tag", "nofollow", "noopener", "noreferrer")
                    .onElements("a")
                    .toFactory());

    private Html() {}

    /** Markdown source to sanitised HTML. Raw HTML in the source is escaped, not interpreted. */
    public static String markdownToHtml(String markdown) {
        return sanitize(RENDERER.render(MARKDOWN.parse(markdown)));
    }

    /** Keeps only allowlisted elements and attributes; links get {@code rel="nofollow noopener"}. */
    public static String sanitize(String html) {
        return POLICY.sanitize(html).trim();
    }
}

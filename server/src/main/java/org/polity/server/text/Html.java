package org.polity.server.text;

import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;

/**
 * HTML in and out: Markdown written by members becomes HTML, and every piece of HTML from anywhere
 * (members, remote servers) passes the same allowlist before it is stored.
 */
public final class Html {
    private static final Parser MARKDOWN = Parser.builder().build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().escapeHtml(true).softbreak("<br>").build();
    /** The classes Mastodon and others put on mentions and hashtags, space-separated in any combination. */
    private static final java.util.regex.Pattern MICROFORMAT_CLASSES = java.util.regex.Pattern.compile(
            "(h-card|u-url|mention|hashtag|invisible|ellipsis)(\\s+(h-card|u-url|mention|hashtag|invisible|ellipsis))*");
    private static final PolicyFactory POLICY = new HtmlPolicyBuilder()
            .allowCommonInlineFormattingElements()
            .allowCommonBlockElements()
            .allowElements("a", "pre", "code", "br", "hr", "span", "blockquote", "ul", "ol", "li")
            .allowStandardUrlProtocols()
            .allowAttributes("href").onElements("a")
            .allowAttributes("class").matching(MICROFORMAT_CLASSES).onElements("a", "span")
            .requireRelsOnLinks("nofollow", "noopener")
            .toFactory();

    private Html() {}

    /** Markdown source to sanitised HTML. Raw HTML in the source is escaped, not interpreted. */
    public static String markdownToHtml(String markdown) {
        return sanitize(RENDERER.render(MARKDOWN.parse(markdown)));
    }

    /** Plain text as HTML text: the five special characters escaped. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** HTML (from another server) as plain text of at most {@code max} characters: tags dropped, entities read. */
    public static String toPlainText(String html, int max) {
        String text = html.replaceAll("(?i)<br\\s*/?>|</p>", "\n").replaceAll("<[^>]*>", "")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&nbsp;", " ").replace("&amp;", "&").strip();
        return text.length() <= max ? text : text.substring(0, max);
    }

    /** Keeps only allowlisted elements and attributes; links get {@code rel="nofollow noopener"}. */
    public static String sanitize(String html) {
        return POLICY.sanitize(html).trim();
    }
}

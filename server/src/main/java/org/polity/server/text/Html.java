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

    private static final java.util.regex.Pattern TAG_OR_TEXT = java.util.regex.Pattern.compile("<[^>]*>|[^<]+");
    private static final java.util.regex.Pattern HASHTAG_IN_TEXT =
            java.util.regex.Pattern.compile("(?<![\\w&/#])#([\\p{L}\\p{N}_]{1,60})");

    /**
     * Links {@code #tag} words in sanitised HTML to their tag pages, as Mastodon does ({@code rel="tag"}), for
     * the tags in {@code tags} (lower-case names) only, and never inside a link, {@code code} or {@code pre}.
     * {@code tagUrl} gives a tag's page.
     */
    public static String linkHashtags(String html, java.util.Set<String> tags,
            java.util.function.Function<String, String> tagUrl) {
        if (tags.isEmpty() || html.indexOf('#') < 0) {
            return html;
        }
        StringBuilder out = new StringBuilder(html.length() + 64);
        int skip = 0;
        java.util.regex.Matcher parts = TAG_OR_TEXT.matcher(html);
        while (parts.find()) {
            String part = parts.group();
            if (part.startsWith("<")) {
                String name = part.replaceFirst("^</?\\s*([a-zA-Z0-9]+).*$", "$1").toLowerCase(java.util.Locale.ROOT);
                if (name.equals("a") || name.equals("code") || name.equals("pre")) {
                    skip += part.startsWith("</") ? -1 : 1;
                    skip = Math.max(skip, 0);
                }
                out.append(part);
                continue;
            }
            if (skip > 0) {
                out.append(part);
                continue;
            }
            java.util.regex.Matcher m = HASHTAG_IN_TEXT.matcher(part);
            int last = 0;
            while (m.find()) {
                String tag = m.group(1).toLowerCase(java.util.Locale.ROOT);
                if (!tags.contains(tag)) {
                    continue;
                }
                out.append(part, last, m.start());
                out.append("<a href=\"").append(escape(tagUrl.apply(tag))).append("\" class=\"hashtag\" rel=\"tag\">#")
                        .append(m.group(1)).append("</a>");
                last = m.end();
            }
            out.append(part, last, part.length());
        }
        return out.toString();
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

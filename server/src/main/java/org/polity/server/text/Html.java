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
    /** Bare http(s) URLs become links (commonmark's autolink extension; never inside code). */
    private static final java.util.List<org.commonmark.Extension> EXTENSIONS = java.util.List.of(
            org.commonmark.ext.autolink.AutolinkExtension.builder()
                    .linkTypes(org.commonmark.ext.autolink.AutolinkType.URL).build());
    private static final Parser MARKDOWN = Parser.builder().extensions(EXTENSIONS).build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().extensions(EXTENSIONS).escapeHtml(true).softbreak("<br>").build();
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
            .requireRelsOnLinks("nofollow", "noopener", "ugc")
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
        return mapLinkableText(html, part -> {
            java.util.regex.Matcher m = HASHTAG_IN_TEXT.matcher(part);
            StringBuilder out = new StringBuilder(part.length() + 64);
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
            return out.append(part, last, part.length()).toString();
        });
    }

    /**
     * Sanitised HTML with {@code transform} applied to each run of text outside links, {@code code} and
     * {@code pre} (where nothing may be turned into a link); tags and the other text are kept as they are.
     */
    private static String mapLinkableText(String html, java.util.function.UnaryOperator<String> transform) {
        StringBuilder out = new StringBuilder(html.length() + 64);
        int skip = 0;
        java.util.regex.Matcher parts = TAG_OR_TEXT.matcher(html);
        while (parts.find()) {
            String part = parts.group();
            if (part.startsWith("<")) {
                String name = part.replaceFirst("^</?\\s*([a-zA-Z0-9]+).*$", "$1").toLowerCase(java.util.Locale.ROOT);
                if (name.equals("a") || name.equals("code") || name.equals("pre")) {
                    skip = Math.max(skip + (part.startsWith("</") ? -1 : 1), 0);
                }
                out.append(part);
            } else {
                out.append(skip > 0 ? part : transform.apply(part));
            }
        }
        return out.toString();
    }

    private static final org.nibor.autolink.LinkExtractor URLS = org.nibor.autolink.LinkExtractor.builder()
            .linkTypes(java.util.EnumSet.of(org.nibor.autolink.LinkType.URL)).build();

    /**
     * Links the bare http(s) URLs in the text of sanitised HTML (a local post written as HTML), never inside
     * a link, {@code code} or {@code pre}; links already there are left as they are. Any other scheme
     * ({@code javascript:}, {@code data:}) stays text.
     */
    public static String autolink(String html) {
        if (html == null || !html.contains("://")) {
            return html;
        }
        return mapLinkableText(html, part -> {
            if (!part.contains("://")) {
                return part;
            }
            StringBuilder out = new StringBuilder(part.length() + 64);
            int last = 0;
            for (org.nibor.autolink.LinkSpan link : URLS.extractLinks(part)) {
                int end = link.getEndIndex();
                for (String entity : new String[] {"&lt;", "&gt;", "&quot;", "&#39;", "&#34;"}) {
                    int at = part.indexOf(entity, link.getBeginIndex());
                    if (at >= 0 && at < end) {
                        end = at;
                    }
                }
                String url = part.substring(link.getBeginIndex(), end);
                String lower = url.toLowerCase(java.util.Locale.ROOT);
                if (!lower.startsWith("https://") && !lower.startsWith("http://")) {
                    continue;
                }
                out.append(part, last, link.getBeginIndex());
                // The text is already HTML-escaped (sanitised), so it goes into the attribute as it is.
                out.append("<a href=\"").append(url.replace("\"", "&#34;")).append("\" rel=\"nofollow noopener ugc\">")
                        .append(url).append("</a>");
                last = end;
            }
            return out.append(part, last, part.length()).toString();
        });
    }

    private static final java.util.regex.Pattern HEADING_TAG = java.util.regex.Pattern.compile("<(/?)[hH]([1-6])(?=[\\s>])");

    /**
     * Stored post HTML as shown inside a page: its headings shifted down so that an {@code h1} in a post becomes
     * {@code h<top>} (h6 at most), below the page's own title and sections. Stored HTML is sanitised, so tags
     * are well-formed and text never holds a raw {@code <}.
     */
    public static String forDisplay(String html, int top) {
        if (html == null) {
            return "";
        }
        if (html.indexOf('<') < 0) {
            return html;
        }
        int shift = Math.max(0, top - 1);
        java.util.regex.Matcher m = HEADING_TAG.matcher(html);
        StringBuilder out = new StringBuilder(html.length());
        while (m.find()) {
            int level = Math.min(6, Integer.parseInt(m.group(2)) + shift);
            m.appendReplacement(out, "<" + m.group(1) + "h" + level);
        }
        m.appendTail(out);
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

package org.polity.server.web;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * An Atom feed (RFC 4287) and its XML, written with the JDK's {@link XMLStreamWriter}, never by concatenation:
 * every text and attribute is escaped by the writer, and the characters XML 1.0 forbids (control characters,
 * lone surrogates, U+FFFE and U+FFFF) are dropped first, so any stored text comes out well-formed. Content is
 * the stored, already sanitised HTML, sent as {@code type="html"}: escaped XML text that readers unescape.
 *
 * <p>Knows nothing of storage or the web framework: the routes build a {@link Feed} and write it.
 */
public final class AtomFeed {
    public static final String NAMESPACE = "http://www.w3.org/2005/Atom";
    public static final String MEDIA_TYPE = "application/atom+xml; charset=utf-8";
    private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newFactory();

    private AtomFeed() {}

    /** An {@code atom:author}: a name and an IRI. */
    public record Person(String name, String uri) {}

    /** An {@code atom:entry}: {@code id} is the object's ActivityPub id, {@code link} its HTML page. */
    public record Entry(String id, String title, Instant published, Instant updated, String link, Person author,
            String contentHtml, String lang) {
        public Entry(String id, String title, Instant published, Instant updated, String link, Person author,
                String contentHtml) {
            this(id, title, published, updated, link, author, contentHtml, null);
        }
    }

    /**
     * A feed: {@code id} is a stable IRI (the HTML page's URL), {@code self} the feed's own URL, {@code html}
     * the page it mirrors. {@code author} is always given, so the feed is valid with no entries too.
     */
    public record Feed(String id, String title, String self, String html, Person author, List<Entry> entries) {
        /** The newest entry's update, or the epoch for an empty feed (RFC 4287 requires an {@code updated}). */
        public Instant updated() {
            return entries.stream().map(Entry::updated).max(Instant::compareTo).orElse(Instant.EPOCH);
        }
    }

    /** The feed as UTF-8 XML. */
    public static byte[] write(Feed feed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            XMLStreamWriter xml = OUTPUT.createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("feed");
            xml.writeDefaultNamespace(NAMESPACE);
            element(xml, "id", feed.id());
            element(xml, "title", feed.title());
            element(xml, "updated", date(feed.updated()));
            link(xml, "self", "application/atom+xml", feed.self());
            link(xml, "alternate", "text/html", feed.html());
            person(xml, feed.author());
            for (Entry e : feed.entries()) {
                xml.writeStartElement("entry");
                if (e.lang() != null) {
                    // The entry's default language (its contentMap key), RFC 4287 section 2.
                    xml.writeAttribute("xml", "http://www.w3.org/XML/1998/namespace", "lang", e.lang());
                }
                element(xml, "id", e.id());
                element(xml, "title", e.title());
                element(xml, "published", date(e.published()));
                element(xml, "updated", date(e.updated()));
                link(xml, "alternate", "text/html", e.link());
                person(xml, e.author());
                xml.writeStartElement("content");
                xml.writeAttribute("type", "html");
                xml.writeCharacters(xmlText(e.contentHtml()));
                xml.writeEndElement();
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("could not write an Atom feed", e);
        }
        return out.toByteArray();
    }

    private static void element(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
        xml.writeStartElement(name);
        xml.writeCharacters(xmlText(text));
        xml.writeEndElement();
    }

    private static void link(XMLStreamWriter xml, String rel, String type, String href) throws XMLStreamException {
        xml.writeEmptyElement("link");
        xml.writeAttribute("rel", rel);
        xml.writeAttribute("type", type);
        xml.writeAttribute("href", xmlText(href));
    }

    private static void person(XMLStreamWriter xml, Person person) throws XMLStreamException {
        if (person == null) {
            return;
        }
        xml.writeStartElement("author");
        element(xml, "name", person.name());
        if (person.uri() != null) {
            element(xml, "uri", person.uri());
        }
        xml.writeEndElement();
    }

    /** RFC 3339 in UTC, to the second ({@code 2026-12-02T14:34:44Z}). */
    static String date(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * {@code text} without the characters XML 1.0 does not allow (section 2.2: tab, newline and carriage return
     * are the only controls; no lone surrogates, no U+FFFE or U+FFFF). The writer escapes the rest (the JDK's
     * writes {@code >} as {@code &gt;} too, so a {@code ]]>} in the text never appears; the tests check it).
     */
    static String xmlText(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            boolean allowed = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
            if (!allowed) {
                continue;
            }
            out.appendCodePoint(c);
        }
        return out.toString();
    }
}

package org.polity.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.thaiopensource.util.PropertyMapBuilder;
import com.thaiopensource.validate.ValidateProperty;
import com.thaiopensource.validate.ValidationDriver;
import com.thaiopensource.validate.rng.CompactSchemaReader;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;

/**
 * Validates an Atom document the way a feed validator does: against RFC 4287's RELAX NG schema (Appendix B,
 * {@code atom/rfc4287.rnc} in the test resources) with Jing, then the RFC's rules a grammar cannot say (the
 * schema's two Schematron assertions, which Jing does not run without Saxon, and the MUSTs of sections 3.3, 4.1
 * and 4.2). {@link #problems} lists everything wrong, each with the section it breaks; an empty list is a valid
 * feed.
 */
public final class AtomValidation {
    static final String ATOM = "http://www.w3.org/2005/Atom";
    private static final URL SCHEMA = Objects.requireNonNull(AtomValidation.class.getResource("/atom/rfc4287.rnc"));
    /** RFC 3339 section 5.6 date-time, with RFC 4287 section 3.3's upper-case "T" and "Z". */
    private static final Pattern DATE = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})");

    private AtomValidation() {}

    /** Fails with every problem found, naming the document. */
    public static void assertValid(byte[] xml, String what) {
        assertThat(problems(xml)).as("Atom problems in " + what).isEmpty();
    }

    /** What is wrong with this Atom document (empty: nothing). */
    public static List<String> problems(byte[] xml) {
        List<String> problems = new ArrayList<>(schema(xml));
        if (!problems.isEmpty()) {
            return problems; // the rules below assume the structure the schema checks
        }
        Element root = parse(xml).getDocumentElement();
        if (root.getLocalName().equals("feed")) {
            feedRules(root, problems);
        } else {
            entryRules(root, false, problems);
        }
        return problems;
    }

    private static List<String> schema(byte[] xml) {
        List<String> errors = new ArrayList<>();
        ErrorHandler collect = new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {}

            @Override
            public void error(SAXParseException e) {
                errors.add("RFC 4287 schema, line " + e.getLineNumber() + ": " + e.getMessage());
            }

            @Override
            public void fatalError(SAXParseException e) {
                error(e);
            }
        };
        PropertyMapBuilder properties = new PropertyMapBuilder();
        properties.put(ValidateProperty.ERROR_HANDLER, collect);
        ValidationDriver driver = new ValidationDriver(properties.toPropertyMap(), CompactSchemaReader.getInstance());
        try {
            if (!driver.loadSchema(new InputSource(SCHEMA.toString()))) {
                throw new AssertionError("the RFC 4287 schema did not load: " + errors);
            }
            driver.validate(new InputSource(new ByteArrayInputStream(xml)));
        } catch (java.io.IOException | org.xml.sax.SAXException e) {
            errors.add("not well-formed XML: " + e.getMessage());
        }
        return errors;
    }

    private static void feedRules(Element feed, List<String> problems) {
        List<Element> entries = children(feed, "entry");
        if (children(feed, "author").isEmpty()) {
            for (Element e : entries) {
                if (children(e, "author").isEmpty() && children(e, "source").stream()
                        .allMatch(s -> children(s, "author").isEmpty())) {
                    problems.add("4.1.1: entry " + text(e, "id") + " has no atom:author, and neither has the feed");
                }
            }
        }
        common(feed, "feed", problems);
        if (links(feed, "self").isEmpty()) {
            problems.add("4.1.1: a feed SHOULD have a link rel=\"self\" (Polity's feeds always do)");
        }
        Set<String> seen = new HashSet<>();
        for (Element e : entries) {
            if (!seen.add(text(e, "id") + " " + text(e, "updated"))) {
                problems.add("4.1.1: two entries with the same atom:id and atom:updated: " + text(e, "id"));
            }
            entryRules(e, true, problems);
        }
    }

    private static void entryRules(Element entry, boolean inFeed, List<String> problems) {
        String id = text(entry, "id");
        common(entry, "entry " + id, problems);
        List<Element> content = children(entry, "content");
        if (content.isEmpty() && links(entry, "alternate").isEmpty()) {
            problems.add("4.1.2: entry " + id + " has neither atom:content nor a link rel=\"alternate\"");
        }
        boolean summary = !children(entry, "summary").isEmpty();
        for (Element c : content) {
            String type = c.getAttribute("type");
            if (c.hasAttribute("src") && !summary) {
                problems.add("4.1.2: entry " + id + " has out-of-line content (src) and no atom:summary");
            }
            boolean textual = type.isEmpty() || type.equals("text") || type.equals("html") || type.equals("xhtml")
                    || type.startsWith("text/") || type.endsWith("+xml") || type.endsWith("/xml");
            if (!textual && !summary) {
                problems.add("4.1.2: entry " + id + " has Base64 content (" + type + ") and no atom:summary");
            }
        }
        if (!inFeed && children(entry, "author").isEmpty()) {
            problems.add("4.1.2: a standalone entry " + id + " needs an atom:author");
        }
        for (String name : List.of("published", "updated")) {
            for (Element d : children(entry, name)) {
                date(d, "entry " + id, problems);
            }
        }
    }

    /** Rules shared by feeds and entries: the id, the dates, and one alternate link per type and language. */
    private static void common(Element e, String what, List<String> problems) {
        String id = text(e, "id");
        try {
            if (!id.equals(id.strip()) || !URI.create(id).isAbsolute()) {
                problems.add("4.2.6: the atom:id of " + what + " is not an absolute IRI: '" + id + "'");
            }
        } catch (IllegalArgumentException x) {
            problems.add("4.2.6: the atom:id of " + what + " is not an IRI: '" + id + "'");
        }
        for (Element d : children(e, "updated")) {
            date(d, what, problems);
        }
        Set<String> alternates = new HashSet<>();
        for (Element l : links(e, "alternate")) {
            if (!alternates.add(l.getAttribute("type") + " " + l.getAttribute("hreflang"))) {
                problems.add("4.1.1/4.1.2: " + what + " has two links rel=\"alternate\" with type '"
                        + l.getAttribute("type") + "' and hreflang '" + l.getAttribute("hreflang") + "'");
            }
        }
        for (Element l : children(e, "link")) {
            try {
                URI.create(l.getAttribute("href"));
            } catch (IllegalArgumentException x) {
                problems.add("4.2.7.1: a link href of " + what + " is not an IRI: " + l.getAttribute("href"));
            }
        }
    }

    private static void date(Element d, String what, List<String> problems) {
        String value = d.getTextContent();
        if (!DATE.matcher(value).matches()) {
            problems.add("3.3: atom:" + d.getLocalName() + " of " + what + " is not an RFC 3339 date-time: '" + value
                    + "'");
        }
    }

    private static List<Element> links(Element parent, String rel) {
        return children(parent, "link").stream().filter(l -> (l.getAttribute("rel").isEmpty() ? "alternate"
                : l.getAttribute("rel")).equals(rel)).toList();
    }

    private static String text(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? "" : found.get(0).getTextContent();
    }

    private static List<Element> children(Element parent, String name) {
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

    private static Document parse(byte[] xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new AssertionError("not well-formed XML", e);
        }
    }
}

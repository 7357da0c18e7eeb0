package org.polity.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.polity.server.testing.AtomValidation;

/**
 * The validator the feed tests rely on finds what it should: a valid feed (RFC 4287 section 1.1's own example,
 * extended) passes, and each kind of invalid feed is refused with the section it breaks, so a passing feed test
 * means something.
 */
class AtomValidationTest {
    static final String VALID = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
              <title>Example Feed</title>
              <link href="http://example.org/"/>
              <link rel="self" href="http://example.org/feed.atom"/>
              <updated>2003-12-13T18:30:02Z</updated>
              <author><name>John Doe</name></author>
              <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
              <entry>
                <title>Atom-Powered Robots Run Amok</title>
                <link href="http://example.org/2003/12/13/atom03"/>
                <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
                <updated>2003-12-13T18:30:02Z</updated>
                <summary>Some text.</summary>
              </entry>
            </feed>
            """;

    static List<String> problems(String xml) {
        return AtomValidation.problems(xml.strip().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theRfcsExampleIsValid() {
        assertThat(problems(VALID)).isEmpty();
    }

    @Test
    void theSchemaRefusesMissingAndUnknownAtomElements() {
        assertThat(problems(VALID.replace("<id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>", "")))
                .anyMatch(p -> p.startsWith("RFC 4287 schema"));
        assertThat(problems(VALID.replace("<summary>", "<summery>").replace("</summary>", "</summery>")))
                .anyMatch(p -> p.startsWith("RFC 4287 schema"));
        assertThat(problems(VALID.replace("2003-12-13T18:30:02Z</updated>\n  <author>", "yesterday</updated>\n  <author>")))
                .anyMatch(p -> p.startsWith("RFC 4287 schema"));
        assertThat(problems(VALID.replace("xml:lang=\"en\"", "xml:lang=\"english language\"")))
                .anyMatch(p -> p.startsWith("RFC 4287 schema"));
        assertThat(problems("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>x</title>"))
                .anyMatch(p -> p.startsWith("not well-formed"));
    }

    @Test
    void theRulesBeyondTheGrammarAreChecked() {
        String noAuthor = VALID.replace("<author><name>John Doe</name></author>", "");
        assertThat(problems(noAuthor)).anyMatch(p -> p.startsWith("4.1.1") && p.contains("no atom:author"));
        String noAlternate = VALID.replace("<link href=\"http://example.org/2003/12/13/atom03\"/>", "");
        assertThat(problems(noAlternate)).anyMatch(p -> p.startsWith("4.1.2") && p.contains("neither"));
        String twoAlternates = VALID.replace("<link href=\"http://example.org/\"/>",
                "<link href=\"http://example.org/\"/><link rel=\"alternate\" href=\"http://example.org/b\"/>");
        assertThat(problems(twoAlternates)).anyMatch(p -> p.contains("two links rel=\"alternate\""));
        String lowerCaseZ = VALID.replace("2003-12-13T18:30:02Z</updated>\n    <summary>",
                "2003-12-13t18:30:02z</updated>\n    <summary>");
        assertThat(problems(lowerCaseZ)).isNotEmpty();
        String relativeId = VALID.replace("<id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>", "<id>/posts/1</id>");
        assertThat(problems(relativeId)).anyMatch(p -> p.startsWith("4.2.6"));
        String outOfLine = VALID.replace("<summary>Some text.</summary>",
                "<content type=\"application/pdf\" src=\"http://example.org/a.pdf\"/>");
        assertThat(problems(outOfLine)).anyMatch(p -> p.contains("out-of-line content"));
        String duplicate = VALID.replace("</entry>", "</entry>" + VALID.substring(VALID.indexOf("<entry>"),
                VALID.indexOf("</entry>") + "</entry>".length()));
        assertThat(problems(duplicate)).anyMatch(p -> p.contains("same atom:id and atom:updated"));
        String noSelf = VALID.replace("<link rel=\"self\" href=\"http://example.org/feed.atom\"/>", "");
        assertThat(problems(noSelf)).anyMatch(p -> p.contains("rel=\"self\""));
    }
}

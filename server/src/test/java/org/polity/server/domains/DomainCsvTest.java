package org.polity.server.domains;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.polity.server.service.InvalidInput;

/** Mastodon's domain-block CSV and plain lists, read all or nothing, and written without formulas. */
class DomainCsvTest {
    static DomainCsv.Parsed parse(String text) {
        return DomainCsv.parse(text.getBytes(StandardCharsets.UTF_8), Severity.BLOCK);
    }

    static String error(String text) {
        return error(text.getBytes(StandardCharsets.UTF_8));
    }

    static String error(byte[] bytes) {
        try {
            DomainCsv.parse(bytes, Severity.BLOCK);
        } catch (InvalidInput e) {
            return e.problems().get("file").english();
        }
        throw new AssertionError("parsed without an error");
    }

    @Test
    void readsMastodonsExportWithItsHeaderAndSeverities() {
        DomainCsv.Parsed parsed = parse("""
                #domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate
                spam.example,suspend,true,true,"Spam, lots of it",false
                Loud.Example.,silence,false,false,,true
                media.example,noop,true,false,,false
                """);
        assertThat(parsed.entries()).containsExactly(
                new DomainCsv.Entry("spam.example", Severity.BLOCK, true, true, "Spam, lots of it", false),
                new DomainCsv.Entry("loud.example", Severity.SILENCE, false, false, "", true));
        assertThat(parsed.skipped()).isEqualTo(1);
    }

    @Test
    void readsTheOlderHeaderWithoutHashesTheAllowExportAndPlainLists() {
        assertThat(parse("\uFEFFdomain,severity,public_comment\r\na.example,silence,Loud\r\n").entries())
                .containsExactly(new DomainCsv.Entry("a.example", Severity.SILENCE, false, false, "Loud", false));
        assertThat(parse("#domain\ngov.example\n").entries()).extracting(DomainCsv.Entry::domain)
                .containsExactly("gov.example");
        DomainCsv.Parsed plain = DomainCsv.parse("# my list\n\nbad.example\n*.worse.example\nlocalhost:9001\n"
                .getBytes(StandardCharsets.UTF_8), Severity.ALLOW);
        assertThat(plain.entries()).extracting(DomainCsv.Entry::domain)
                .containsExactly("bad.example", "worse.example", "localhost:9001");
        assertThat(plain.entries()).extracting(DomainCsv.Entry::severity).containsOnly(Severity.ALLOW);
    }

    @Test
    void hostileListsAreRefusedWholeWithTheLineThatIsWrong() {
        assertThat(error("#domain,#severity\ngood.example,suspend\nnot a domain,suspend\n"))
                .isEqualTo("Line 3: “not a domain” is not a domain.");
        assertThat(error("#domain,#severity\ngood.example,obliterate\n")).contains("Line 2", "obliterate");
        assertThat(error("#domain,#reject_media\ngood.example,maybe\n")).contains("Line 2", "maybe");
        assertThat(error("#domain,#public_comment\ngood.example,\"never closed\n")).contains("not closed");
        assertThat(error("good.example\n=HYPERLINK(\"http://x\")\n")).contains("Line 2");
        assertThat(error(new byte[] {'a', '.', 'b', 0, 'c'})).contains("not a text file");
        assertThat(error(new byte[] {(byte) 0xC3, (byte) 0x28, '\n'})).contains("not a text file");
        assertThat(error(new byte[DomainCsv.MAX_BYTES + 1])).contains("larger than");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i <= DomainCsv.MAX_ENTRIES; i++) {
            many.append("d").append(i).append(".example\n");
        }
        assertThat(error(many.toString())).contains("more than");
        assertThat(error("#domain,#public_comment\ngood.example," + "x".repeat(1001) + "\n")).contains("longer");
    }

    @Test
    void theExportIsMastodonsFormatAndNeverRunsAsAFormula() {
        List<DomainRule> rules = List.of(
                new DomainRule("spam.example", Severity.BLOCK, "=HYPERLINK(\"http://x\")", "secret", false, true,
                        false, DomainRule.Source.MANUAL, null, java.time.Instant.EPOCH, null),
                new DomainRule("loud.example", Severity.SILENCE, "loud, very", "", true, false, true,
                        DomainRule.Source.IMPORT, null, java.time.Instant.EPOCH, null),
                new DomainRule("gov.example", Severity.ALLOW, "", "", false, false, false,
                        DomainRule.Source.MANUAL, null, java.time.Instant.EPOCH, null));
        String csv = DomainCsv.writeBlocks(rules);
        assertThat(csv).isEqualTo(DomainCsv.HEADER + "\r\n"
                + "spam.example,suspend,true,false,\"'=HYPERLINK(\"\"http://x\"\")\",false\r\n"
                + "loud.example,silence,false,true,\"loud, very\",true\r\n");
        assertThat(csv).doesNotContain("secret");
        assertThat(DomainCsv.writeAllows(rules)).isEqualTo("#domain\r\ngov.example\r\n");
        // What it writes, it reads back (the formula guard aside).
        assertThat(DomainCsv.parse(csv.getBytes(StandardCharsets.UTF_8), Severity.BLOCK).entries())
                .extracting(DomainCsv.Entry::domain).containsExactly("spam.example", "loud.example");
        assertThat(DomainCsv.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThatThrownBy(() -> DomainCsv.parse("".getBytes(StandardCharsets.UTF_8), Severity.BLOCK).entries().get(0))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }
}

package org.polity.server.domains;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.Message;

/**
 * Domain lists in the formats other servers use: Mastodon's domain-block export
 * ({@code #domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate}, severities {@code suspend},
 * {@code silence} and {@code noop}), its older header without {@code #}, its domain-allow export (a {@code #domain}
 * column only), and a plain list, one domain per line ({@code #} starts a comment). Reading is all or nothing: the
 * first bad line is reported by number and nothing is taken. Writing guards every cell against spreadsheet formulas.
 */
public final class DomainCsv {
    public static final String HEADER = "#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate";
    /** Largest list read, in bytes (an import or a subscribed list). */
    public static final int MAX_BYTES = 2 * 1024 * 1024;
    /** Most entries one list may hold. */
    public static final int MAX_ENTRIES = 20_000;
    public static final int MAX_COMMENT = 1000;

    /** One entry of a list. */
    public record Entry(String domain, Severity severity, boolean rejectMedia, boolean rejectReports,
            String publicComment, boolean obfuscate) {}

    /** What a list held: its entries (a domain once, the last line for it winning) and the lines skipped. */
    public record Parsed(List<Entry> entries, int skipped) {}

    private DomainCsv() {}

    /**
     * Reads a list; a line that names no severity takes {@code defaultSeverity}. Lines of severity {@code noop}
     * (Mastodon's "reject media only", which means nothing here) are skipped and counted. Throws
     * {@link InvalidInput} on the field {@code file} for anything else that is not right.
     */
    public static Parsed parse(byte[] bytes, Severity defaultSeverity) {
        if (bytes.length > MAX_BYTES) {
            throw bad("domains.csv.tooLarge", MAX_BYTES / 1024);
        }
        String text = text(bytes);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<List<String>> rows = rows(text);
        int first = 0;
        while (first < rows.size() && blank(rows.get(first))) {
            first++;
        }
        if (first < rows.size() && isHeader(rows.get(first))) {
            return table(rows, first, defaultSeverity);
        }
        return plain(text, defaultSeverity);
    }

    private static Parsed table(List<List<String>> rows, int headerRow, Severity defaultSeverity) {
        Map<String, Integer> columns = new LinkedHashMap<>();
        List<String> header = rows.get(headerRow);
        for (int i = 0; i < header.size(); i++) {
            columns.putIfAbsent(column(header.get(i)), i);
        }
        Map<String, Entry> out = new LinkedHashMap<>();
        int skipped = 0;
        for (int r = headerRow + 1; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            int line = r + 1;
            if (blank(row)) {
                continue;
            }
            String rawDomain = cell(row, columns.get("domain"));
            String domain = DomainName.normalise(rawDomain)
                    .orElseThrow(() -> bad("domains.csv.badDomain", line, shown(rawDomain)));
            String rawSeverity = cell(row, columns.get("severity"));
            Severity severity;
            if (rawSeverity.isBlank()) {
                severity = defaultSeverity;
            } else if (rawSeverity.strip().equalsIgnoreCase("noop")) {
                skipped++;
                continue;
            } else {
                severity = Severity.parse(rawSeverity)
                        .orElseThrow(() -> bad("domains.csv.badSeverity", line, shown(rawSeverity)));
            }
            String comment = cell(row, columns.get("public_comment")).strip();
            if (comment.length() > MAX_COMMENT) {
                throw bad("domains.csv.longComment", line, MAX_COMMENT);
            }
            Entry entry = new Entry(domain, severity, flag(row, columns.get("reject_media"), line),
                    flag(row, columns.get("reject_reports"), line), comment, flag(row, columns.get("obfuscate"), line));
            out.remove(domain);
            out.put(domain, entry);
            if (out.size() > MAX_ENTRIES) {
                throw bad("domains.csv.tooMany", MAX_ENTRIES);
            }
        }
        return new Parsed(List.copyOf(out.values()), skipped);
    }

    private static Parsed plain(String text, Severity defaultSeverity) {
        Map<String, Entry> out = new LinkedHashMap<>();
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int n = i + 1;
            String domain = DomainName.normalise(line).orElseThrow(() -> bad("domains.csv.badDomain", n, shown(line)));
            out.remove(domain);
            out.put(domain, new Entry(domain, defaultSeverity, false, false, "", false));
            if (out.size() > MAX_ENTRIES) {
                throw bad("domains.csv.tooMany", MAX_ENTRIES);
            }
        }
        return new Parsed(List.copyOf(out.values()), 0);
    }

    /** Mastodon's domain-block export of the block and silence rules (allow rules have {@link #writeAllows}). */
    public static String writeBlocks(List<DomainRule> rules) {
        StringBuilder out = new StringBuilder(HEADER).append("\r\n");
        for (DomainRule r : rules) {
            if (r.severity() == Severity.ALLOW) {
                continue;
            }
            out.append(cell(r.domain())).append(',').append(r.severity() == Severity.BLOCK ? "suspend" : "silence")
                    .append(',').append(r.rejectMedia()).append(',').append(r.rejectReports()).append(',')
                    .append(cell(r.publicComment())).append(',').append(r.obfuscate()).append("\r\n");
        }
        return out.toString();
    }

    /** Mastodon's domain-allow export: a {@code #domain} column. */
    public static String writeAllows(List<DomainRule> rules) {
        StringBuilder out = new StringBuilder("#domain\r\n");
        for (DomainRule r : rules) {
            if (r.severity() == Severity.ALLOW) {
                out.append(cell(r.domain())).append("\r\n");
            }
        }
        return out.toString();
    }

    /**
     * One CSV field, quoted when it needs to be; a value a spreadsheet would run as a formula (starting with
     * {@code = + - @}, a tab or a carriage return) gets a leading apostrophe, since comments come from people and
     * lists from elsewhere.
     */
    static String cell(String value) {
        if (value == null) {
            return "";
        }
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            v = "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    // --- reading ---

    private static String text(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                throw bad("domains.csv.binary");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw bad("domains.csv.binary");
        }
    }

    /** RFC 4180 rows: quoted fields may hold commas, quotes (doubled) and line breaks. */
    static List<List<String>> rows(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.length() == 0) {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw bad("domains.csv.unclosedQuote", rows.size() + 1);
        }
        if (field.length() > 0 || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }

    private static boolean isHeader(List<String> row) {
        return !row.isEmpty() && column(row.get(0)).equals("domain");
    }

    private static String column(String raw) {
        String s = raw.strip().toLowerCase(Locale.ROOT);
        return s.startsWith("#") ? s.substring(1).strip() : s;
    }

    private static boolean blank(List<String> row) {
        return row.stream().allMatch(String::isBlank);
    }

    private static String cell(List<String> row, Integer index) {
        return index == null || index >= row.size() ? "" : row.get(index);
    }

    private static boolean flag(List<String> row, Integer index, int line) {
        String v = cell(row, index).strip().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "", "false", "0", "no" -> false;
            case "true", "1", "yes" -> true;
            default -> throw bad("domains.csv.badFlag", line, shown(v));
        };
    }

    private static String shown(String s) {
        String t = s == null ? "" : s.strip();
        return t.length() > 80 ? t.substring(0, 79) + "…" : t;
    }

    private static InvalidInput bad(String key, Object... values) {
        return InvalidInput.of("file", Message.of(key, values));
    }
}

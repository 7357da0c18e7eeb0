package org.polity.server.resources;

import org.polity.server.service.Message;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.apache.tika.detect.Detector;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MimeTypes;
import org.polity.server.service.InvalidInput;

/**
 * What an uploaded file is, from its bytes alone: never from its name or the type the browser sent. Tika's
 * magic detection (tika-core, no name given to it) names the format; a zip container is opened (bounded) to
 * tell an Office Open XML or OpenDocument file from any other zip, by its {@code [Content_Types].xml} or its
 * {@code mimetype} entry; text must be UTF-8 and must not look like markup. Anything outside the
 * {@link Accepted} list is refused with a sentence saying what the file is and what is accepted.
 */
public final class ContentDetector {
    /** The formats accepted, with the label shown for each. */
    public enum Accepted {
        PDF("application/pdf", "PDF", false),
        DOCX("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word (docx)", false),
        XLSX("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel (xlsx)", false),
        PPTX("application/vnd.openxmlformats-officedocument.presentationml.presentation", "PowerPoint (pptx)", false),
        ODT("application/vnd.oasis.opendocument.text", "OpenDocument text (odt)", false),
        ODS("application/vnd.oasis.opendocument.spreadsheet", "OpenDocument spreadsheet (ods)", false),
        ODP("application/vnd.oasis.opendocument.presentation", "OpenDocument presentation (odp)", false),
        CSV("text/csv", "CSV", false),
        TEXT("text/plain", "Text", false),
        PNG("image/png", "PNG", true),
        JPEG("image/jpeg", "JPEG", true),
        GIF("image/gif", "GIF", true),
        WEBP("image/webp", "WebP", true);

        private final String mediaType;
        private final String label;
        private final boolean image;

        Accepted(String mediaType, String label, boolean image) {
            this.mediaType = mediaType;
            this.label = label;
            this.image = image;
        }

        /** The type the file is served with (text with {@code ; charset=utf-8}). */
        public String mediaType() {
            return mediaType;
        }

        public String label() {
            return label;
        }

        public boolean image() {
            return image;
        }

        public static Accepted ofMediaType(String type) {
            for (Accepted a : values()) {
                if (a.mediaType.equals(type)) {
                    return a;
                }
            }
            return null;
        }
    }

    /** Refusals; each message ends with what Polity accepts (web/i18n/resources.*.properties). */
    public static final Message REFUSED_HTML = Message.of("svc.resources.html");
    public static final Message REFUSED_SVG = Message.of("svc.resources.svg");
    public static final Message REFUSED_EXECUTABLE = Message.of("svc.resources.executable");
    public static final Message REFUSED_ARCHIVE = Message.of("svc.resources.archive");
    public static final Message REFUSED_MACRO = Message.of("svc.resources.macro");
    public static final Message REFUSED_OTHER = Message.of("svc.resources.other");
    public static final Message REFUSED_EMPTY = Message.of("svc.resources.empty");
    public static final Message REFUSED_TEXT = Message.of("svc.resources.notUtf8");

    /** Zip entries looked at, at most, and the largest entry read ({@code [Content_Types].xml}, {@code mimetype}). */
    static final int MAX_ZIP_ENTRIES = 10_000;
    static final int MAX_ENTRY_BYTES = 256 * 1024;
    /** Bytes of a text file checked for UTF-8 and markup. */
    static final int TEXT_SAMPLE = 1024 * 1024;

    private final Detector detector = MimeTypes.getDefaultMimeTypes();

    /**
     * The accepted format of {@code file}, else {@link InvalidInput} on field {@code file} naming what it is.
     *
     * @throws IOException when the file cannot be read
     */
    public Accepted detect(Path file) throws IOException {
        if (Files.size(file) == 0) {
            throw InvalidInput.of("file", REFUSED_EMPTY);
        }
        MediaType type;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            type = detector.detect(in, new Metadata()); // no resource name: the bytes alone decide
        }
        String base = type.getBaseType().toString().toLowerCase(Locale.ROOT);
        switch (base) {
            case "application/pdf":
                return Accepted.PDF;
            case "image/png":
                return Accepted.PNG;
            case "image/jpeg":
                return Accepted.JPEG;
            case "image/gif":
                return Accepted.GIF;
            case "image/webp":
                return Accepted.WEBP;
            case "application/zip", "application/x-tika-ooxml", "application/x-tika-msoffice",
                    "application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet",
                    "application/vnd.oasis.opendocument.presentation":
                return container(file);
            case "text/plain", "text/csv":
                return text(file);
            case "application/octet-stream":
                // Nothing Tika knows: only text (UTF-8, no control characters) is accepted, anything else refused.
                if (looksTextual(file)) {
                    return text(file);
                }
                throw InvalidInput.of("file", REFUSED_OTHER);
            default:
                if (base.contains("xml") && startsWithSvg(file)) {
                    throw InvalidInput.of("file", REFUSED_SVG);
                }
                throw InvalidInput.of("file", refusal(base));
        }
    }

    /** No NUL and few control characters in the first 8 KiB: text in some encoding, not a binary format. */
    private static boolean looksTextual(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(8192);
        }
        for (byte b : head) {
            int c = b & 0xff;
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWithSvg(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT)
                    .contains("<svg");
        }
    }

    private static Message refusal(String base) {
        if (base.equals("text/html") || base.equals("application/xhtml+xml")) {
            return REFUSED_HTML;
        }
        if (base.equals("image/svg+xml")) {
            return REFUSED_SVG;
        }
        if (base.contains("msdownload") || base.contains("dosexec") || base.contains("executable")
                || base.contains("elf") || base.contains("mach-o") || base.equals("application/java-vm")
                || base.contains("sharedlib") || base.equals("application/x-sh")) {
            return REFUSED_EXECUTABLE;
        }
        if (base.contains("zip") || base.contains("tar") || base.contains("gzip") || base.contains("rar")
                || base.contains("7z") || base.contains("bzip") || base.contains("xz") || base.contains("java-archive")) {
            return REFUSED_ARCHIVE;
        }
        return REFUSED_OTHER;
    }

    /** An Office Open XML or OpenDocument file, told apart by what the zip holds; any other zip is refused. */
    private Accepted container(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry mimetype = zip.getEntry("mimetype");
            if (mimetype != null) {
                String declared = readEntry(zip, mimetype).strip();
                return switch (declared) {
                    case "application/vnd.oasis.opendocument.text" -> Accepted.ODT;
                    case "application/vnd.oasis.opendocument.spreadsheet" -> Accepted.ODS;
                    case "application/vnd.oasis.opendocument.presentation" -> Accepted.ODP;
                    default -> throw InvalidInput.of("file", REFUSED_OTHER);
                };
            }
            ZipEntry types = zip.getEntry("[Content_Types].xml");
            if (types == null) {
                throw InvalidInput.of("file", REFUSED_ARCHIVE);
            }
            int entries = 0;
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); e.nextElement()) {
                if (++entries > MAX_ZIP_ENTRIES) {
                    throw InvalidInput.of("file", REFUSED_ARCHIVE);
                }
            }
            String xml = readEntry(zip, types).toLowerCase(Locale.ROOT);
            if (xml.contains("macroenabled") || zip.getEntry("word/vbaProject.bin") != null
                    || zip.getEntry("xl/vbaProject.bin") != null || zip.getEntry("ppt/vbaProject.bin") != null) {
                throw InvalidInput.of("file", REFUSED_MACRO);
            }
            if (xml.contains("wordprocessingml.document.main+xml") && zip.getEntry("word/document.xml") != null) {
                return Accepted.DOCX;
            }
            if (xml.contains("spreadsheetml.sheet.main+xml") && zip.getEntry("xl/workbook.xml") != null) {
                return Accepted.XLSX;
            }
            if (xml.contains("presentationml.presentation.main+xml")
                    && zip.getEntry("ppt/presentation.xml") != null) {
                return Accepted.PPTX;
            }
            throw InvalidInput.of("file", REFUSED_OTHER);
        } catch (ZipException broken) {
            throw InvalidInput.of("file", REFUSED_OTHER);
        }
    }

    private static String readEntry(ZipFile zip, ZipEntry entry) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readNBytes(MAX_ENTRY_BYTES + 1);
            if (bytes.length > MAX_ENTRY_BYTES) {
                throw InvalidInput.of("file", REFUSED_OTHER);
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** UTF-8 text without markup: CSV when its lines have the same number of commas or semicolons. */
    private Accepted text(Path file) throws IOException {
        byte[] sample;
        try (InputStream in = Files.newInputStream(file)) {
            sample = in.readNBytes(TEXT_SAMPLE);
        }
        int end = sample.length;
        if (end == TEXT_SAMPLE) {
            while (end > 0 && (sample[end - 1] & 0xC0) == 0x80) {
                end--; // a multi-byte character cut by the sample's end
            }
            if (end > 0 && (sample[end - 1] & 0x80) != 0) {
                end--;
            }
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(sample, 0, end))
                    .toString();
        } catch (CharacterCodingException e) {
            throw InvalidInput.of("file", REFUSED_TEXT);
        }
        if (text.chars().anyMatch(c -> c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f')) {
            throw InvalidInput.of("file", REFUSED_OTHER);
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains("<svg")) {
            throw InvalidInput.of("file", REFUSED_SVG);
        }
        for (String markup : new String[] {"<html", "<!doctype", "<script", "<body", "<iframe", "<head"}) {
            if (lower.contains(markup)) {
                throw InvalidInput.of("file", REFUSED_HTML);
            }
        }
        return looksLikeCsv(text) ? Accepted.CSV : Accepted.TEXT;
    }

    static boolean looksLikeCsv(String text) {
        String[] lines = text.lines().filter(l -> !l.isBlank()).limit(50).toArray(String[]::new);
        if (lines.length < 2) {
            return false;
        }
        for (char separator : new char[] {',', ';', '\t'}) {
            long first = count(lines[0], separator);
            if (first == 0) {
                continue;
            }
            boolean same = true;
            for (String line : lines) {
                if (count(line, separator) != first) {
                    same = false;
                    break;
                }
            }
            if (same) {
                return true;
            }
        }
        return false;
    }

    private static long count(String line, char c) {
        return line.chars().filter(x -> x == c).count();
    }
}

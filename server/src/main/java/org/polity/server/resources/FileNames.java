package org.polity.server.resources;

import java.text.Normalizer;

/**
 * The name shown for an uploaded file, made safe: only its last path segment, no control or path characters,
 * at most {@value #MAX} characters. It is shown and offered as the download's name; it is never used to store
 * the file (the store uses a random key) nor to decide its type.
 */
public final class FileNames {
    public static final int MAX = 200;

    private FileNames() {}

    public static String sanitise(String name) {
        String s = name == null ? "" : Normalizer.normalize(name, Normalizer.Form.NFC);
        int slash = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
        s = s.substring(slash + 1);
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || c == '"' || c == ':' || c == '*' || c == '?' || c == '<' || c == '>'
                    || c == '|' || Character.getType(c) == Character.FORMAT) {
                out.append('_');
            } else {
                out.appendCodePoint(c);
            }
        });
        String clean = out.toString().strip().replaceAll("^\\.+", "");
        if (clean.length() > MAX) {
            int dot = clean.lastIndexOf('.');
            String ext = dot > 0 && clean.length() - dot <= 10 ? clean.substring(dot) : "";
            clean = clean.substring(0, MAX - ext.length()) + ext;
        }
        return clean.isEmpty() ? "file" : clean;
    }

    /** A title made from a file name: without its extension, underscores and hyphens as spaces. */
    public static String title(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String base = dot > 0 ? fileName.substring(0, dot) : fileName;
        return base.replace('_', ' ').replace('-', ' ').strip();
    }

    /** An ASCII-only fallback name for {@code Content-Disposition} (RFC 6266 {@code filename}). */
    public static String ascii(String fileName) {
        String s = Normalizer.normalize(fileName, Normalizer.Form.NFD).replaceAll("[^\\x20-\\x7e]", "")
                .replace('\\', '_').replace('"', '_').replace(';', '_');
        return s.isBlank() ? "file" : s;
    }
}

package org.polity.server.resources;

import java.util.List;

/**
 * What a resource page or card shows of a resource, ours or another server's: its attachments (name, type,
 * size, address; a thumbnail of ours for images), its link, licence and language.
 */
public record ResourceView(List<Attachment> attachments, String link, String linkHost, String licenceUri,
        String licenceName, String language, String thumbnail) {

    /**
     * One attachment: {@code url} is where it is downloaded (our {@code /media/...} or the remote server's
     * address); {@code size} in bytes, or -1 when not given.
     */
    public record Attachment(String name, String mediaType, String typeLabel, long size, String url, boolean local) {
        /** "2.4 MB", "830 kB", "12 bytes"; empty when the size is not known. */
        public String sizeLabel() {
            return ResourceView.sizeLabel(size);
        }
    }

    /** "2.4 MB", "830 kB", "12 B"; empty when the size is not known (negative). */
    public static String sizeLabel(long size) {
        {
            if (size < 0) {
                return "";
            }
            if (size < 1000) {
                return size + " B";
            }
            if (size < 1_000_000) {
                return String.format(java.util.Locale.ROOT, "%.0f kB", size / 1000.0);
            }
            return String.format(java.util.Locale.ROOT, "%.1f MB", size / 1_000_000.0);
        }
    }

    public boolean hasLicence() {
        return licenceName != null && !licenceName.isBlank();
    }
}

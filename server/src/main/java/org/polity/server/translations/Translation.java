package org.polity.server.translations;

/**
 * One language of an object: its BCP 47 tag (null when the object did not say which language its plain
 * {@code content} is in), title ({@code name}, plain text), {@code summary} and {@code content} (sanitised
 * HTML), and the Markdown source of the content when the object carries one (ours do), else null.
 */
public record Translation(String lang, String name, String summaryHtml, String contentHtml, String contentSource) {
    public Translation {
        name = name == null || name.isBlank() ? null : name;
        summaryHtml = summaryHtml == null || summaryHtml.isBlank() ? null : summaryHtml;
        contentHtml = contentHtml == null ? "" : contentHtml;
    }

    public boolean hasName() {
        return name != null;
    }

    public boolean hasSummary() {
        return summaryHtml != null;
    }
}

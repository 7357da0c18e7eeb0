package org.polity.server.search;

import java.util.Locale;
import java.util.Optional;

/**
 * What a search result is, and the {@code type=} filter of {@code GET /search}: the parameter value of each
 * ({@link #param}) is what the form and the JSON form accept ({@code blog} is also accepted for
 * {@link #ARTICLE}).
 */
public enum SearchType {
    THREAD("thread"),
    COMMENT("comment"),
    ARTICLE("article"),
    RESOURCE("resource"),
    CASE_STUDY("case-study"),
    CHALLENGE("challenge"),
    PERSON("person"),
    GROUP("group");

    private final String param;

    SearchType(String param) {
        this.param = param;
    }

    /** The value of {@code type=} that selects this type. */
    public String param() {
        return param;
    }

    /** Whether results of this type are actors (people and groups) rather than posts. */
    public boolean isActor() {
        return this == PERSON || this == GROUP;
    }

    /** The type a {@code type=} value names (case-insensitive), or empty when it names none. */
    public static Optional<SearchType> fromParam(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.equals("blog")) {
            return Optional.of(ARTICLE);
        }
        for (SearchType t : values()) {
            if (t.param.equals(v) || t.name().toLowerCase(Locale.ROOT).equals(v)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}

package org.polity.server.search;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * One search: its words (may be empty when a filter is given: then every document passing the filters, newest
 * first) and its filters, each null (or, for the types, empty) when not used.
 *
 * @param types the types of result wanted; empty: every type
 * @param country ISO 3166-1 alpha-2, upper case: the author's (or the person's or group's) country
 * @param tag a hashtag, lower case without {@code #}
 * @param language a primary language subtag, lower case
 * @param from published at or after
 * @param until published before
 */
public record SearchQuery(String text, Set<SearchType> types, String country, String tag, String language,
        Instant from, Instant until) {
    /** The types of posts (everything but people and groups). */
    public static final Set<SearchType> POSTS = Set.copyOf(EnumSet.complementOf(EnumSet.of(SearchType.PERSON,
            SearchType.GROUP)));
    /** People and groups. */
    public static final Set<SearchType> ACTORS = Set.copyOf(EnumSet.of(SearchType.PERSON, SearchType.GROUP));

    public SearchQuery {
        text = text == null ? "" : text;
        types = Set.copyOf(types);
    }

    public static SearchQuery text(String text) {
        return new SearchQuery(text, Set.of(), null, null, null, null, null);
    }

    public SearchQuery withTypes(Set<SearchType> t) {
        return new SearchQuery(text, t, country, tag, language, from, until);
    }

    /** Whether any filter other than the type narrows the search (then an empty text lists what passes). */
    public boolean hasFilters() {
        return country != null || tag != null || language != null || from != null || until != null;
    }
}

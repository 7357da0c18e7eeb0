package org.polity.server.search;

import java.time.Instant;
import java.util.Set;

/**
 * What the search index holds of one public object or one actor: the text of its fields, by weight (the title
 * ranks above the summary and tags, which rank above the body), and the facets the filters select on.
 * {@code authorId} is the actor whose country the country filter looks at (the actor itself for people and
 * groups), read when the query runs, so a member who changes country is found under the new one at once.
 *
 * @param languages primary language subtags, lower case ({@code fr} for {@code fr-CA})
 * @param tags hashtags, lower case without {@code #} (for people, also their areas of expertise)
 */
public record SearchDocument(Ref ref, SearchType type, long authorId, Instant publishedAt, String title,
        String summary, String body, Set<String> tags, Set<String> languages) {

    /** Which row a document describes: exactly one of an object's and an actor's row id. */
    public record Ref(Long objectId, Long actorId) {
        public Ref {
            if ((objectId == null) == (actorId == null)) {
                throw new IllegalArgumentException("a document is of one object or one actor");
            }
        }

        public static Ref object(long id) {
            return new Ref(id, null);
        }

        public static Ref actor(long id) {
            return new Ref(null, id);
        }
    }

    public SearchDocument {
        tags = Set.copyOf(tags);
        languages = Set.copyOf(languages);
    }
}

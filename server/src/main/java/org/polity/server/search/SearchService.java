package org.polity.server.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.polity.server.Polity;
import org.polity.server.model.Actor;
import org.polity.server.model.StoredObject;
import org.polity.server.model.Visibility;

/**
 * Runs searches for the routes: one page of ranked hits from the {@link SearchIndex}, with the object or actor
 * each describes. The index holds only what anyone may see; an object that turned private or was deleted
 * between the index and this read is left out all the same.
 */
public final class SearchService {
    private final Polity polity;

    public SearchService(Polity polity) {
        this.polity = polity;
    }

    /** One result: the hit and the object (posts) or the actor (people, groups) it describes. */
    public record Result(SearchHit hit, StoredObject object, Actor actor) {
        public boolean isActor() {
            return actor != null;
        }
    }

    /** One page of results, how many there are in all, and the cursor of the next page (null: the last). */
    public record Results(List<Result> results, long total, Long next) {
        public static Results empty() {
            return new Results(List.of(), 0, null);
        }

        public List<StoredObject> objects() {
            return results.stream().filter(r -> r.object() != null).map(Result::object).toList();
        }

        public List<Actor> actors() {
            return results.stream().filter(Result::isActor).map(Result::actor).toList();
        }
    }

    /** A page of at most {@code limit} results after the document {@code after} (null: the first page). */
    public Results search(SearchQuery query, Long after, int limit, boolean counted) {
        SearchIndex index = polity.storage().stores().search();
        List<SearchHit> hits = index.search(query, after, limit + 1);
        List<SearchHit> shown = hits.subList(0, Math.min(limit, hits.size()));
        Map<Long, Actor> actors = polity.storage().stores().actors().findActorsByIds(shown.stream()
                .filter(h -> h.actorId() != null).map(SearchHit::actorId).toList());
        List<Result> results = new ArrayList<>();
        for (SearchHit h : shown) {
            if (h.objectId() != null) {
                Optional<StoredObject> o = polity.storage().stores().objects().findObjectById(h.objectId())
                        .filter(x -> x.deletedAt() == null && x.visibility() == Visibility.PUBLIC)
                        .filter(x -> !polity.standings().hiddenFromListings(x.attributedToId()));
                o.ifPresent(x -> results.add(new Result(h, x, null)));
            } else if (actors.containsKey(h.actorId()) && !polity.standings().hiddenFromListings(h.actorId())) {
                results.add(new Result(h, null, actors.get(h.actorId())));
            }
        }
        Long next = hits.size() > limit ? shown.get(limit - 1).documentId() : null;
        return new Results(List.copyOf(results), counted ? index.count(query) : results.size(), next);
    }
}

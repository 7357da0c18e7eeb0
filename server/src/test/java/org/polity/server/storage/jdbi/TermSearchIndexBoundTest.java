package org.polity.server.storage.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.model.Actor;
import org.polity.server.model.ActorType;
import org.polity.server.model.StoredObject;
import org.polity.server.model.Visibility;
import org.polity.server.search.SearchHit;
import org.polity.server.search.SearchQuery;

/**
 * H2's bounded ranking ({@link TermSearchIndex#candidateFloor}), with a bound of 10 term rows instead of 10,000: a
 * word with more rows ranks its newest 10 only, a rarer one every match, and the count is exact either way. H2 in
 * both passes of the suite: TermSearchIndex is the H2 engine's index (PostgreSQL's is PostgresSearchIndex).
 */
class TermSearchIndexBoundTest {
    @TempDir
    Path dir;

    @Test
    void aCommonWordRanksItsNewestMatchesAndCountsThemAll() {
        String url = JdbiStorage.h2Url(dir.resolve("h2"));
        Instant t0 = Instant.parse("2026-03-01T10:00:00Z");
        List<Long> ids = new ArrayList<>();
        try (JdbiStorage storage = JdbiStorage.open(url, "", "")) {
            var stores = storage.stores();
            String uri = "https://polity.example.gov/users/alice";
            Actor alice = stores.actors().insert(new Actor(0, uri, ActorType.Person, "alice", "polity.example.gov", true,
                    "Alice", "<p>bio</p>", uri + "/inbox", null, uri + "/outbox", uri + "/followers", uri + "/following",
                    null, uri + "#main-key", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", false, t0,
                    t0));
            for (int i = 0; i < 30; i++) {
                // the oldest has the word in its title: the best match of all, and outside the newest ten
                String name = i == 0 ? "Harbour plan" : "Note " + i;
                String html = "<p>the harbour" + (i % 10 == 0 ? " lighthouse" : "") + " story " + i + "</p>";
                ids.add(stores.objects().insert(new StoredObject(0, "https://polity.example.gov/objects/" + i, "Article",
                        alice.id(), true, name, html, null, null, null, Visibility.PUBLIC, t0.plusSeconds(i), null, null,
                        "{\"type\":\"Article\"}", null)).id());
            }
            // every match ranked (the production bound is far above 30)
            assertThat(objectIds(stores.search().search(SearchQuery.text("harbour"), null, 50))).hasSize(30)
                    .startsWith(ids.get(0));
        }
        try (Handle h = Jdbi.create(url, "", "").open()) {
            TermSearchIndex bounded = new TermSearchIndex(new JdbiStorage.BoundHandle(h), 10);
            List<Long> page = objectIds(bounded.search(SearchQuery.text("harbour"), null, 50));
            assertThat(page).hasSize(10).containsExactlyInAnyOrderElementsOf(ids.subList(20, 30));
            assertThat(bounded.count(SearchQuery.text("harbour"))).isEqualTo(30);
            // a prefix, and two words: still counted exactly
            assertThat(bounded.count(SearchQuery.text("harb"))).isEqualTo(30);
            assertThat(bounded.count(SearchQuery.text("harbour lighthouse"))).isEqualTo(3);
            // the rarer word drives and has fewer rows than the bound: every match ranked, the title first
            assertThat(objectIds(bounded.search(SearchQuery.text("harbour lighthouse"), null, 50)))
                    .containsExactly(ids.get(0), ids.get(20), ids.get(10));
            // keyset paging within the candidates: no hit twice, none lost
            List<SearchHit> first = bounded.search(SearchQuery.text("harbour"), null, 4);
            List<SearchHit> rest = bounded.search(SearchQuery.text("harbour"), first.get(3).documentId(), 50);
            List<Long> all = new ArrayList<>(objectIds(first));
            all.addAll(objectIds(rest));
            assertThat(all).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids.subList(20, 30));
        }
    }

    private static List<Long> objectIds(List<SearchHit> hits) {
        return hits.stream().map(SearchHit::objectId).toList();
    }
}

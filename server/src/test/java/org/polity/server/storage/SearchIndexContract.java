package org.polity.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.model.ActorProfile;
import org.polity.server.model.ActorType;
import org.polity.server.model.ObjectKind;
import org.polity.server.model.StoredObject;
import org.polity.server.model.Visibility;
import org.polity.server.search.SearchHit;
import org.polity.server.search.SearchIndex;
import org.polity.server.search.SearchQuery;
import org.polity.server.search.SearchType;

/**
 * The search index contract ({@link SearchIndex}), on each engine: H2's word table and PostgreSQL's weighted
 * tsvector give the same results: whole words or word prefixes, a title above a summary above a body, filters,
 * keyset paging, and only public live objects, active members, remote people and groups.
 */
abstract class SearchIndexContract extends StorageContract {
    SearchIndex index() {
        return stores.search();
    }

    /** The uris of the objects and actors hit, in order. */
    List<String> uris(List<SearchHit> hits) {
        return hits.stream().map(h -> h.objectId() != null
                ? stores.objects().findObjectById(h.objectId()).orElseThrow().uri()
                : stores.actors().findActorById(h.actorId()).orElseThrow().uri()).toList();
    }

    List<String> found(String text, Long after, int limit) {
        return uris(index().search(SearchQuery.text(text), after, limit));
    }

    List<String> found(SearchQuery q) {
        return uris(index().search(q, null, 50));
    }

    long count(String text) {
        return index().count(SearchQuery.text(text));
    }

    StoredObject post(Actor author, String id, String type, String inReplyTo, ObjectKind kind, String name,
            String html, String payload, Instant published) {
        return stores.objects().insert(new StoredObject(0, "https://polity.example.gov/objects/" + id, type,
                author.id(), author.local(), name, html, inReplyTo, null, null, Visibility.PUBLIC, published, null, null,
                payload, kind));
    }

    Actor remote(String username, String type, String host) {
        String uri = "https://" + host + "/users/" + username;
        return stores.actors().insert(new Actor(0, uri, ActorType.valueOf(type), username, host, false,
                "Remote " + username, "<p>works on <b>rivers</b></p>", uri + "/inbox", null, null, null, null, null,
                uri + "#main-key", person("x").publicKeyPem(), false, T0, T0));
    }

    @Test
    void searchMatchesWholeWordsOrWordPrefixesInPublicNamesAndContent() {
        Actor alice = stores.actors().insert(person("alice"));
        object(alice, "1", null, Visibility.PUBLIC, "Open DATA in Schools", "<p>plain</p>", T0);
        object(alice, "2", ObjectKind.BLOG, Visibility.PUBLIC, null, "<p>We opened our data portal</p>",
                T0.plusSeconds(10));
        object(alice, "3", null, Visibility.PUBLIC, "Rates", "<p>Growth of 100% in a year</p>", T0.plusSeconds(20));
        object(alice, "4", null, Visibility.PUBLIC, "Rates", "<p>Growth of 1000 in a year</p>", T0.plusSeconds(30));
        object(alice, "5", null, Visibility.PUBLIC, "snake_case names", "<p>x</p>", T0.plusSeconds(40));
        object(alice, "6", null, Visibility.PUBLIC, "snakeXcase names", "<p>x</p>", T0.plusSeconds(50));
        object(alice, "7", null, Visibility.PUBLIC, "Bang! here", "<p>x</p>", T0.plusSeconds(60));
        object(alice, "8", null, Visibility.FOLLOWERS, "Secret data", "<p>data</p>", T0.plusSeconds(70));
        object(alice, "9", null, Visibility.UNLISTED, "Unlisted data", "<p>data</p>", T0.plusSeconds(70));
        object(alice, "10", null, Visibility.DIRECT, "Direct data", "<p>data</p>", T0.plusSeconds(70));
        StoredObject gone = object(alice, "11", null, Visibility.PUBLIC, "Deleted data", "<p>data</p>",
                T0.plusSeconds(80));
        stores.objects().markDeleted(gone.uri(), T0.plusSeconds(90));
        String o = "https://polity.example.gov/objects/";

        // a word in the name ranks above one in the content, whatever the dates
        assertThat(found("data", null, 10))
                .containsExactly(o + "1", o + "2");
        assertThat(count("DaTa")).isEqualTo(2);
        // every word must match, as a word or the start of one, in any order; not inside a word
        assertThat(found("data open", null, 10))
                .containsExactly(o + "1", o + "2");
        assertThat(found("portal data", null, 10))
                .containsExactly(o + "2");
        assertThat(found("ata", null, 10)).isEmpty();
        assertThat(count("data schools portal")).isZero();
        // punctuation separates words and is not searched for; equal scores list the newest first
        assertThat(found("100%", null, 10))
                .containsExactly(o + "4", o + "3");
        assertThat(found("snake_case", null, 10))
                .containsExactly(o + "5");
        assertThat(found("%", null, 10)).isEmpty();
        assertThat(count("%")).isZero();
        assertThat(found("!", null, 10)).isEmpty();
        assertThat(found("\\", null, 10)).isEmpty();
        assertThat(found("' OR 1=1 --", null, 10)).isEmpty();
        // tags are not words
        assertThat(found("p", null, 10))
                .containsExactly(o + "2", o + "1");
        // paging with the keyset cursor
        List<SearchHit> first = index().search(SearchQuery.text("x"), null, 2);
        List<SearchHit> rest = index().search(SearchQuery.text("x"), first.get(1).documentId(), 10);
        assertThat(uris(first)).containsExactly(o + "7", o + "6");
        assertThat(uris(rest)).containsExactly(o + "5");
        assertThat(first.size() + rest.size()).isEqualTo((int) count("x"));
    }

    @Test
    void searchRanksNameThenSummaryThenContentAndFollowsEditsAndDeletes() {
        Actor alice = stores.actors().insert(person("alice"));
        StoredObject named = object(alice, "w1", null, Visibility.PUBLIC, "Water", "<p>x</p>", T0);
        StoredObject summarised = stores.objects().insert(new StoredObject(0, "https://polity.example.gov/objects/w2",
                "Article", alice.id(), true, "Notes", "<p>y</p>", null, null, null, Visibility.PUBLIC,
                T0.plusSeconds(10), null, null, "{\"summary\":\"<p>About <em>water</em></p>\"}", null));
        StoredObject mentioned = object(alice, "w3", null, Visibility.PUBLIC, "Other", "<p><strong>water</strong></p>",
                T0.plusSeconds(20));
        assertThat(found("WATER", null, 10))
                .containsExactly(named.uri(), summarised.uri(), mentioned.uri());
        assertThat(found("strong", null, 10)).isEmpty();
        // one per page: the cursor carries the score, so pages neither repeat nor skip
        List<String> paged = new java.util.ArrayList<>();
        Long cursor = null;
        for (int i = 0; i < 5; i++) {
            List<SearchHit> page = index().search(SearchQuery.text("wat"), cursor, 1);
            if (page.isEmpty()) {
                break;
            }
            paged.addAll(uris(page));
            cursor = page.get(0).documentId();
        }
        assertThat(paged).containsExactly(named.uri(), summarised.uri(), mentioned.uri());

        assertThat(stores.objects().update(mentioned.uri(), "Other", "<p>fire</p>", "{}", T0.plusSeconds(30)))
                .isTrue();
        assertThat(found("water", null, 10))
                .containsExactly(named.uri(), summarised.uri());
        assertThat(found("fire", null, 10))
                .containsExactly(mentioned.uri());
        stores.objects().markDeleted(named.uri(), T0.plusSeconds(40));
        assertThat(found("water", null, 10))
                .containsExactly(summarised.uri());
        assertThat(count("water")).isEqualTo(1);
    }

    @Test
    void translationsTagsAndTypesAreIndexedAndFiltered() {
        Actor alice = account("alice", Account.Status.ACTIVE).actorId() > 0
                ? stores.actors().findLocalActorByUsername("alice").orElseThrow() : null;
        Actor ana = remote("ana", "Person", "gob.example");
        stores.actors().upsertProfile(new ActorProfile(ana.id(), "Ministerio de Datos", "ES", null), T0);
        String o = "https://polity.example.gov/objects/";
        post(alice, "thread", "Page", null, null, "Flood maps", "<p>rivers</p>", "{\"type\":\"Page\"}", T0);
        post(alice, "comment", "Note", o + "thread", null, null, "<p>flood data here</p>", "{}",
                T0.plusSeconds(10));
        post(ana, "case", "Article", null, ObjectKind.CASE_STUDY, "Inundaciones", "<p>mapas</p>",
                "{\"type\":[\"Article\",\"CaseStudy\"],\"nameMap\":{\"es\":\"Inundaciones\",\"en\":\"Floods\"},"
                        + "\"contentMap\":{\"es\":\"<p>mapas</p>\",\"fr\":\"<p>cartes des crues</p>\"},"
                        + "\"tag\":[{\"type\":\"Hashtag\",\"name\":\"#Climate\"}]}",
                T0.plusSeconds(20));
        post(ana, "challenge", "Article", null, ObjectKind.CHALLENGE, "Flood challenge", "<p>x</p>",
                "{\"tag\":[{\"type\":\"Hashtag\",\"name\":\"#climate\"}]}", T0.plusSeconds(30));
        post(ana, "resource", "Document", null, ObjectKind.RESOURCE, "Flood toolkit", "<p>x</p>", "{}",
                T0.plusSeconds(40));
        post(alice, "blog", "Article", null, ObjectKind.BLOG, "Flood blog", "<p>x</p>", "{}", T0.plusSeconds(50));

        // a remote case study is found by its English title (so "flood" finds it too, as a prefix of "floods") and its French text, translations of the payload
        assertThat(found("floods", null, 10)).containsExactly(o + "case");
        assertThat(found("crues", null, 10)).containsExactly(o + "case");
        SearchQuery flood = SearchQuery.text("flood");
        assertThat(found(flood.withTypes(Set.of(SearchType.COMMENT)))).containsExactly(o + "comment");
        assertThat(found(flood.withTypes(Set.of(SearchType.THREAD)))).containsExactly(o + "thread");
        assertThat(found(flood.withTypes(Set.of(SearchType.CHALLENGE)))).containsExactly(o + "challenge");
        assertThat(found(flood.withTypes(Set.of(SearchType.RESOURCE)))).containsExactly(o + "resource");
        assertThat(found(flood.withTypes(Set.of(SearchType.ARTICLE)))).containsExactly(o + "blog");
        assertThat(found(SearchQuery.text("").withTypes(Set.of(SearchType.CASE_STUDY)))).containsExactly(o + "case");
        // tag: lower case, without '#'; with no words, newest first
        assertThat(found(new SearchQuery("", Set.of(), null, "climate", null, null, null)))
                .containsExactly(o + "challenge", o + "case");
        // country: the author's, from the account (AU) or the remote profile (ES)
        assertThat(found(new SearchQuery("flood", SearchQuery.POSTS, "AU", null, null, null, null)))
                .containsExactly(o + "blog", o + "thread", o + "comment");
        assertThat(found(new SearchQuery("flood", SearchQuery.POSTS, "ES", null, null, null, null)))
                .containsExactly(o + "resource", o + "challenge", o + "case");
        // language: contentMap/nameMap keys, else a local author's own language
        assertThat(found(new SearchQuery("", SearchQuery.POSTS, null, null, "fr", null, null)))
                .containsExactly(o + "case");
        assertThat(found(new SearchQuery("flood", SearchQuery.POSTS, null, null, "en", null, null)))
                .containsExactly(o + "blog", o + "case", o + "thread", o + "comment");
        // dates: from included, until excluded
        assertThat(found(new SearchQuery("flood", SearchQuery.POSTS, null, null, null, T0.plusSeconds(10),
                T0.plusSeconds(40)))).containsExactly(o + "challenge", o + "case", o + "comment");
        assertThat(index().count(new SearchQuery("flood", SearchQuery.POSTS, null, null, null, null, null)))
                .isEqualTo(6);
    }

    @Test
    void peopleAreFoundByNameOrganisationAndExpertiseAndGroupsByName() {
        Account maria = account("maria_lopez", Account.Status.ACTIVE);
        account("mario", Account.Status.PENDING);
        account("marta", Account.Status.SUSPENDED);
        stores.accounts().updateProfile(maria.id(), new Account.Profile("Digital Agency", "Data lead", "FR", "",
                List.of("open data", "procurement")));
        Actor ana = remote("ana", "Person", "gob.example");
        stores.actors().upsertProfile(new ActorProfile(ana.id(), "Ministerio de Hacienda", "ES", null), T0);
        Actor group = remote("rivers", "Group", "lemmy.example");
        stores.actors().insert(new Actor(0, "https://polity.example.gov/instance", ActorType.Application,
                "polity.example.gov", "polity.example.gov", true, "Instance", "", null, null, null, null, null, null,
                "https://polity.example.gov/instance#k", person("x").publicKeyPem(), false, T0, T0));
        String mariaUri = "https://polity.example.gov/users/maria_lopez";
        SearchQuery people = SearchQuery.text("").withTypes(Set.of(SearchType.PERSON));

        assertThat(found(SearchQuery.text("maria").withTypes(SearchQuery.ACTORS))).containsExactly(mariaUri);
        assertThat(found(SearchQuery.text("digital agency"))).containsExactly(mariaUri);
        assertThat(found(SearchQuery.text("procurement"))).containsExactly(mariaUri);
        assertThat(found(new SearchQuery("", Set.of(), null, "open_data", null, null, null)))
                .containsExactly(mariaUri);
        assertThat(found(SearchQuery.text("hacienda"))).containsExactly(ana.uri());
        assertThat(found(new SearchQuery("", Set.of(SearchType.PERSON), "ES", null, null, null, null)))
                .containsExactly(ana.uri());
        assertThat(found(new SearchQuery("", Set.of(SearchType.PERSON), "FR", null, null, null, null)))
                .containsExactly(mariaUri);
        // pending and suspended members, and the instance actor, are never found
        assertThat(found(SearchQuery.text("mario"))).isEmpty();
        assertThat(found(SearchQuery.text("marta"))).isEmpty();
        assertThat(found(SearchQuery.text("instance"))).isEmpty();
        assertThat(index().count(people)).isEqualTo(2);
        // a group by its name; people and groups by their summary
        assertThat(found(SearchQuery.text("rivers").withTypes(Set.of(SearchType.GROUP)))).containsExactly(group.uri());
        assertThat(found(SearchQuery.text("rivers"))).containsExactlyInAnyOrder(group.uri(), ana.uri());
        // a member suspended later drops out
        stores.accounts().updateStatus(maria.id(), Account.Status.ACTIVE, Account.Status.SUSPENDED, maria.id(),
                T0.plusSeconds(5));
        assertThat(found(SearchQuery.text("procurement"))).isEmpty();
    }

    /** Two threads writing one actor's document at once (a delivery and a fetch of the same actor) take turns. */
    @Test
    void concurrentReindexingOfOneActorKeepsOneDocumentAndFailsNothing() throws Exception {
        Actor local = person("ana");
        // A remote person (indexed as soon as it is stored), as a delivery and a fetch would both store it.
        Actor ana = stores.actors().insert(new Actor(0, "https://cl.example/users/ana", ActorType.Person, "ana",
                "cl.example", false, "Ana", "<p>bio</p>", "https://cl.example/users/ana/inbox", null, null, null, null,
                null, "https://cl.example/users/ana#main-key", local.publicKeyPem(), false, T0, T0));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.List<java.util.concurrent.Future<?>> writes = new java.util.ArrayList<>();
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            for (int i = 0; i < 16; i++) {
                int n = i;
                writes.add(pool.submit(() -> {
                    start.await();
                    stores.actors().updateProfile(ana.id(), "Ana " + n, "<p>bio " + n + "</p>");
                    return null;
                }));
            }
            start.countDown();
            for (java.util.concurrent.Future<?> w : writes) {
                w.get(30, java.util.concurrent.TimeUnit.SECONDS); // throws if any write failed
            }
        } finally {
            pool.shutdownNow();
        }
        try (java.sql.Connection c = storage.dataSource().getConnection();
                java.sql.PreparedStatement q = c.prepareStatement(
                        "SELECT COUNT(*) FROM search_documents WHERE actor_id = ?")) {
            q.setLong(1, ana.id());
            try (java.sql.ResultSet rs = q.executeQuery()) {
                rs.next();
                org.assertj.core.api.Assertions.assertThat(rs.getLong(1)).isEqualTo(1);
            }
        }
    }
}

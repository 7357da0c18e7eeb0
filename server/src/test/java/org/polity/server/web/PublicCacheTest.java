package org.polity.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.storage.jdbi.JdbiStorage;
import org.polity.server.testing.TestInstance;

/**
 * The micro-cache of anonymous ActivityPub GETs ({@link PublicCache}), over HTTP: a repeated request is answered
 * without a query and with the same bytes and headers; a write on this node shows at once; requests that say who
 * asks, answers that are not a plain public 200, and a cache set to 0 seconds always reach the route.
 */
class PublicCacheTest {
    private static final String AS = "application/activity+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    TestInstance au;
    Actor alice;
    final List<String> statements = new CopyOnWriteArrayList<>();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        au = TestInstance.start(dir.resolve("au"));
        alice = au.member("alice");
        ((JdbiStorage) au.server().polity().storage()).setSqlLogger(new SqlLogger() {
            @Override
            public void logBeforeExecution(StatementContext context) {
                // Only the request threads' statements: the queue workers poll the database meanwhile.
                if (Thread.currentThread().getName().startsWith("JettyServerThreadPool")) {
                    statements.add(context.getRenderedSql());
                }
            }
        });
        // Alice's document once: its first answer makes her Ed25519 proof key, a write, so it is not kept.
        assertThat(get("/users/alice", "Accept", AS).response().statusCode()).isEqualTo(200);
    }

    @AfterEach
    void stop() {
        au.close();
    }

    /** GETs {@code path} with the headers given (name, value, ...) and returns the answer and the SQL it ran. */
    Answer get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(au.uri(path)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        statements.clear();
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response, List.copyOf(statements));
    }

    record Answer(HttpResponse<String> response, List<String> sql) {
        JsonNode json() throws Exception {
            return JSON.readTree(response.body());
        }
    }

    @Test
    void aRepeatedAnonymousGetIsAnsweredWithoutAQueryWithTheSameBytesAndHeaders() throws Exception {
        Answer first = get("/users/alice", "Accept", AS);

        assertThat(first.response().statusCode()).isEqualTo(200);
        assertThat(first.sql()).as("the first answer reads the database").isNotEmpty();
        Answer second = get("/users/alice", "Accept", AS);
        assertThat(second.response().statusCode()).isEqualTo(200);
        assertThat(second.sql()).as("the second is the cached one").isEmpty();
        assertThat(second.response().body()).isEqualTo(first.response().body());
        for (String header : List.of("Content-Type", "Vary", "Content-Security-Policy", "X-Content-Type-Options")) {
            assertThat(second.response().headers().allValues(header)).as(header)
                    .isEqualTo(first.response().headers().allValues(header)).hasSize(1);
        }
        // Another Accept is another entry: ld+json gets its own content type.
        Answer ld = get("/users/alice", "Accept", "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"");
        assertThat(ld.sql()).isNotEmpty();
        assertThat(ld.response().headers().firstValue("Content-Type").orElseThrow()).startsWith("application/ld+json");
        // The metrics count the hit.
        String metrics = au.get("/metrics", null).body();
        assertThat(metrics).containsPattern("cache_gets_total\\{cache=\"public_documents\",result=\"hit\"\\} [1-9]");
    }

    @Test
    void aWriteOnThisNodeShowsAtOnce() throws Exception {
        assertThat(get("/users/alice", "Accept", AS).json().path("name").asText()).isNotEqualTo("Alice Renamed");
        assertThat(get("/users/alice", "Accept", AS).sql()).isEmpty();
        Account account = au.server().polity().storage().stores().accounts().findAccountByActorId(alice.id())
                .orElseThrow();
        au.accounts().updateProfile(account, "Alice Renamed", account.profile());
        Answer after = get("/users/alice", "Accept", AS);
        assertThat(after.sql()).isNotEmpty();
        assertThat(after.json().path("name").asText()).isEqualTo("Alice Renamed");

        // A thread: a new reply is in its replies collection on the next read.
        String note = au.post(alice, "Which tenders are public?", null, null);
        String replies = URI.create(note).getPath() + "/replies";
        assertThat(get(replies, "Accept", AS).json().path("totalItems").asInt()).isZero();
        assertThat(get(replies, "Accept", AS).sql()).isEmpty();
        au.post(alice, "All of them from today.", note, null);
        assertThat(get(replies, "Accept", AS).json().path("totalItems").asInt()).isEqualTo(1);
    }

    @Test
    void concurrentMissesOfOneDocumentReadTheDatabaseOnce() throws Exception {
        for (int i = 0; i < 3; i++) {
            au.post(alice, "Note " + i, null, null);
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            statements.clear();
            List<java.util.concurrent.Future<HttpResponse<String>>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 16; i++) {
                answers.add(pool.submit(() -> http.send(HttpRequest.newBuilder(au.uri("/users/alice/outbox"))
                        .header("Accept", AS).build(), HttpResponse.BodyHandlers.ofString())));
            }
            java.util.Set<String> bodies = new java.util.HashSet<>();
            for (var answer : answers) {
                HttpResponse<String> response = answer.get(20, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(response.statusCode()).isEqualTo(200);
                bodies.add(response.body());
            }
            assertThat(bodies).as("one answer for all").hasSize(1);
            long readings = statements.stream().filter(q -> q.contains("FROM actors WHERE local_username")).count();
            assertThat(readings).as("route runs (each looks alice up)").isBetween(1L, 4L);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void requestsThatSayWhoAsksAndAnswersThatAreNotPublic200sAlwaysReachTheRoute() throws Exception {
        get("/users/alice", "Accept", AS);
        for (String[] who : List.of(new String[] {"Cookie", "polity_session=x"},
                new String[] {"Authorization", "Bearer nope"},
                new String[] {"Signature", "keyId=\"https://elsewhere.example/k\",signature=\"x\""},
                new String[] {"Signature-Input", "sig1=();created=1"})) {
            Answer answer = get("/users/alice", "Accept", AS, who[0], who[1]);
            assertThat(answer.sql()).as(who[0]).isNotEmpty();
        }
        // Not found: never kept.
        assertThat(get("/users/nobody", "Accept", AS).response().statusCode()).isEqualTo(404);
        assertThat(get("/users/nobody", "Accept", AS).sql()).isNotEmpty();
        // HTML for browsers: never kept (it carries the visitor's CSRF token and login state).
        get("/users/alice", "Accept", "text/html");
        assertThat(get("/users/alice", "Accept", "text/html").sql()).isNotEmpty();
        // The owner's inbox: 401 without a token, and again.
        assertThat(get("/users/alice/inbox", "Accept", AS).response().statusCode()).isEqualTo(401);
        assertThat(get("/users/alice/inbox", "Accept", AS).response().statusCode()).isEqualTo(401);
    }

    @Test
    void anIdleServerKeepsItsEntries() throws Exception {
        // The queue workers poll and run their periodic UPDATEs meanwhile; none changes a row, so none empties it.
        long generation = au.server().polity().storage().writeGeneration();
        Thread.sleep(3000);
        assertThat(au.server().polity().storage().writeGeneration()).isEqualTo(generation);
    }

    @Test
    void zeroSecondsTurnsItOff() throws Exception {
        au.close();
        au = TestInstance.start(dir.resolve("off"), Map.of("POLITY_PUBLIC_CACHE_SECONDS", "0"));
        au.member("alice");
        ((JdbiStorage) au.server().polity().storage()).setSqlLogger(new SqlLogger() {
            @Override
            public void logBeforeExecution(StatementContext context) {
                // Only the request threads' statements: the queue workers poll the database meanwhile.
                if (Thread.currentThread().getName().startsWith("JettyServerThreadPool")) {
                    statements.add(context.getRenderedSql());
                }
            }
        });
        get("/users/alice", "Accept", AS);
        assertThat(get("/users/alice", "Accept", AS).sql()).isNotEmpty();
        assertThat(au.get("/metrics", null).body()).doesNotContain("public_documents");
    }
}

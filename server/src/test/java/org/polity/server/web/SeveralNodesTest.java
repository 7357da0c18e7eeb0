package org.polity.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.model.Account;
import org.polity.server.testing.TestInstance;

/**
 * One instance served by two nodes on one PostgreSQL database, as behind a load balancer (issue 12): a session
 * made on one node works on the other and ends on both, a form's CSRF token from one node is good on the other,
 * and a rate limit holds for the two together. Skipped, with a message, without a PostgreSQL server.
 */
class SeveralNodesTest {
    static final String PG = System.getenv("POLITY_TEST_PG_URL");
    @TempDir
    static Path dirA;
    @TempDir
    static Path dirB;
    static TestInstance a;
    static TestInstance b;
    static String schema;

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static Connection admin() throws Exception {
        return DriverManager.getConnection(PG, System.getenv("POLITY_TEST_PG_USER"),
                System.getenv("POLITY_TEST_PG_PASSWORD"));
    }

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(PG != null && !PG.isBlank(),
                "SeveralNodesTest skipped: set POLITY_TEST_PG_URL (and _USER, _PASSWORD) to a PostgreSQL database");
        schema = "nodes_" + Long.toHexString(System.nanoTime());
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        int portA = freePort();
        int portB = freePort();
        Map<String, String> env = new HashMap<>(Map.of("POLITY_DB_URL", PG + (PG.contains("?") ? "&" : "?")
                + "currentSchema=" + schema, "POLITY_DB_USER", System.getenv("POLITY_TEST_PG_USER"),
                "POLITY_DB_PASSWORD", System.getenv("POLITY_TEST_PG_PASSWORD"),
                "POLITY_BASE_URL", "http://127.0.0.1:" + portA, "POLITY_RATE_SEARCH_PER_IP", "4/1h"));
        Map<String, String> envA = new HashMap<>(env);
        envA.put("POLITY_PORT", String.valueOf(portA));
        a = TestInstance.start(dirA, envA);
        Map<String, String> envB = new HashMap<>(env);
        envB.put("POLITY_PORT", String.valueOf(portB));
        envB.put("POLITY_KEYSET_FILE", dirA.resolve("keys").resolve("master-keyset.json").toString());
        b = TestInstance.start(dirB, envB);
        a.create("ana", Account.Role.MEMBER, Account.Status.ACTIVE);
    }

    @AfterAll
    static void stop() throws Exception {
        if (PG == null || PG.isBlank()) {
            return;
        }
        TestInstance.closeAll(b, a);
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    /** A browser on node B holding the cookies {@code onA} got from node A (one host, as behind a balancer). */
    static TestInstance.Browser sameBrowserOnB(TestInstance.Browser onA) {
        TestInstance.Browser onB = b.browser();
        for (var cookie : onA.cookies.getCookieStore().getCookies()) {
            onB.cookies.getCookieStore().add(b.uri("/"), cookie);
        }
        return onB;
    }

    @Test
    void aSessionAndAFormTokenFromOneNodeAreGoodOnTheOtherAndALogOutEndsThemOnBoth() {
        TestInstance.Browser onA = a.loggedIn("ana");
        TestInstance.Browser onB = sameBrowserOnB(onA);
        assertThat(onB.get("/settings/language").statusCode()).as("logged in on B too").isEqualTo(200);
        HttpResponse<String> saved = onB.post("/settings/language", Map.of("_csrf", onA.csrf("/settings/language"),
                "locale", "fr"));
        assertThat(saved.statusCode()).as("A's form token, posted to B: " + saved.body()).isEqualTo(303);
        assertThat(onA.page("/settings/language").select("html").attr("lang")).as("saved for both").isEqualTo("fr");

        HttpResponse<String> out = onB.post("/logout", Map.of("_csrf", onB.csrf("/settings/language")));
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(onA.get("/settings/language").statusCode()).as("logged out on A as well").isEqualTo(303);
    }

    @Test
    void aRateLimitHoldsForBothNodesTogether() throws Exception {
        TestInstance.Browser onA = a.browser();
        TestInstance.Browser onB = b.browser();
        for (int i = 0; i < 3; i++) {
            assertThat(onA.get("/search?q=energy").statusCode()).isEqualTo(200);
        }
        Thread.sleep(2500); // both nodes exchange their counts about once a second
        assertThat(onB.get("/search?q=energy").statusCode()).as("the fourth of 4/1h, on B").isEqualTo(200);
        // B saw this address first just now: it learns what A counted at its next exchange (the documented lag).
        Thread.sleep(2500);
        HttpResponse<String> fifth = onB.get("/search?q=energy");
        assertThat(fifth.statusCode()).as("the fifth, on B, counts A's three").isEqualTo(429);
        assertThat(fifth.headers().firstValue("Retry-After")).isPresent();
        Thread.sleep(2500);
        assertThat(onA.get("/search?q=energy").statusCode()).as("and A knows B's").isEqualTo(429);
    }

    /**
     * The micro-cache of public documents is per node: a change made on node A shows on A at once, and on B,
     * which cached the old document, within public.cache.seconds (2), the documented lag.
     */
    @Test
    void aPublicDocumentChangedOnOneNodeShowsOnTheOtherWithinTheCacheSeconds() throws Exception {
        String as = "application/activity+json";
        a.get("/users/ana", as); // her first answer makes her proof key (a write): the next ones are kept
        b.get("/users/ana", as);
        assertThat(b.get("/users/ana", as).body()).doesNotContain("Ana Renamed");
        Account ana = a.server().polity().storage().stores().accounts().findAccountByActorId(
                a.localActor("ana").id()).orElseThrow();
        long changed = System.nanoTime();
        a.accounts().updateProfile(ana, "Ana Renamed", ana.profile());
        assertThat(a.get("/users/ana", as).body()).as("on the node that wrote, at once").contains("Ana Renamed");
        TestInstance.eventually("node B shows the new name", () -> b.get("/users/ana", as).body()
                .contains("Ana Renamed"), 10);
        assertThat((System.nanoTime() - changed) / 1e9).as("seconds until B showed it").isLessThan(4.0);
    }
}

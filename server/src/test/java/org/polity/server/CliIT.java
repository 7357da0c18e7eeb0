package org.polity.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line of the packaged jar, run as separate processes while one server (started once for the
 * class) runs on the same data directory: H2's AUTO_SERVER mode lets both use the database.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliIT {
    @TempDir
    static Path work;

    static Map<String, String> env;
    static int port;
    static PolityJar.Server server;

    @BeforeAll
    static void startServer() throws Exception {
        port = PolityJar.freePort();
        env = Map.of("POLITY_DATA_DIR", work.resolve("data").toString(), "POLITY_PORT", String.valueOf(port),
                "POLITY_BIND", "127.0.0.1");
        server = PolityJar.start(work, env, "serve");
        server.awaitHealthy(port, Duration.ofSeconds(90));
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    static PolityJar.Result cli(String stdin, String... args) throws Exception {
        return PolityJar.run(work, env, stdin, args);
    }

    static PolityJar.Result cliWith(Map<String, String> extraEnv, String... args) throws Exception {
        Map<String, String> merged = new HashMap<>(env);
        merged.putAll(extraEnv);
        return PolityJar.run(work, merged, null, args);
    }

    @Test
    @Order(1)
    void userCreateWhileTheServerRuns() throws Exception {
        PolityJar.Result r = cli("correct horse battery staple\n", "user", "create", "alice",
                "--email", "alice@agency.gov.au", "--admin", "--password-stdin");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("Created administrator @alice@localhost:" + port + " (alice@agency.gov.au)")
                .contains("Actor: http://localhost:" + port + "/users/alice")
                .doesNotContain("Password:");
        assertThat(server.get(port, "/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void tokenCreatePrintsTheTokenOnItsLastLine() throws Exception {
        PolityJar.Result r = cli((String) null, "token", "create", "alice");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.lastLine()).matches("[A-Za-z0-9_-]{43}");
        PolityJar.Result second = cli((String) null, "token", "create", "alice", "--label", "bot");
        assertThat(second.lastLine()).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(r.lastLine());
    }

    @Test
    @Order(3)
    void theSameUsernameTwiceIsRefused() throws Exception {
        PolityJar.Result r = cli("correct horse battery staple\n", "user", "create", "alice",
                "--email", "alice2@agency.gov.au", "--password-stdin");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.stderr()).contains("username: That username is taken");
    }

    @Test
    @Order(4)
    void aBadEmailIsRefused() throws Exception {
        PolityJar.Result r = cli("correct horse battery staple\n", "user", "create", "bob",
                "--email", "not-an-address", "--password-stdin");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.stderr()).contains("email: Enter an e-mail address");
    }

    @Test
    @Order(5)
    void aGeneratedPasswordIsPrintedWhenNoneIsGiven() throws Exception {
        PolityJar.Result r = cli((String) null, "user", "create", "carol", "--email", "carol@agency.gov.au");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("Created member @carol@").containsPattern("Password: \\S{20}");
    }

    @Test
    @Order(5)
    void aMemberCanBeCreatedWithTheirOrganisation() throws Exception {
        PolityJar.Result r = cli("correct horse battery staple\n", "user", "create", "mateo", "--email",
                "mateo@lab.gob.cl", "--display-name", "Mateo Rojas", "--organisation", "Laboratorio de Gobierno",
                "--job-title", "Innovation lead", "--password-stdin");
        assertThat(r.exit()).as(r.toString()).isZero();
        var actor = server.get(port, "/users/mateo", "application/activity+json");
        assertThat(actor.body()).contains("Mateo Rojas").contains("Laboratorio de Gobierno");
        PolityJar.Result tooLong = cli("correct horse battery staple\n", "user", "create", "long_org", "--email",
                "long@agency.gov.au", "--organisation", "x".repeat(201), "--password-stdin");
        assertThat(tooLong.exit()).as(tooLong.toString()).isEqualTo(1);
        assertThat(tooLong.stderr()).contains("organisation: Organisation names can have at most 200 characters.");
    }

    @Test
    @Order(6)
    void tokenForAnUnknownUserIsRefused() throws Exception {
        PolityJar.Result r = cli((String) null, "token", "create", "nobody");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.stderr()).contains("No account @nobody");
    }

    @Test
    @Order(7)
    void groupCreateWhileTheServerRunsAndTheGroupFederates() throws Exception {
        PolityJar.Result r = cli((String) null, "group", "create", "energy", "--title", "Energy transparency",
                "--membership", "open", "--admin", "alice", "--description", "Open data in *energy*.");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("Created group @energy@localhost:" + port + " (open)")
                .contains("Actor: http://localhost:" + port + "/users/energy")
                .contains("Page: http://localhost:" + port + "/groups/energy");
        var actor = server.get(port, "/users/energy", "application/activity+json");
        assertThat(actor.statusCode()).isEqualTo(200);
        assertThat(actor.body()).contains("\"type\":\"Group\"").contains("Energy transparency")
                .contains("<em>energy</em>").contains("\"membership\":\"open\"");
        assertThat(server.get(port, "/users/energy/moderators", "application/activity+json").body())
                .contains("/users/alice");
        // Every national instance has its network group from its first start.
        assertThat(server.get(port, "/users/network", "application/activity+json").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(8)
    void groupCreateRefusesBadInput() throws Exception {
        PolityJar.Result taken = cli((String) null, "group", "create", "energy", "--title", "Again");
        assertThat(taken.exit()).as(taken.toString()).isEqualTo(1);
        assertThat(taken.stderr()).contains("name: The name @energy is taken");
        PolityJar.Result membership = cli((String) null, "group", "create", "water", "--title", "Water",
                "--membership", "secret");
        assertThat(membership.exit()).isEqualTo(1);
        assertThat(membership.stderr()).contains("membership: use open, approval or invite, not 'secret'");
        PolityJar.Result noTitle = cli((String) null, "group", "create", "water", "--title", " ");
        assertThat(noTitle.exit()).isEqualTo(1);
        assertThat(noTitle.stderr()).contains("title: Give the group a title.");
        PolityJar.Result badName = cli((String) null, "group", "create", "Water Works", "--title", "Water");
        assertThat(badName.exit()).isEqualTo(1);
        assertThat(badName.stderr()).contains("name: Group names use 1 to 30 lower-case letters");
    }

    /**
     * {@code db copy} run from the jar: into a new database (here an H2 file, so that this test needs no PostgreSQL
     * server; DatabaseCopyTest moves an instance to PostgreSQL), every table and its rows are reported; into the
     * same one again, refused with exit 1; a URL of another kind is refused before anything is opened.
     */
    @Test
    @Order(9)
    void dbCopyCopiesIntoANewDatabaseAndRefusesAFullOne() throws Exception {
        String target = "jdbc:h2:file:" + work.resolve("copy").resolve("polity").toAbsolutePath();
        PolityJar.Result copied = cli("\n", "db", "copy", "--to-url", target, "--to-password-stdin");
        assertThat(copied.exit()).as(copied.toString()).isZero();
        assertThat(copied.stdout()).contains("accounts: ").contains("actors: ").contains("search index rebuilt")
                .contains("Now set POLITY_DB_URL=" + target);
        PolityJar.Result again = cli("\n", "db", "copy", "--to-url", target, "--to-password-stdin");
        assertThat(again.exit()).as(again.toString()).isEqualTo(1);
        assertThat(again.stderr()).contains("the target database is not empty");
        PolityJar.Result wrong = cli((String) null, "db", "copy", "--to-url", "mysql://db/polity");
        assertThat(wrong.exit()).isEqualTo(1);
        assertThat(wrong.stderr()).contains("is not a PostgreSQL JDBC URL");
    }

    @Test
    void invalidSettingsStopServeWithTheSettingNamed() throws Exception {
        PolityJar.Result country = cliWith(Map.of("POLITY_COUNTRY", "XQ1"), "serve");
        assertThat(country.exit()).as(country.toString()).isEqualTo(3);
        assertThat(country.stderr()).contains("Configuration error: POLITY_COUNTRY");

        PolityJar.Result badPort = cliWith(Map.of("POLITY_PORT", "abc"), "serve");
        assertThat(badPort.exit()).as(badPort.toString()).isEqualTo(3);
        assertThat(badPort.stderr()).contains("Configuration error: POLITY_PORT: 'abc' is not a whole number");
    }

    @Test
    void helpListsTheCommands() throws Exception {
        PolityJar.Result r = cli((String) null, "--help");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("Usage: polity").contains("serve").contains("user").contains("token")
                .contains("group");
        PolityJar.Result user = cli((String) null, "user", "create", "--help");
        assertThat(user.exit()).isZero();
        assertThat(user.stdout()).contains("--email").contains("--admin").contains("--password-stdin");
    }
}

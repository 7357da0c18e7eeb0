package org.polity.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.config.ConfigLoader;
import org.polity.server.model.Account;
import org.polity.server.storage.jdbi.JdbiStorage;
import picocli.CommandLine;

/**
 * {@code polity user create --moderator} and {@code polity user role}, run in-process on an instance's data
 * directory: the role is stored, a change is in the audit log as the server's own, and bad input is refused.
 */
class UserRoleCommandTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    Run run(String... args) throws Exception {
        Path config = dir.resolve("polity.properties");
        if (!Files.exists(config)) {
            Files.writeString(config, "data.dir=" + dir.resolve("data").toString().replace("\\", "/") + "\n"
                    + "base.url=http://localhost:8080\n"
                    + org.polity.server.testing.TestDatabase.properties(dir.resolve("data")));
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new PolityCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 2];
        all[0] = "--config";
        all[1] = config.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        int exit = cl.execute(all);
        return new Run(exit, out.toString(), err.toString());
    }

    Account.Role roleOf(String username) {
        try (JdbiStorage storage = JdbiStorage.open(ConfigLoader.load(java.util.Optional.of(
                dir.resolve("polity.properties")), java.util.Map.of()))) {
            long actor = storage.stores().actors().findLocalActorByUsername(username).orElseThrow().id();
            return storage.stores().accounts().findAccountByActorId(actor).orElseThrow().role();
        }
    }

    @Test
    void aModeratorIsCreatedAndRolesChangeWithAnAuditLine() throws Exception {
        Run created = run("user", "create", "maria", "--email", "maria@agency.gov.au", "--moderator");
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).contains("Created moderator @maria@");
        assertThat(roleOf("maria")).isEqualTo(Account.Role.MODERATOR);

        assertThat(run("user", "create", "x", "--email", "x@agency.gov.au", "--moderator", "--admin").exit())
                .isEqualTo(1);
        Run promoted = run("user", "role", "maria", "admin");
        assertThat(promoted.exit()).as(promoted.err()).isZero();
        assertThat(promoted.out()).contains("@maria is now admin.");
        assertThat(roleOf("maria")).isEqualTo(Account.Role.ADMIN);
        assertThat(run("user", "role", "maria", "member").exit()).isZero();
        assertThat(roleOf("maria")).isEqualTo(Account.Role.MEMBER);

        Run bad = run("user", "role", "maria", "overlord");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("member, moderator or admin");
        Run nobody = run("user", "role", "nobody", "moderator");
        assertThat(nobody.exit()).isEqualTo(1);
        assertThat(nobody.err()).contains("No account @nobody");

        try (JdbiStorage storage = JdbiStorage.open(ConfigLoader.load(java.util.Optional.of(
                dir.resolve("polity.properties")), java.util.Map.of()))) {
            var lines = storage.stores().audit().findPage(null, "account.role", 10);
            assertThat(lines).extracting(e -> e.detail()).containsExactly("admin to member", "moderator to admin");
            assertThat(lines).allMatch(e -> e.actorId() == null && e.target().startsWith("maria@"));
        }
    }
}

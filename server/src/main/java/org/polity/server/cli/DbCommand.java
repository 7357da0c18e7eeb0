package org.polity.server.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.polity.server.config.PolityConfig;
import org.polity.server.storage.jdbi.DatabaseCopy;
import org.polity.server.storage.jdbi.JdbiStorage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code polity db copy --to-url jdbc:postgresql://… --to-user polity --to-password-stdin}: copies this
 * instance's database (the one its configuration names: H2 in {@code data.dir} unless {@code db.url} says
 * otherwise) into a new, empty PostgreSQL database, which is migrated first. Stop the server before, then point
 * {@code db.url} at the new database and start it again with the same keyset (docs/operations.md, "Moving from H2
 * to PostgreSQL").
 */
@Command(name = "db", description = "Database maintenance.", subcommands = {DbCommand.Copy.class})
final class DbCommand {
    @CommandLine.ParentCommand
    PolityCommand parent;

    @Command(name = "copy", description = "Copy this instance's whole database into a new, empty one "
            + "(H2 to PostgreSQL). Stop the server first.")
    static final class Copy implements Callable<Integer> {
        @CommandLine.ParentCommand
        DbCommand db;

        @Option(names = "--to-url", required = true, paramLabel = "JDBC_URL",
                description = "The new database, e.g. jdbc:postgresql://localhost:5432/polity (it must be empty).")
        String url;

        @Option(names = "--to-user", defaultValue = "", paramLabel = "USER", description = "Its user.")
        String user;

        @Option(names = "--to-password-stdin",
                description = "Read its password from the first line of standard input (else POLITY_TO_DB_PASSWORD).")
        boolean passwordStdin;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            var err = spec.commandLine().getErr();
            if (!url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:h2:")) {
                err.println("--to-url: '" + url + "' is not a PostgreSQL JDBC URL (jdbc:postgresql://host:5432/db)");
                return PolityCommand.REFUSED;
            }
            String password = System.getenv().getOrDefault("POLITY_TO_DB_PASSWORD", "");
            if (passwordStdin) {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                password = line == null ? "" : line.strip();
            }
            PolityConfig config = db.parent.config();
            String sourceUrl = config.dbUrl().orElse("H2 in " + config.dataDir());
            if (config.dbUrl().filter(url::equals).isPresent()) {
                err.println("--to-url: that is the database this instance uses already");
                return PolityCommand.REFUSED;
            }
            var out = spec.commandLine().getOut();
            try (JdbiStorage source = JdbiStorage.open(config);
                    JdbiStorage target = JdbiStorage.open(url, user, password)) {
                out.println("Copying " + sourceUrl + " into " + url + " (schema version " + JdbiStorage.SCHEMA_VERSION
                        + ")");
                DatabaseCopy.Result result = DatabaseCopy.copy(source, target, line -> {
                    out.println("  " + line);
                    out.flush();
                });
                out.println("Copied " + result.total() + " rows in " + result.rows().size() + " tables. Now set"
                        + " POLITY_DB_URL=" + url + " (with its user and password), keep the same keyset, and start"
                        + " the server.");
                out.flush();
                return 0;
            } catch (DatabaseCopy.TargetNotEmpty e) {
                err.println("Refused: " + e.getMessage());
                return PolityCommand.REFUSED;
            }
        }
    }
}

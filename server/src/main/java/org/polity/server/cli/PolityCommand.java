package org.polity.server.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.polity.server.Bootstrap;
import org.polity.server.Polity;
import org.polity.server.PolityServer;
import org.polity.server.config.ConfigException;
import org.polity.server.config.ConfigLoader;
import org.polity.server.config.PolityConfig;
import org.polity.server.crypto.KeyVault;
import org.polity.server.crypto.Passwords;
import org.polity.server.crypto.Secrets;
import org.polity.server.groups.GroupQueries;
import org.polity.server.groups.GroupSetup;
import org.polity.server.model.Account;
import org.polity.server.model.GroupInfo;
import org.polity.server.service.AccountService;
import org.polity.server.service.InvalidInput;
import org.polity.server.storage.jdbi.JdbiStorage;
import org.polity.server.storage.jdbi.StorageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** The {@code polity} command line: runs the server and administers an instance, also while it runs. */
@Command(name = "polity", mixinStandardHelpOptions = true, version = "Polity 0.1.0",
        scope = CommandLine.ScopeType.INHERIT,
        description = "A federated ActivityPub server for inter-government networking.",
        subcommands = {PolityCommand.Serve.class, PolityCommand.User.class, PolityCommand.Token.class,
                PolityCommand.Group.class, DomainCommand.class, DbCommand.class})
public final class PolityCommand {
    @Option(names = "--config", paramLabel = "FILE", scope = CommandLine.ScopeType.INHERIT,
            description = "Properties file overriding config/polity.properties (environment variables win).")
    Path configFile;

    /** Exit codes: 0 done, 1 refused (bad input), 2 usage, 3 configuration, 4 storage. */
    public static final int REFUSED = 1;
    public static final int CONFIG = 3;
    public static final int STORAGE = 4;

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new PolityCommand());
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException) {
                commandLine.getErr().println("Configuration error: " + e.getMessage());
                return CONFIG;
            }
            if (e instanceof StorageException) {
                commandLine.getErr().println("Storage error: " + e.getMessage());
                return STORAGE;
            }
            if (e instanceof org.polity.server.service.NotFound || e instanceof org.polity.server.service.Forbidden) {
                commandLine.getErr().println(e.getMessage());
                return REFUSED;
            }
            if (e instanceof InvalidInput invalid) {
                invalid.errors().forEach((field, message) -> commandLine.getErr().println(field + ": " + message));
                return REFUSED;
            }
            throw e;
        });
        return cl;
    }

    PolityConfig config() {
        return ConfigLoader.load(Optional.ofNullable(configFile));
    }

    /** The services without the HTTP server: what the administrative commands use. */
    static Polity openOffline(PolityConfig config) {
        JdbiStorage storage = JdbiStorage.open(config);
        try {
            KeyVault vault = KeyVault.open(config.keysetJson(), config.keysetFile(), config.dataDir());
            Polity polity = new Polity(config, storage, vault, Clock.systemUTC());
            URI base = config.baseUrl()
                    .or(() -> Bootstrap.recordedBaseUrl(polity))
                    .orElse(URI.create("http://localhost:" + config.port()));
            Bootstrap.bindBaseUrl(polity, base);
            return polity;
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
    }

    @Command(name = "serve", description = "Run the instance (the default command).")
    static final class Serve implements Callable<Integer> {
        @CommandLine.ParentCommand
        PolityCommand parent;

        @Override
        public Integer call() {
            PolityConfig config = parent.config();
            PolityServer server = PolityServer.start(config);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "polity-shutdown"));
            Polity polity = server.polity();
            if (polity.storage().stores().accounts().countByStatus(Account.Status.ACTIVE) == 0) {
                System.out.println();
                System.out.println("Polity is running at " + server.baseUrl() + " and has no accounts yet.");
                System.out.println("Create the first administrator with the same configuration as this server"
                        + " (type a password of " + Passwords.MIN_LENGTH + " or more characters, then Enter),");
                System.out.println("then log in at " + server.baseUrl() + "/login:");
                System.out.println("  " + userCreateCommand(jarCommand(), parent.configFile, System.getenv()));
                System.out.println();
                System.out.flush();
            }
            return 0;
        }
    }

    /** The settings a second process needs to open this instance's storage and keys, when set in the environment. */
    static final java.util.List<String> STORAGE_SETTINGS = java.util.List.of("POLITY_DATA_DIR", "POLITY_DB_URL",
            "POLITY_DB_USER", "POLITY_KEYSET_FILE");

    /**
     * The start-up banner's command for the first administrator, with this server's own {@code --config} and the
     * storage settings it was given in the environment, so that pasting it opens the same instance. Secrets
     * ({@code POLITY_DB_PASSWORD}, {@code POLITY_KEYSET}) are never printed: they are named for the operator to set.
     */
    static String userCreateCommand(String jar, Path configFile, java.util.Map<String, String> env) {
        StringBuilder out = new StringBuilder();
        java.util.List<String> secrets = new java.util.ArrayList<>();
        for (String name : STORAGE_SETTINGS) {
            String value = env.get(name);
            if (value == null || value.isBlank()) {
                continue;
            }
            if (name.equals("POLITY_DB_URL") && carriesCredentials(value)) {
                secrets.add(name);
            } else {
                out.append(name).append('=').append(shellQuote(value)).append(' ');
            }
        }
        out.append(jar);
        if (configFile != null) {
            out.append(" --config ").append(shellQuote(configFile.toAbsolutePath().toString()));
        }
        out.append(" user create yourname --email you@agency.gov --admin --password-stdin");
        java.util.stream.Stream.of("POLITY_DB_PASSWORD", "POLITY_KEYSET")
                .filter(n -> env.get(n) != null && !env.get(n).isBlank()).forEach(secrets::add);
        if (!secrets.isEmpty()) {
            out.append("\n  (with ").append(String.join(" and ", secrets)).append(" set as for the server)");
        }
        return out.toString();
    }

    /** A JDBC URL with a password in it: a {@code password} parameter, or user info before the host. */
    static boolean carriesCredentials(String jdbcUrl) {
        return jdbcUrl.toLowerCase(java.util.Locale.ROOT).contains("password=") || jdbcUrl.matches("(?s)[^/]*//[^/]*@.*");
    }

    /** A word as a POSIX shell reads it: bare when it is plain, in single quotes otherwise. */
    static String shellQuote(String value) {
        return value.matches("[A-Za-z0-9_@%+=:,./-]+") ? value : "'" + value.replace("'", "'\\''") + "'";
    }

    /** How this jar was started, for hints: {@code java -jar server/target/polity.jar} from a checkout. */
    static String jarCommand() {
        try {
            Path jar = Path.of(PolityCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (jar.getFileName().toString().endsWith(".jar")) {
                Path cwd = Path.of("").toAbsolutePath();
                return "java -jar " + (jar.startsWith(cwd) ? cwd.relativize(jar) : jar);
            }
        } catch (RuntimeException | java.net.URISyntaxException e) {
            // fall through to the generic form
        }
        return "java -jar polity.jar";
    }

    @Command(name = "user", description = "Manage accounts.", subcommands = {User.Create.class, User.Role.class})
    static final class User {
        @CommandLine.ParentCommand
        PolityCommand parent;

        @Command(name = "create", description = "Create an active account (and its actor and keys).")
        static final class Create implements Callable<Integer> {
            @CommandLine.ParentCommand
            User user;

            @Parameters(index = "0", paramLabel = "NAME", description = "Username: a-z, 0-9, _ (1-30).")
            String name;

            @Option(names = "--email", required = true, paramLabel = "E", description = "E-mail address.")
            String email;

            @Option(names = "--admin", description = "Make the account an administrator.")
            boolean admin;

            @Option(names = "--moderator", description = "Make the account a moderator (works the reports queue).")
            boolean moderator;

            @Option(names = "--password-stdin", description = "Read the password from the first line of stdin."
                    + " Without it, a random password is generated and printed.")
            boolean passwordStdin;

            @Option(names = "--display-name", paramLabel = "TEXT", description = "Display name (default NAME).")
            String displayName;

            @Option(names = "--organisation", paramLabel = "TEXT", defaultValue = "",
                    description = "Organisation, shown beside the member's posts (at most 200 characters).")
            String organisation;

            @Option(names = "--job-title", paramLabel = "TEXT", defaultValue = "", description = "Role or job title.")
            String jobTitle;

            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;

            @Override
            public Integer call() throws IOException {
                String password;
                boolean generated = false;
                if (passwordStdin) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                    password = in.readLine();
                    if (password == null) {
                        spec.commandLine().getErr().println("password: nothing was given on stdin.");
                        return REFUSED;
                    }
                } else {
                    password = Secrets.newToken().substring(0, 20);
                    generated = true;
                }
                if (admin && moderator) {
                    spec.commandLine().getErr().println("Choose --admin or --moderator, not both.");
                    return REFUSED;
                }
                try (Polity polity = openOffline(user.parent.config())) {
                    Account.Profile profile = new Account.Profile(organisation, jobTitle, "", "", List.of());
                    Account account = polity.accounts().create(new AccountService.NewAccount(name, email, password,
                                    displayName == null ? name : displayName, profile, ""),
                            admin ? Account.Role.ADMIN : moderator ? Account.Role.MODERATOR : Account.Role.MEMBER,
                            Account.Status.ACTIVE);
                    var out = spec.commandLine().getOut();
                    out.println("Created " + (admin ? "administrator" : moderator ? "moderator" : "member") + " @"
                            + name + "@"
                            + polity.uris().authority() + " (" + account.email() + ")");
                    out.println("Actor: " + polity.uris().actor(name));
                    if (generated) {
                        out.println("Password: " + password);
                    }
                    out.flush();
                }
                return 0;
            }
        }

        @Command(name = "role", description = "Make an account a member, a moderator or an administrator.")
        static final class Role implements Callable<Integer> {
            @CommandLine.ParentCommand
            User user;

            @Parameters(index = "0", paramLabel = "NAME", description = "Username of the account.")
            String name;

            @Parameters(index = "1", paramLabel = "ROLE", description = "member, moderator or admin.")
            String role;

            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;

            @Override
            public Integer call() {
                Account.Role wanted = switch (role.strip().toLowerCase(java.util.Locale.ROOT)) {
                    case "member" -> Account.Role.MEMBER;
                    case "moderator" -> Account.Role.MODERATOR;
                    case "admin", "administrator" -> Account.Role.ADMIN;
                    default -> null;
                };
                if (wanted == null) {
                    spec.commandLine().getErr().println("role: member, moderator or admin, not " + role + ".");
                    return REFUSED;
                }
                try (Polity polity = openOffline(user.parent.config())) {
                    Optional<Account> account = polity.accounts().findByUsername(name);
                    if (account.isEmpty()) {
                        spec.commandLine().getErr().println("No account @" + name + " on this instance.");
                        return REFUSED;
                    }
                    polity.accounts().setRole(null, account.get(), wanted);
                    var out = spec.commandLine().getOut();
                    out.println("@" + name + " is now " + wanted.name().toLowerCase(java.util.Locale.ROOT) + ".");
                    out.flush();
                }
                return 0;
            }
        }
    }

    @Command(name = "token", description = "Manage API tokens.", subcommands = {Token.Create.class})
    static final class Token {
        @CommandLine.ParentCommand
        PolityCommand parent;

        @Command(name = "create", description = "Create a bearer token for an account; prints it on the last line.")
        static final class Create implements Callable<Integer> {
            @CommandLine.ParentCommand
            Token token;

            @Parameters(index = "0", paramLabel = "NAME", description = "Username of the account.")
            String name;

            @Option(names = "--label", paramLabel = "TEXT", defaultValue = "cli",
                    description = "What the token is for (default: cli).")
            String label;

            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;

            @Override
            public Integer call() {
                try (Polity polity = openOffline(token.parent.config())) {
                    Optional<Account> account = polity.accounts().findByUsername(name);
                    if (account.isEmpty()) {
                        spec.commandLine().getErr().println("No account @" + name + " on this instance.");
                        return REFUSED;
                    }
                    String value = polity.accounts().createToken(account.get().id(), label);
                    var out = spec.commandLine().getOut();
                    out.println("Token for @" + name + " (" + label + "); it is shown only once:");
                    out.println(value);
                    out.flush();
                }
                return 0;
            }
        }
    }

    @Command(name = "group", description = "Manage groups.", subcommands = {Group.Create.class})
    static final class Group {
        @CommandLine.ParentCommand
        PolityCommand parent;

        @Command(name = "create", description = "Create a group (an ActivityPub Group actor, FEP-1b12).")
        static final class Create implements Callable<Integer> {
            @CommandLine.ParentCommand
            Group group;

            @Parameters(index = "0", paramLabel = "NAME", description = "Group handle: a-z, 0-9, _ (1-30).")
            String name;

            @Option(names = "--title", required = true, paramLabel = "T", description = "The group's title.")
            String title;

            @Option(names = "--membership", paramLabel = "open|approval|invite", defaultValue = "approval",
                    description = "How people join (default: approval).")
            String membership;

            @Option(names = "--members-only", description = "Only members see the group's threads.")
            boolean membersOnly;

            @Option(names = "--description", paramLabel = "TEXT", description = "About the group (Markdown).")
            String description;

            @Option(names = "--admin", paramLabel = "USER", description = "A member who becomes the group's admin.")
            String admin;

            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;

            @Override
            public Integer call() {
                GroupInfo.Membership m = GroupInfo.Membership.parse(membership);
                if (m == null) {
                    spec.commandLine().getErr().println("membership: use open, approval or invite, not '"
                            + membership + "'.");
                    return REFUSED;
                }
                try (Polity polity = openOffline(group.parent.config())) {
                    org.polity.server.model.Actor owner = null;
                    if (admin != null) {
                        owner = polity.actors().findLocal(admin.toLowerCase(java.util.Locale.ROOT))
                                .filter(a -> a.type() == org.polity.server.model.ActorType.Person).orElse(null);
                        if (owner == null) {
                            spec.commandLine().getErr().println("admin: no member @" + admin + " on this instance.");
                            return REFUSED;
                        }
                    }
                    org.polity.server.model.Actor created = new GroupSetup(polity, new GroupQueries(polity, null), null)
                            .create(owner, name, title, description, m, membersOnly);
                    var out = spec.commandLine().getOut();
                    out.println("Created group @" + created.username() + "@" + polity.uris().authority() + " ("
                            + m.wireName() + (membersOnly ? ", members only" : "") + ")");
                    out.println("Actor: " + created.uri());
                    out.println("Page: " + created.profileUrl());
                    out.flush();
                }
                return 0;
            }
        }
    }
}

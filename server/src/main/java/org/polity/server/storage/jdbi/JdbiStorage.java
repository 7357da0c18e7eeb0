package org.polity.server.storage.jdbi;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.function.Function;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.polity.server.config.PolityConfig;
import org.polity.server.storage.AccountStore;
import org.polity.server.storage.ActivityStore;
import org.polity.server.storage.DeliveryStore;
import org.polity.server.storage.FollowStore;
import org.polity.server.storage.BackfillStore;
import org.polity.server.storage.HostStore;
import org.polity.server.storage.InboxStore;
import org.polity.server.storage.NotificationStore;
import org.polity.server.storage.ObjectStore;
import org.polity.server.storage.ReactionStore;
import org.polity.server.storage.ActorStore;
import org.polity.server.storage.SessionStore;
import org.polity.server.storage.SettingsStore;
import org.polity.server.storage.Storage;
import org.polity.server.storage.GroupStore;
import org.polity.server.storage.Stores;
import org.polity.server.storage.TokenStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Storage on Jdbi over a pooled JDBC data source: an H2 file database in the data directory by default
 * (opened with {@code AUTO_SERVER=TRUE}, so the CLI can work while the server runs), PostgreSQL when
 * {@code db.url} is set. The schema is created and upgraded by Flyway from {@code db/migration}; the same
 * SQL runs on both engines (H2 runs in its PostgreSQL compatibility mode).
 */
public final class JdbiStorage implements Storage {
    private static final Logger log = LoggerFactory.getLogger(JdbiStorage.class);

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final String engine;
    private final Stores autoCommit;
    private final java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong();

    private JdbiStorage(HikariDataSource dataSource, String engine) {
        this.dataSource = dataSource;
        this.engine = engine;
        this.jdbi = Jdbi.create(dataSource);
        // Every statement that may have written moves the write generation (see Storage#writeGeneration): not a
        // SELECT (a SELECT ... FOR UPDATE only locks; the UPDATE after it counts), and not one that reports it
        // changed no row (the queue workers' periodic UPDATEs usually match none, and would otherwise empty the
        // caches that read it every few seconds). A statement that reports no count (-1) counts as a write.
        jdbi.getConfig(org.jdbi.v3.core.statement.SqlStatements.class).addCustomizer(
                new org.jdbi.v3.core.statement.StatementCustomizer() {
                    @Override
                    public void afterExecution(java.sql.PreparedStatement statement,
                            org.jdbi.v3.core.statement.StatementContext context) throws java.sql.SQLException {
                        if (!isSelect(context.getRawSql()) && statement.getUpdateCount() != 0) {
                            writes.incrementAndGet();
                        }
                    }
                });
        this.autoCommit = new JdbiStores(jdbi::withHandle, engine);
    }

    /** The connection pool, for tools that need plain JDBC (tests of the schema's own rules, data export). */
    public javax.sql.DataSource dataSource() {
        return dataSource;
    }

    /** Opens (and migrates) the database the configuration names. */
    public static JdbiStorage open(PolityConfig config) {
        String url = config.dbUrl().orElseGet(() -> h2Url(config.dataDir()));
        return open(url, config.dbUser(), config.dbPassword());
    }

    public static JdbiStorage open(String url, String user, String password) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(url);
        if (!user.isEmpty()) {
            hikari.setUsername(user);
        }
        if (!password.isEmpty()) {
            hikari.setPassword(password);
        }
        hikari.setPoolName("polity-db");
        hikari.setMaximumPoolSize(url.startsWith("jdbc:h2:") ? 8 : 16);
        hikari.setMinimumIdle(1);
        hikari.setInitializationFailTimeout(10_000);
        long start = System.nanoTime();
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new StorageException("cannot open the database at " + redact(url) + ": " + rootMessage(e), e);
        }
        long opened = System.nanoTime();
        try {
            if (!schemaIsCurrent(ds)) {
                Flyway.configure().dataSource(ds).locations("classpath:db/migration")
                        .javaMigrations(JAVA_MIGRATIONS.toArray(new org.flywaydb.core.api.migration.JavaMigration[0]))
                        .load().migrate();
            }
        } catch (RuntimeException e) {
            ds.close();
            throw new StorageException("cannot migrate the database at " + redact(url) + ": " + rootMessage(e), e);
        }
        String engine = url.startsWith("jdbc:postgresql:") ? "postgresql" : "h2";
        log.info("database ready: {} ({}) in {} ms: open {}, migrations {}", engine, redact(url),
                (System.nanoTime() - start) / 1_000_000, (opened - start) / 1_000_000,
                (System.nanoTime() - opened) / 1_000_000);
        return new JdbiStorage(ds, engine);
    }

    /**
     * The newest migration: in {@code db/migration} ({@code V<n>__...sql}) or in {@link #JAVA_MIGRATIONS}; a
     * unit test keeps it equal to them. Raise it with every new migration.
     */
    public static final int SCHEMA_VERSION = 27;

    /**
     * The migrations written in Java (this package, registered here rather than found by a class path scan),
     * for what SQL alone cannot do the same on both engines.
     */
    static final java.util.List<org.flywaydb.core.api.migration.JavaMigration> JAVA_MIGRATIONS =
            java.util.List.of(new V9__object_terms(), new V12__search_index(), new V17__audit_log(), new V22__indexes());

    /**
     * Whether Flyway's history already records {@link #SCHEMA_VERSION} as applied. Then start-up skips Flyway,
     * whose scan of the shaded jar and validation cost a few hundred milliseconds on every start; a new
     * version, a fresh database or an unreadable history runs Flyway as usual.
     */
    static boolean schemaIsCurrent(javax.sql.DataSource ds) {
        try (java.sql.Connection c = ds.getConnection();
                java.sql.Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery("SELECT \"version\" FROM \"flyway_schema_history\""
                        + " WHERE \"success\" = TRUE AND \"version\" IS NOT NULL")) {
            int newest = 0;
            while (rs.next()) {
                newest = Math.max(newest, Integer.parseInt(rs.getString(1).split("\\.")[0]));
            }
            return newest == SCHEMA_VERSION;
        } catch (java.sql.SQLException | NumberFormatException e) {
            return false; // no history yet (a new database), or one we cannot read: let Flyway decide
        }
    }

    /** The file H2 keeps the embedded database in (it exists once the database has been opened). */
    public static Path h2File(Path dataDir) {
        return dataDir.toAbsolutePath().normalize().resolve("polity.mv.db");
    }

    /**
     * The embedded H2 database file in the data directory. {@code WRITE_DELAY=0} makes every commit reach the
     * file before it returns (H2 otherwise batches writes for up to a second), so a process killed right after
     * answering 202 to an inbox POST has still stored the activity.
     */
    public static String h2Url(Path dataDir) {
        Path file = dataDir.toAbsolutePath().normalize().resolve("polity");
        return "jdbc:h2:file:" + file + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
                + ";AUTO_SERVER=TRUE;WRITE_DELAY=0";
    }

    private static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    /**
     * Sees every statement run from now on ({@code null}: none), as tests that count the queries of a page do;
     * the server itself sets none.
     */
    public void setSqlLogger(org.jdbi.v3.core.statement.SqlLogger logger) {
        jdbi.setSqlLogger(logger == null ? org.jdbi.v3.core.statement.SqlLogger.NOP_SQL_LOGGER : logger);
    }

    @Override
    public Stores stores() {
        return autoCommit;
    }

    @Override
    public <T> T transaction(Function<Stores, T> work) {
        long before = writes.get();
        try {
            return jdbi.inTransaction(handle -> work.apply(new JdbiStores(new BoundHandle(handle), engine)));
        } finally {
            // Once more at the end of a transaction that wrote (or ran beside another write): what a reader cached
            // between a write statement and the commit (the state before the transaction) is stale from here on.
            if (writes.get() != before) {
                writes.incrementAndGet();
            }
        }
    }

    @Override
    public long writeGeneration() {
        return writes.get();
    }

    /** Whether a statement only reads: it starts with {@code SELECT} (after white space), in any case. */
    static boolean isSelect(String sql) {
        if (sql == null) {
            return false;
        }
        int i = 0;
        while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
            i++;
        }
        return sql.regionMatches(true, i, "SELECT", 0, 6);
    }

    @Override
    public boolean ping() {
        try {
            return jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public String engine() {
        return engine;
    }

    @Override
    public void close() {
        dataSource.close();
    }

    /** Runs store calls on a connection: a new one per call, or the one a transaction holds. */
    interface Handles {
        <T> T with(HandleCallback<T, RuntimeException> callback);
    }

    record BoundHandle(Handle handle) implements Handles {
        @Override
        public <T> T with(HandleCallback<T, RuntimeException> callback) {
            return callback.withHandle(handle);
        }
    }

    private static final class JdbiStores implements Stores {
        private final ActorStore actors;
        private final AccountStore accounts;
        private final TokenStore tokens;
        private final SessionStore sessions;
        private final SettingsStore settings;
        private final FollowStore follows;
        private final InboxStore inbox;
        private final ObjectStore objects;
        private final ActivityStore activities;
        private final DeliveryStore deliveries;
        private final HostStore hosts;
        private final ReactionStore reactions;
        private final NotificationStore notifications;
        private final GroupStore groups;
        private final BackfillStore backfills;
        private final org.polity.server.casestudies.CaseStudyStore caseStudies;
        private final org.polity.server.challenges.ChallengeStore challenges;
        private final org.polity.server.hub.HubStore hub;
        private final org.polity.server.figures.FigureStore figures;
        private final org.polity.server.storage.MediaItemStore media;
        private final org.polity.server.audit.AuditStore audit;
        private final org.polity.server.blocks.BlockStore blocks;
        private final org.polity.server.domains.DomainPolicyStore domainPolicies;
        private final org.polity.server.accounts.InvitationStore invitations;
        private final JdbiSearchIndex search;
        private final org.polity.server.moderation.ModerationStore moderation;
        private final org.polity.server.storage.RateCountStore rateCounts;

        JdbiStores(Handles handles, String engine) {
            this.search = JdbiSearchIndex.forEngine(engine, handles);
            this.actors = new JdbiActorStore(handles, search);
            this.accounts = new JdbiAccountStore(handles, search);
            this.tokens = new JdbiTokenStore(handles);
            this.sessions = new JdbiSessionStore(handles);
            this.settings = new JdbiSettingsStore(handles);
            this.follows = new JdbiFollowStore(handles);
            this.inbox = new JdbiInboxStore(handles);
            this.objects = new JdbiObjectStore(handles, search);
            this.activities = new JdbiActivityStore(handles);
            this.deliveries = new JdbiDeliveryStore(handles);
            this.hosts = new JdbiHostStore(handles);
            this.reactions = new JdbiReactionStore(handles);
            this.notifications = new JdbiNotificationStore(handles);
            this.groups = new JdbiGroupStore(handles);
            this.backfills = new JdbiBackfillStore(handles);
            this.caseStudies = new JdbiCaseStudyStore(handles);
            this.challenges = new JdbiChallengeStore(handles);
            this.hub = new JdbiHubStore(handles);
            this.figures = new JdbiFigureStore(handles);
            this.media = new JdbiMediaItemStore(handles);
            this.audit = new JdbiAuditStore(handles);
            this.blocks = new JdbiBlockStore(handles);
            this.domainPolicies = new JdbiDomainPolicyStore(handles);
            this.moderation = new JdbiModerationStore(handles);
            this.invitations = new JdbiInvitationStore(handles);
            this.rateCounts = new JdbiRateCountStore(handles);
        }

        @Override
        public ActorStore actors() {
            return actors;
        }

        @Override
        public AccountStore accounts() {
            return accounts;
        }

        @Override
        public TokenStore tokens() {
            return tokens;
        }

        @Override
        public SessionStore sessions() {
            return sessions;
        }

        @Override
        public SettingsStore settings() {
            return settings;
        }

        @Override
        public FollowStore follows() {
            return follows;
        }

        @Override
        public org.polity.server.storage.RateCountStore rateCounts() {
            return rateCounts;
        }

        @Override
        public InboxStore inbox() {
            return inbox;
        }

        @Override
        public ObjectStore objects() {
            return objects;
        }

        @Override
        public ActivityStore activities() {
            return activities;
        }

        @Override
        public DeliveryStore deliveries() {
            return deliveries;
        }

        @Override
        public HostStore hosts() {
            return hosts;
        }

        @Override
        public ReactionStore reactions() {
            return reactions;
        }

        @Override
        public NotificationStore notifications() {
            return notifications;
        }
    
        @Override
        public GroupStore groups() {
            return groups;
        }

        @Override
        public BackfillStore backfills() {
            return backfills;
        }

        @Override
        public org.polity.server.casestudies.CaseStudyStore caseStudies() {
            return caseStudies;
        }

        @Override
        public org.polity.server.challenges.ChallengeStore challenges() {
            return challenges;
        }

        @Override
        public org.polity.server.hub.HubStore hub() {
            return hub;
        }

        @Override
        public org.polity.server.figures.FigureStore figures() {
            return figures;
        }

        @Override
        public org.polity.server.storage.MediaItemStore media() {
            return media;
        }

        @Override
        public org.polity.server.audit.AuditStore audit() {
            return audit;
        }

        @Override
        public org.polity.server.blocks.BlockStore blocks() {
            return blocks;
        }

        @Override
        public org.polity.server.domains.DomainPolicyStore domainPolicies() {
            return domainPolicies;
        }

        @Override
        public org.polity.server.moderation.ModerationStore moderation() {
            return moderation;
        }

        @Override
        public org.polity.server.accounts.InvitationStore invitations() {
            return invitations;
        }

        @Override
        public org.polity.server.search.SearchIndex search() {
            return search;
        }
    }
}

package org.polity.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.Polity;
import org.polity.server.config.ConfigLoader;
import org.polity.server.config.PolityConfig;
import org.polity.server.crypto.KeyVault;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.model.ActorType;
import org.polity.server.model.ApiToken;
import org.polity.server.model.ObjectKind;
import org.polity.server.model.Reaction;
import org.polity.server.model.StoredObject;
import org.polity.server.model.Visibility;
import org.polity.server.model.WebSession;
import org.polity.server.service.AccountService;
import org.polity.server.service.InvalidInput;
import org.polity.server.storage.jdbi.JdbiStorage;

/**
 * What every storage engine must do, run against each one by a subclass: {@link H2StorageTest} always,
 * {@link PostgresStorageTest} when a PostgreSQL server is configured. The SQL is the same for both engines, so
 * a statement that one of them does not understand fails here.
 */
abstract class StorageContract {
    /** A fixed instant with microsecond precision (both engines keep microseconds). */
    static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123456Z");

    @TempDir
    Path tempDir;

    JdbiStorage storage;
    Stores stores;

    /** An empty, freshly migrated database of the engine under test. */
    abstract JdbiStorage openEmpty(Path tempDir) throws Exception;

    @BeforeEach
    void open() throws Exception {
        storage = openEmpty(tempDir);
        stores = storage.stores();
    }

    @AfterEach
    void close() {
        if (storage != null) {
            storage.close();
        }
    }

    static Actor person(String username) {
        String uri = "https://polity.example.gov/users/" + username;
        return new Actor(0, uri, ActorType.Person, username, "polity.example.gov", true, "Name of " + username,
                "<p>bio</p>", uri + "/inbox", "https://polity.example.gov/inbox", uri + "/outbox", uri + "/followers",
                uri + "/following", "https://polity.example.gov/@" + username, uri + "#main-key",
                "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", false, T0, T0);
    }

    Account account(String username, Account.Status status) {
        Actor actor = stores.actors().insert(person(username));
        return stores.accounts().insert(new Account(0, actor.id(), username + "@agency.gov.au", "$argon2id$hash",
                Account.Role.MEMBER, status, new Account.Profile("Agency", "Analyst", "AU", "bio", List.of("policy")),
                "en", "reason", T0, status == Account.Status.PENDING ? null : T0));
    }

    /** A page's objects and their likes in one query each (the group and thread pages), absent ones left out. */
    @Test
    void objectsAndLikeCountsAreReadForAWholePageAtOnce() {
        Actor ana = stores.actors().insert(person("ana"));
        Actor ben = stores.actors().insert(person("ben"));
        java.util.List<String> uris = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String uri = "https://polity.example.gov/objects/batch-" + i;
            stores.objects().insert(new org.polity.server.model.StoredObject(0, uri, "Note", ana.id(), true, null,
                    "<p>" + i + "</p>", null, null, null, org.polity.server.model.Visibility.PUBLIC, T0.plusSeconds(i),
                    null, null, "{}"));
            uris.add(uri);
        }
        stores.reactions().insertIfNew(org.polity.server.model.Reaction.Kind.LIKE, ben.id(), uris.get(1),
                "https://polity.example.gov/likes/1", T0);
        stores.reactions().insertIfNew(org.polity.server.model.Reaction.Kind.LIKE, ana.id(), uris.get(1),
                "https://polity.example.gov/likes/2", T0);
        java.util.List<String> asked = new java.util.ArrayList<>(uris);
        asked.add("https://polity.example.gov/objects/never-stored");
        var found = stores.objects().findObjectsByUris(asked);
        assertThat(found.keySet()).containsExactlyInAnyOrderElementsOf(uris);
        assertThat(found.get(uris.get(2)).contentHtml()).isEqualTo("<p>2</p>");
        assertThat(stores.reactions().countByObjects(asked, org.polity.server.model.Reaction.Kind.LIKE))
                .containsExactly(java.util.Map.entry(uris.get(1), 2L));
        assertThat(stores.objects().findObjectsByUris(java.util.List.of())).isEmpty();
    }

    /** The lookups that would otherwise scan a whole table have their index (V22), on both engines. */
    @Test
    void theLookedUpColumnsAreIndexed() throws Exception {
        java.util.Set<String> names = new java.util.HashSet<>();
        try (java.sql.Connection c = storage.dataSource().getConnection()) {
            for (String table : java.util.List.of("activities", "follows", "objects", "accounts")) {
                try (java.sql.ResultSet rs = c.getMetaData().getIndexInfo(null, null, table, false, false)) {
                    while (rs.next()) {
                        if (rs.getString("INDEX_NAME") != null) {
                            names.add(rs.getString("INDEX_NAME").toLowerCase(java.util.Locale.ROOT));
                        }
                    }
                }
            }
        }
        assertThat(names).contains("activities_object", "follows_activity", "objects_published",
                "accounts_email_lower");
    }

    @Test
    void notificationsNewestFirstCountedAndMarkedRead() {
        Actor alice = stores.actors().insert(person("alice"));
        Actor bob = stores.actors().insert(person("bob"));
        var first = stores.notifications().insert(alice.id(),
                org.polity.server.model.Notification.Kind.FOLLOW, bob.id(), null, T0);
        var second = stores.notifications().insert(alice.id(),
                org.polity.server.model.Notification.Kind.REPLY, bob.id(), "https://x.example/notes/1", T0.plusSeconds(1));
        stores.notifications().insert(bob.id(), org.polity.server.model.Notification.Kind.MENTION, null, null, T0);
        assertThat(stores.notifications().findNotifications(alice.id(), Long.MAX_VALUE, 10))
                .extracting(org.polity.server.model.Notification::id).containsExactly(second.id(), first.id());
        assertThat(stores.notifications().findNotifications(alice.id(), second.id(), 10)).hasSize(1);
        assertThat(stores.notifications().findNotifications(bob.id(), Long.MAX_VALUE, 10).get(0).fromActorId())
                .isNull();
        assertThat(stores.notifications().findNotifications(alice.id(), Long.MAX_VALUE, 10).get(0))
                .usingRecursiveComparison().isEqualTo(second);
        assertThat(stores.notifications().countUnread(alice.id())).isEqualTo(2);
        assertThat(stores.notifications().markRead(alice.id(), first.id(), T0.plusSeconds(5))).isEqualTo(1);
        assertThat(stores.notifications().countUnread(alice.id())).isEqualTo(1);
        assertThat(stores.notifications().findNotifications(alice.id(), Long.MAX_VALUE, 10).get(1).readAt())
                .isEqualTo(T0.plusSeconds(5));
        assertThat(stores.notifications().countUnread(bob.id())).isEqualTo(1);
    }

    @Test
    void bylinesOfAPageLoadInOneQueryEach() {
        Account member = account("carla", Account.Status.ACTIVE);
        Actor remote = stores.actors().insert(new Actor(0, "https://cl.example/users/ana", ActorType.Person, "ana",
                "cl.example", false, "Ana", "", null, null, null, null, null, null, "https://cl.example/users/ana#k",
                person("x").publicKeyPem(), false, T0, T0));
        Actor unknown = stores.actors().insert(new Actor(0, "https://m.example/users/zed", ActorType.Person, "zed",
                "m.example", false, "Zed", "", null, null, null, null, null, null, "https://m.example/users/zed#k",
                person("x").publicKeyPem(), false, T0, T0));
        var profile = new org.polity.server.model.ActorProfile(remote.id(), "Laboratorio de Gobierno", "CL",
                "https://cl.example/ana.png");
        stores.actors().upsertProfile(profile, T0);
        stores.actors().upsertProfile(new org.polity.server.model.ActorProfile(remote.id(), "Laboratorio de Gobierno",
                "CL", null), T0.plusSeconds(1));
        var found = stores.actors().findProfiles(List.of(member.actorId(), remote.id(), unknown.id(), 999_999L));
        assertThat(found).containsOnlyKeys(member.actorId(), remote.id());
        assertThat(found.get(member.actorId())).isEqualTo(new org.polity.server.model.ActorProfile(member.actorId(),
                "Agency", "AU", null));
        assertThat(found.get(remote.id())).isEqualTo(new org.polity.server.model.ActorProfile(remote.id(),
                "Laboratorio de Gobierno", "CL", null));
        assertThat(stores.actors().findActorsByIds(List.of(remote.id(), unknown.id(), remote.id(), 999_999L)))
                .containsOnlyKeys(remote.id(), unknown.id());
        assertThat(stores.actors().findProfiles(List.of())).isEmpty();
    }

    @Test
    void engineAnswers() {
        assertThat(storage.ping()).isTrue();
        assertThat(storage.engine()).isIn("h2", "postgresql");
    }

    @Test
    void actorsInsertAndFind() {
        Actor inserted = stores.actors().insert(person("alice"));
        assertThat(inserted.id()).isPositive();
        assertThat(inserted).usingRecursiveComparison().ignoringFields("id").isEqualTo(person("alice"));
        assertThat(stores.actors().findActorById(inserted.id())).contains(inserted);
        assertThat(stores.actors().findActorByUri(inserted.uri())).contains(inserted);
        assertThat(stores.actors().findLocalActorByUsername("ALICE")).contains(inserted);
        assertThat(stores.actors().findActorById(inserted.id() + 1000)).isEmpty();
        assertThat(stores.actors().findActorByUri("https://elsewhere.example/users/alice")).isEmpty();
        assertThat(stores.actors().countLocal("Person")).isEqualTo(1);
        assertThat(stores.actors().countLocal("Group")).isZero();
    }

    @Test
    void remoteActorsAreNotLocal() {
        Actor remote = person("bob");
        remote = new Actor(0, "https://social.example/users/bob", ActorType.Person, "bob", "social.example", false,
                "Bob", "", null, null, null, null, null, null, "https://social.example/users/bob#main-key",
                remote.publicKeyPem(), true, T0, T0);
        Actor stored = stores.actors().insert(remote);
        assertThat(stored.manuallyApprovesFollowers()).isTrue();
        assertThat(stored.inboxUri()).isNull();
        assertThat(stores.actors().findLocalActorByUsername("bob")).isEmpty();
        assertThat(stores.actors().countLocal("Person")).isZero();
    }

    @Test
    void aReportedFollowerCountIsKeptAndReplacedBesideTheActor() {
        Actor group = stores.actors().insert(new Actor(0, "https://gov.example/users/commons", ActorType.Group,
                "commons", "gov.example", false, "Commons", "", null, null, null, "https://gov.example/users/commons/followers",
                null, null, "https://gov.example/users/commons#main-key", person("x").publicKeyPem(), false, T0, T0));
        assertThat(stores.actors().findReportedFollowers(group.id())).isEmpty();
        stores.actors().setReportedFollowers(group.id(), 3, T0);
        assertThat(stores.actors().findReportedFollowers(group.id())).contains(
                new org.polity.server.storage.ActorStore.ReportedCount(3, T0));
        stores.actors().setReportedFollowers(group.id(), 4, T0.plusSeconds(60));
        assertThat(stores.actors().findReportedFollowers(group.id())).contains(
                new org.polity.server.storage.ActorStore.ReportedCount(4, T0.plusSeconds(60)));
    }

    @Test
    void aProofKeyIsStoredOncePerActor() {
        Actor alice = stores.actors().insert(person("alice"));
        assertThat(stores.actors().findProofKey(alice.id())).isEmpty();
        var first = new org.polity.server.storage.ActorStore.ProofKey(alice.id(), alice.uri() + "#ed25519-key",
                "z6MkFirst", "sealed-1", T0);
        assertThat(stores.actors().insertProofKeyIfAbsent(first)).isEqualTo(first);
        var second = new org.polity.server.storage.ActorStore.ProofKey(alice.id(), alice.uri() + "#ed25519-key",
                "z6MkSecond", "sealed-2", T0.plusSeconds(1));
        assertThat(stores.actors().insertProofKeyIfAbsent(second)).as("the first one stays").isEqualTo(first);
        assertThat(stores.actors().findProofKey(alice.id())).contains(first);
    }

    @Test
    void actorUriAndHandleAreUnique() {
        stores.actors().insert(person("alice"));
        assertThatThrownBy(() -> stores.actors().insert(person("alice"))).isInstanceOf(RuntimeException.class);
    }

    @Test
    void actorProfileUpdate() {
        Actor a = stores.actors().insert(person("alice"));
        stores.actors().updateProfile(a.id(), "Alice A.", "<p>new</p>");
        Actor updated = stores.actors().findActorById(a.id()).orElseThrow();
        assertThat(updated.displayName()).isEqualTo("Alice A.");
        assertThat(updated.summaryHtml()).isEqualTo("<p>new</p>");
        assertThat(updated.updatedAt()).isAfter(a.updatedAt());
    }

    @Test
    void privateKeys() {
        Actor a = stores.actors().insert(person("alice"));
        assertThat(stores.actors().findPrivateKeyByActorId(a.id())).isEmpty();
        stores.actors().insertPrivateKey(a.id(), "ciphertext");
        assertThat(stores.actors().findPrivateKeyByActorId(a.id())).contains("ciphertext");
        assertThatThrownBy(() -> stores.actors().insertPrivateKey(a.id(), "again"))
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void accountsInsertAndFind() {
        Account a = account("alice", Account.Status.ACTIVE);
        assertThat(a.id()).isPositive();
        assertThat(a.email()).isEqualTo("alice@agency.gov.au");
        assertThat(a.role()).isEqualTo(Account.Role.MEMBER);
        assertThat(a.profile()).isEqualTo(new Account.Profile("Agency", "Analyst", "AU", "bio", List.of("policy")));
        assertThat(a.createdAt()).isEqualTo(T0);
        assertThat(a.decidedAt()).isEqualTo(T0);
        assertThat(stores.accounts().findAccountById(a.id())).contains(a);
        assertThat(stores.accounts().findAccountByEmail("Alice@Agency.gov.AU")).contains(a);
        assertThat(stores.accounts().findAccountByActorId(a.actorId())).contains(a);
        assertThat(stores.accounts().findAccountByEmail("nobody@agency.gov.au")).isEmpty();
        assertThat(stores.accounts().countByStatus(Account.Status.ACTIVE)).isEqualTo(1);
        assertThat(stores.accounts().countByStatus(Account.Status.PENDING)).isZero();
    }

    @Test
    void accountStatusMovesOnlyFromTheExpectedStatus() {
        Account admin = account("admin_one", Account.Status.ACTIVE);
        Account p1 = account("pending_one", Account.Status.PENDING);
        Account p2 = account("pending_two", Account.Status.PENDING);
        assertThat(p1.decidedAt()).isNull();
        assertThat(stores.accounts().findAccountsByStatus(Account.Status.PENDING, 10)).extracting(Account::id)
                .containsExactly(p1.id(), p2.id());
        assertThat(stores.accounts().findAccountsByStatus(Account.Status.PENDING, 1)).hasSize(1);

        Instant decided = T0.plus(1, ChronoUnit.HOURS);
        assertThat(stores.accounts().updateStatus(p1.id(), Account.Status.PENDING, Account.Status.ACTIVE, admin.id(),
                decided)).isTrue();
        assertThat(stores.accounts().updateStatus(p1.id(), Account.Status.PENDING, Account.Status.REJECTED,
                admin.id(), decided)).isFalse();
        Account now = stores.accounts().findAccountById(p1.id()).orElseThrow();
        assertThat(now.status()).isEqualTo(Account.Status.ACTIVE);
        assertThat(now.decidedAt()).isEqualTo(decided);
        assertThat(stores.accounts().countByStatus(Account.Status.ACTIVE)).isEqualTo(2);
    }

    @Test
    void accountProfileAndPassword() {
        Account a = account("alice", Account.Status.ACTIVE);
        Account.Profile profile = new Account.Profile("Ministère", "Cheffe de projet", "FR", "**bio** é",
                List.of("service design", "open data"));
        stores.accounts().updateProfile(a.id(), profile);
        stores.accounts().updatePasswordHash(a.id(), "$argon2id$other");
        Account updated = stores.accounts().findAccountById(a.id()).orElseThrow();
        assertThat(updated.profile()).isEqualTo(profile);
        assertThat(updated.passwordHash()).isEqualTo("$argon2id$other");
    }

    @Test
    void accountEmailIsUnique() {
        Account a = account("alice", Account.Status.ACTIVE);
        Actor other = stores.actors().insert(person("alice2"));
        assertThatThrownBy(() -> stores.accounts().insert(new Account(0, other.id(), a.email(), "h",
                Account.Role.MEMBER, Account.Status.ACTIVE, Account.Profile.empty("AU"), "en", "", T0, T0)))
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void tokens() {
        Account a = account("alice", Account.Status.ACTIVE);
        ApiToken t1 = stores.tokens().insert(a.id(), "cli", "a".repeat(64), T0);
        ApiToken t2 = stores.tokens().insert(a.id(), "bot", "b".repeat(64), T0.plusSeconds(1));
        assertThat(t1.id()).isPositive();
        assertThat(stores.tokens().findTokenByHash("a".repeat(64)))
                .contains(new ApiToken(t1.id(), a.id(), "cli", T0, null));
        assertThat(stores.tokens().findTokenByHash("c".repeat(64))).isEmpty();
        assertThat(stores.tokens().findTokensByAccountId(a.id())).extracting(ApiToken::name)
                .containsExactly("cli", "bot");
        Instant used = T0.plusSeconds(60);
        stores.tokens().touch(t1.id(), used);
        assertThat(stores.tokens().findTokenByHash("a".repeat(64)).orElseThrow().lastUsedAt()).isEqualTo(used);
        assertThat(stores.tokens().delete(a.id() + 1000, t2.id())).isFalse();
        assertThat(stores.tokens().delete(a.id(), t2.id())).isTrue();
        assertThat(stores.tokens().findTokensByAccountId(a.id())).extracting(ApiToken::id).containsExactly(t1.id());
        assertThatThrownBy(() -> stores.tokens().insert(a.id(), "dup", "a".repeat(64), T0))
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void sessions() {
        Account a = account("alice", Account.Status.ACTIVE);
        WebSession s = new WebSession("1".repeat(64), a.id(), T0, T0.plus(14, ChronoUnit.DAYS));
        stores.sessions().insert(s, "x".repeat(400));
        WebSession old = new WebSession("2".repeat(64), a.id(), T0, T0.plusSeconds(10));
        stores.sessions().insert(old, "agent");
        assertThat(stores.sessions().findSessionByIdHash(s.idHash())).contains(s);
        assertThat(stores.accounts().countActiveSince(T0)).isEqualTo(1);
        assertThat(stores.accounts().countActiveSince(T0.plusSeconds(1))).isZero();

        Instant later = T0.plus(20, ChronoUnit.DAYS);
        stores.sessions().extend(s.idHash(), later);
        assertThat(stores.sessions().findSessionByIdHash(s.idHash()).orElseThrow().expiresAt()).isEqualTo(later);
        assertThat(stores.sessions().deleteExpired(T0.plusSeconds(11))).isEqualTo(1);
        assertThat(stores.sessions().findSessionByIdHash(old.idHash())).isEmpty();
        stores.sessions().delete(s.idHash());
        assertThat(stores.sessions().findSessionByIdHash(s.idHash())).isEmpty();
    }

    @Test
    void settings() {
        assertThat(stores.settings().find("base_url")).isEmpty();
        assertThat(stores.settings().insertIfAbsent("base_url", "https://a.example")).isEqualTo("https://a.example");
        assertThat(stores.settings().insertIfAbsent("base_url", "https://b.example")).isEqualTo("https://a.example");
        stores.settings().upsert("theme", "dark");
        stores.settings().upsert("theme", "light");
        stores.settings().upsert("base_url", "https://c.example");
        assertThat(stores.settings().find("theme")).contains("light");
        assertThat(stores.settings().find("base_url")).contains("https://c.example");
    }

    @Test
    void aFailedTransactionStoresNothing() {
        assertThatThrownBy(() -> storage.transaction(tx -> {
            tx.actors().insert(person("alice"));
            tx.settings().upsert("half", "done");
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(stores.actors().findLocalActorByUsername("alice")).isEmpty();
        assertThat(stores.settings().find("half")).isEmpty();

        Actor kept = storage.transaction(tx -> tx.actors().insert(person("alice")));
        assertThat(stores.actors().findActorById(kept.id())).isPresent();
    }

    @Test
    void accountServiceCreatesAccountActorAndKeys() throws Exception {
        Path data = tempDir.resolve("polity-data");
        PolityConfig config = ConfigLoader.load(Optional.empty(), Map.of("POLITY_DATA_DIR", data.toString(),
                "POLITY_COUNTRY", "FR"));
        KeyVault vault = KeyVault.open(Optional.empty(), Optional.empty(), data);
        Polity polity = new Polity(config, storage, vault, Clock.fixed(T0, ZoneOffset.UTC));
        polity.uris().bind(URI.create("https://polity.example.gov"));

        Account created = polity.accounts().create(new AccountService.NewAccount("Alice", "Alice@Agency.gouv.fr",
                "correct horse battery", "Alice Martin", null, ""), Account.Role.ADMIN, Account.Status.ACTIVE);
        assertThat(created.role()).isEqualTo(Account.Role.ADMIN);
        assertThat(created.email()).isEqualTo("alice@agency.gouv.fr");
        assertThat(created.profile().country()).isEqualTo("FR");
        Actor actor = stores.actors().findActorById(created.actorId()).orElseThrow();
        assertThat(actor.uri()).isEqualTo("https://polity.example.gov/users/alice");
        assertThat(actor.displayName()).isEqualTo("Alice Martin");
        assertThat(actor.publicKeyPem()).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(polity.actors().privateKeyPem(actor)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(polity.accounts().findByUsername("alice")).contains(created);
        assertThat(polity.accounts().logIn("alice@agency.gouv.fr", "correct horse battery").outcome())
                .isEqualTo(AccountService.LoginResult.Outcome.OK);

        String token = polity.accounts().createToken(created.id(), "cli");
        assertThat(polity.accounts().authenticateToken(token)).contains(created);

        assertThatThrownBy(() -> polity.accounts().create(new AccountService.NewAccount("alice", "other@agency.gouv.fr",
                "correct horse battery", "", null, ""), Account.Role.MEMBER, Account.Status.ACTIVE))
                .isInstanceOf(InvalidInput.class).hasMessageContaining("taken");
        assertThat(stores.accounts().countByStatus(Account.Status.ACTIVE)).isEqualTo(1);

        assertThat(polity.actors().ensureInstanceActor("Polity FR").uri())
                .isEqualTo("https://polity.example.gov/actor");
        assertThat(polity.actors().ensureInstanceActor("Polity FR").id())
                .isEqualTo(polity.actors().ensureInstanceActor("Polity FR").id());
    }

    // --- Directories and search (objects.kind, public listings) ----------------------------------------------

    StoredObject object(Actor author, String id, ObjectKind kind, Visibility visibility, String name, String html,
            Instant published) {
        return stores.objects().insert(new StoredObject(0, "https://polity.example.gov/objects/" + id, "Article",
                author.id(), true, name, html, null, null, null, visibility, published, null, null, "{}", kind));
    }

    @Test
    void reactionsListByObjectAndLikedListsOnlyHeldObjectsThatStillExist() {
        Actor alice = stores.actors().insert(person("alice"));
        Actor bob = stores.actors().insert(person("bob"));
        StoredObject pub = object(alice, "r1", null, Visibility.PUBLIC, "Public", "<p>x</p>", T0);
        StoredObject unlisted = object(alice, "r2", null, Visibility.UNLISTED, "Unlisted", "<p>x</p>", T0);
        StoredObject direct = object(alice, "r3", null, Visibility.DIRECT, "Direct", "<p>x</p>", T0);
        StoredObject gone = object(alice, "r4", null, Visibility.PUBLIC, "Gone", "<p>x</p>", T0);
        String a = "https://polity.example.gov/activities/";
        for (StoredObject o : List.of(pub, unlisted, direct, gone)) {
            stores.reactions().insertIfNew(Reaction.Kind.LIKE, bob.id(), o.uri(), a + "like-" + o.id(), T0);
        }
        stores.reactions().insertIfNew(Reaction.Kind.LIKE, bob.id(), "https://elsewhere.example/never-seen",
                a + "like-unknown", T0);
        stores.reactions().insertIfNew(Reaction.Kind.ANNOUNCE, bob.id(), pub.uri(), a + "share", T0);
        stores.reactions().insertIfNew(Reaction.Kind.LIKE, alice.id(), pub.uri(), a + "like-alice", T0);
        stores.objects().markDeleted(gone.uri(), T0.plusSeconds(1));

        assertThat(stores.reactions().countLikedBy(bob.id(), true)).isEqualTo(2);
        assertThat(stores.reactions().countLikedBy(bob.id(), false)).isEqualTo(3);
        assertThat(stores.reactions().findLikedBy(bob.id(), true, Long.MAX_VALUE, 10))
                .extracting(Reaction::objectUri).containsExactly(unlisted.uri(), pub.uri());
        List<Reaction> firstPage = stores.reactions().findLikedBy(bob.id(), false, Long.MAX_VALUE, 2);
        assertThat(firstPage).extracting(Reaction::objectUri).containsExactly(direct.uri(), unlisted.uri());
        assertThat(stores.reactions().findLikedBy(bob.id(), false, firstPage.get(1).id(), 2))
                .extracting(Reaction::objectUri).containsExactly(pub.uri());

        assertThat(stores.reactions().findByObject(pub.uri(), Reaction.Kind.LIKE, Long.MAX_VALUE, 10))
                .extracting(Reaction::activityUri).containsExactly(a + "like-alice", a + "like-" + pub.id());
        assertThat(stores.reactions().findByObject(pub.uri(), Reaction.Kind.ANNOUNCE, Long.MAX_VALUE, 10))
                .extracting(Reaction::activityUri).containsExactly(a + "share");
        assertThat(stores.reactions().count(pub.uri(), Reaction.Kind.LIKE)).isEqualTo(2);
    }

    @Test
    void theKindIsStoredAndPublicListingsAreNewestFirstAndPaged() {
        Actor alice = stores.actors().insert(person("alice"));
        StoredObject old = object(alice, "c1", ObjectKind.CHALLENGE, Visibility.PUBLIC, "Old", "<p>a</p>", T0);
        StoredObject mid = object(alice, "c2", ObjectKind.CHALLENGE, Visibility.PUBLIC, "Mid", "<p>b</p>",
                T0.plusSeconds(60));
        // same instant as mid: the row id breaks the tie (newer row first)
        StoredObject twin = object(alice, "c3", ObjectKind.CHALLENGE, Visibility.PUBLIC, "Twin", "<p>c</p>",
                T0.plusSeconds(60));
        StoredObject newest = object(alice, "c4", ObjectKind.CHALLENGE, Visibility.PUBLIC, "New", "<p>d</p>",
                T0.plusSeconds(120));
        object(alice, "u", ObjectKind.CHALLENGE, Visibility.UNLISTED, "Unlisted", "<p>x</p>", T0.plusSeconds(200));
        object(alice, "f", ObjectKind.CHALLENGE, Visibility.FOLLOWERS, "Followers", "<p>x</p>", T0.plusSeconds(200));
        object(alice, "d", ObjectKind.CHALLENGE, Visibility.DIRECT, "Direct", "<p>x</p>", T0.plusSeconds(200));
        StoredObject gone = object(alice, "g", ObjectKind.CHALLENGE, Visibility.PUBLIC, "Gone", "<p>x</p>",
                T0.plusSeconds(200));
        stores.objects().markDeleted(gone.uri(), T0.plusSeconds(300));
        object(alice, "b", ObjectKind.BLOG, Visibility.PUBLIC, "Blog", "<p>x</p>", T0.plusSeconds(200));
        object(alice, "n", null, Visibility.PUBLIC, "None", "<p>x</p>", T0.plusSeconds(200));

        assertThat(stores.objects().findObjectById(old.id()).orElseThrow().kind()).isEqualTo(ObjectKind.CHALLENGE);
        assertThat(stores.objects().findObjectByUri("https://polity.example.gov/objects/n").orElseThrow().kind())
                .isNull();
        assertThat(stores.objects().countPublicObjectsByKind(ObjectKind.CHALLENGE)).isEqualTo(4);
        assertThat(stores.objects().countPublicObjectsByKind(ObjectKind.CASE_STUDY)).isZero();
        List<StoredObject> first = stores.objects().findPublicObjectsByKind(ObjectKind.CHALLENGE, null, 2);
        assertThat(first).extracting(StoredObject::name).containsExactly("New", "Twin");
        List<StoredObject> second = stores.objects().findPublicObjectsByKind(ObjectKind.CHALLENGE, first.get(1).id(),
                2);
        assertThat(second).extracting(StoredObject::name).containsExactly("Mid", "Old");
        assertThat(stores.objects().findPublicObjectsByKind(ObjectKind.CHALLENGE, old.id(), 2)).isEmpty();
        assertThat(stores.objects().findPublicObjectsByKind(ObjectKind.CHALLENGE, 999_999L, 2)).isEmpty();
        assertThat(stores.objects().findPublicObjectsByKind(ObjectKind.BLOG, null, 10)).extracting(StoredObject::name)
                .containsExactly("Blog");
        assertThat(List.of(mid.id(), twin.id(), newest.id())).doesNotHaveDuplicates();
    }

    @Test
    void theWriteGenerationMovesOnEveryWriteAndTransactionButNotOnReads() {
        long start = storage.writeGeneration();
        stores.objects().findPublicObjectsByKind(ObjectKind.CHALLENGE, null, 10);
        stores.actors().findActorByUri("https://polity.example.gov/users/nobody");
        storage.transaction(tx -> tx.objects().findObjectByUri("https://polity.example.gov/objects/none"));
        assertThat(storage.writeGeneration()).as("reads leave it, in a transaction too").isEqualTo(start);
        stores.hosts().markUnavailableFailingSince(T0);
        assertThat(storage.writeGeneration()).as("an UPDATE that changes no row leaves it").isEqualTo(start);
        Actor alice = stores.actors().insert(person("alice"));
        long afterInsert = storage.writeGeneration();
        assertThat(afterInsert).as("an autocommit insert moves it").isGreaterThan(start);
        long[] inside = new long[1];
        storage.transaction(tx -> {
            tx.objects().insert(new StoredObject(0, "https://polity.example.gov/objects/g", "Note", alice.id(), true,
                    null, "<p>g</p>", null, null, null, Visibility.PUBLIC, T0, null, null, "{}", null));
            inside[0] = storage.writeGeneration();
            return null;
        });
        assertThat(inside[0]).as("a write inside a transaction moves it").isGreaterThan(afterInsert);
        assertThat(storage.writeGeneration()).as("and the commit once more").isGreaterThan(inside[0]);
    }

    @Test
    void theKnowledgeBaseWalksPublicObjectsOfItsKindsByRowIdAndItsFingerprintMovesOnEveryChange() {
        Actor alice = stores.actors().insert(person("alice"));
        var kinds = java.util.EnumSet.of(ObjectKind.CHALLENGE, ObjectKind.RESPONSE, ObjectKind.CASE_STUDY);
        String empty = stores.objects().fingerprintOfKinds(kinds);
        StoredObject challenge = object(alice, "k1", ObjectKind.CHALLENGE, Visibility.PUBLIC, "C", "<p>c</p>", T0);
        StoredObject response = object(alice, "k2", ObjectKind.RESPONSE, Visibility.PUBLIC, "R", "<p>r</p>",
                T0.plusSeconds(60));
        // An older publication in a later row: the walk is by row id, not by date.
        StoredObject study = object(alice, "k3", ObjectKind.CASE_STUDY, Visibility.PUBLIC, "S", "<p>s</p>",
                T0.minusSeconds(60));
        object(alice, "k4", ObjectKind.CHALLENGE, Visibility.UNLISTED, "Unlisted", "<p>x</p>", T0);
        object(alice, "k5", ObjectKind.BLOG, Visibility.PUBLIC, "Blog", "<p>x</p>", T0);
        String three = stores.objects().fingerprintOfKinds(kinds);
        assertThat(three).isNotEqualTo(empty).isEqualTo(stores.objects().fingerprintOfKinds(kinds));
        assertThat(stores.objects().findPublicObjectsOfKinds(kinds, 0, 2)).extracting(StoredObject::name)
                .containsExactly("C", "R");
        assertThat(stores.objects().findPublicObjectsOfKinds(kinds, response.id(), 2)).extracting(StoredObject::name)
                .containsExactly("S");
        assertThat(stores.objects().findPublicObjectsOfKinds(kinds, study.id(), 2)).isEmpty();
        assertThat(stores.objects().findPublicObjectsOfKinds(java.util.Set.of(), 0, 10)).isEmpty();
        assertThat(stores.objects().fingerprintOfKinds(java.util.Set.of())).isEqualTo("0");

        assertThat(stores.objects().update(challenge.uri(), "C2", "<p>c2</p>", "{}", T0.plusSeconds(600))).isTrue();
        String edited = stores.objects().fingerprintOfKinds(kinds);
        assertThat(edited).as("an edit").isNotEqualTo(three);
        stores.objects().markDeleted(response.uri(), T0.plusSeconds(900));
        assertThat(stores.objects().fingerprintOfKinds(kinds)).as("a deletion").isNotEqualTo(edited);
        assertThat(stores.objects().findPublicObjectsOfKinds(kinds, 0, 10)).extracting(StoredObject::name)
                .containsExactly("C2", "S");
    }

    @Test
    void backfillJobsWaitUntilDoneAndRetryWhenTold() {
        var jobs = stores.backfills();
        String group = "https://lemmy.example/c/energy";
        String person = "https://social.example/users/ana";
        jobs.request(group, T0);
        jobs.request(person, T0.plusSeconds(5));
        assertThat(jobs.findDue(T0.plusSeconds(1), 10)).extracting(org.polity.server.model.BackfillJob::actorUri)
                .containsExactly(group);
        assertThat(jobs.findDue(T0.plusSeconds(10), 10)).extracting(org.polity.server.model.BackfillJob::actorUri)
                .containsExactly(group, person);
        jobs.retryLater(group, 1, T0.plusSeconds(60), "connection refused");
        assertThat(jobs.findDue(T0.plusSeconds(10), 10)).extracting(org.polity.server.model.BackfillJob::actorUri)
                .containsExactly(person);
        var retried = jobs.findDue(T0.plusSeconds(60), 10).get(1);
        assertThat(retried.actorUri()).isEqualTo(group);
        assertThat(retried.attempts()).isEqualTo(1);
        assertThat(retried.lastError()).isEqualTo("connection refused");
        assertThat(retried.nextAttemptAt()).isEqualTo(T0.plusSeconds(60));
        // Asked again (a re-join): due now, attempts and error cleared, still one row.
        jobs.request(group, T0.plusSeconds(20));
        var again = jobs.findDue(T0.plusSeconds(20), 10);
        assertThat(again).extracting(org.polity.server.model.BackfillJob::actorUri).containsExactly(person, group);
        assertThat(again.get(1).attempts()).isZero();
        assertThat(again.get(1).lastError()).isNull();
        assertThat(jobs.isWaiting(group)).isTrue();
        jobs.delete(group);
        assertThat(jobs.isWaiting(group)).isFalse();
        jobs.retryLater(person, 2, T0, "x".repeat(2000));
        assertThat(jobs.findDue(T0, 1).get(0).lastError()).hasSize(1000);
    }
}

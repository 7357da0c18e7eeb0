package org.polity.server.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.federation.crypto.RsaKeys;
import org.polity.server.Bootstrap;
import org.polity.server.Polity;
import org.polity.server.config.ConfigLoader;
import org.polity.server.config.PolityConfig;
import org.polity.server.crypto.KeyVault;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.storage.jdbi.JdbiStorage;

class AccountServiceTest {
    @TempDir
    Path dataDir;

    Polity polity;
    AccountService accounts;

    @BeforeEach
    void open() {
        Map<String, String> env = new java.util.HashMap<>(org.polity.server.testing.TestDatabase.env(dataDir));
        env.putAll(Map.of("POLITY_DATA_DIR", dataDir.toString(), "POLITY_COUNTRY", "AU",
                "POLITY_SIGNUP_EMAIL_DOMAINS", "*.gov.au"));
        PolityConfig config = ConfigLoader.load(Optional.empty(), env);
        polity = new Polity(config, JdbiStorage.open(config),
                KeyVault.open(Optional.empty(), Optional.empty(), dataDir), Clock.systemUTC());
        Bootstrap.bindBaseUrl(polity, URI.create("http://localhost:8123"));
        accounts = polity.accounts();
    }

    @AfterEach
    void close() {
        polity.close();
    }

    private static AccountService.NewAccount alice(String email) {
        return new AccountService.NewAccount("alice", email, "a long passphrase", "Alice Nguyen",
                new Account.Profile("Digital Transformation Agency", "Service designer", "AU",
                        "I *design* services.", List.of("service design", "open data")), "Please let me in");
    }

    @Test
    void createsAnAccountWithAnActorAndAnEncryptedKeyPair() {
        Account account = accounts.create(alice("Alice@DTA.gov.au"), Account.Role.MEMBER, Account.Status.ACTIVE);
        assertThat(account.email()).isEqualTo("alice@dta.gov.au");
        assertThat(account.passwordHash()).startsWith("$argon2id$");
        assertThat(account.profile().expertise()).containsExactly("service design", "open data");

        Actor actor = polity.storage().stores().actors().findActorById(account.actorId()).orElseThrow();
        assertThat(actor.uri()).isEqualTo("http://localhost:8123/users/alice");
        assertThat(actor.acct()).isEqualTo("alice@localhost:8123");
        assertThat(actor.inboxUri()).isEqualTo("http://localhost:8123/users/alice/inbox");
        assertThat(actor.sharedInboxUri()).isEqualTo("http://localhost:8123/inbox");
        assertThat(actor.publicKeyId()).isEqualTo("http://localhost:8123/users/alice#main-key");
        assertThat(actor.summaryHtml()).contains("<em>design</em>");
        assertThat(RsaKeys.parsePublicKeyPem(actor.publicKeyPem())).isNotNull();

        String stored = polity.storage().stores().actors().findPrivateKeyByActorId(actor.id()).orElseThrow();
        assertThat(stored).doesNotContain("PRIVATE KEY");
        String pem = polity.actors().privateKeyPem(actor);
        assertThat(RsaKeys.parsePrivateKeyPem(pem)).isNotNull();
    }

    @Test
    void refusesDuplicatesAndStoresNothingHalfWay() {
        accounts.create(alice("alice@dta.gov.au"), Account.Role.MEMBER, Account.Status.ACTIVE);
        assertThatThrownBy(() -> accounts.create(alice("other@dta.gov.au"), Account.Role.MEMBER, Account.Status.ACTIVE))
                .isInstanceOfSatisfying(InvalidInput.class,
                        e -> assertThat(e.errors()).containsKey("username"));
        AccountService.NewAccount sameEmail = new AccountService.NewAccount("alice2", "ALICE@dta.gov.au",
                "a long passphrase", "", null, "");
        assertThatThrownBy(() -> accounts.create(sameEmail, Account.Role.MEMBER, Account.Status.ACTIVE))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.errors()).containsKey("email"));
        assertThat(polity.actors().findLocal("alice2")).isEmpty();
    }

    @Test
    void reportsEveryBadFieldAtOnce() {
        AccountService.NewAccount bad = new AccountService.NewAccount("Bad Name!", "not-an-email", "short", "x",
                new Account.Profile("", "", "QQ", "", List.of("ok", "<bad>")), "");
        assertThatThrownBy(() -> accounts.create(bad, Account.Role.MEMBER, Account.Status.ACTIVE))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.errors())
                        .containsOnlyKeys("username", "email", "password", "country", "expertise"));
    }

    @Test
    void reservedNamesCannotBeTaken() {
        AccountService.NewAccount instance = new AccountService.NewAccount("instance", "i@dta.gov.au",
                "a long passphrase", "", null, "");
        assertThatThrownBy(() -> accounts.create(instance, Account.Role.MEMBER, Account.Status.ACTIVE))
                .isInstanceOfSatisfying(InvalidInput.class,
                        e -> assertThat(e.errors().get("username")).contains("reserved"));
    }

    @Test
    void signUpIsLimitedToAllowedDomainsAndWaitsForApproval() {
        assertThatThrownBy(() -> accounts.signUp(alice("alice@gmail.com")))
                .isInstanceOfSatisfying(InvalidInput.class,
                        e -> assertThat(e.errors().get("email")).contains("*.gov.au"));
        Account pending = accounts.signUp(alice("alice@dta.gov.au"));
        assertThat(pending.status()).isEqualTo(Account.Status.PENDING);
        assertThat(accounts.logIn("alice", "a long passphrase").outcome())
                .isEqualTo(AccountService.LoginResult.Outcome.PENDING);
        assertThat(accounts.pending(10)).extracting(Account::id).containsExactly(pending.id());

        Account admin = accounts.create(new AccountService.NewAccount("root_admin", "admin@dta.gov.au",
                "a long passphrase", "Admin", null, ""), Account.Role.ADMIN, Account.Status.ACTIVE);
        Account member = accounts.create(new AccountService.NewAccount("bob", "bob@dta.gov.au",
                "a long passphrase", "Bob", null, ""), Account.Role.MEMBER, Account.Status.ACTIVE);
        assertThatThrownBy(() -> accounts.decide(member, pending.id(), true)).isInstanceOf(Forbidden.class);
        assertThat(accounts.decide(admin, pending.id(), true)).isTrue();
        assertThat(accounts.decide(admin, pending.id(), false)).as("already decided").isFalse();

        AccountService.LoginResult login = accounts.logIn("ALICE@dta.gov.au", "a long passphrase");
        assertThat(login.outcome()).isEqualTo(AccountService.LoginResult.Outcome.OK);
        assertThat(login.account().id()).isEqualTo(pending.id());
    }

    @Test
    void wrongPasswordsAndUnknownPeopleLookTheSame() {
        accounts.create(alice("alice@dta.gov.au"), Account.Role.MEMBER, Account.Status.ACTIVE);
        assertThat(accounts.logIn("alice", "wrong passphrase").outcome())
                .isEqualTo(AccountService.LoginResult.Outcome.BAD_CREDENTIALS);
        assertThat(accounts.logIn("nobody", "a long passphrase").outcome())
                .isEqualTo(AccountService.LoginResult.Outcome.BAD_CREDENTIALS);
        assertThat(accounts.logIn("nobody@dta.gov.au", "a long passphrase").outcome())
                .isEqualTo(AccountService.LoginResult.Outcome.BAD_CREDENTIALS);
    }

    @Test
    void tokensAreStoredHashedAndAuthenticate() {
        Account account = accounts.create(alice("alice@dta.gov.au"), Account.Role.MEMBER, Account.Status.ACTIVE);
        String token = accounts.createToken(account.id(), "my script");
        assertThat(token).hasSize(43);
        assertThat(accounts.authenticateToken(token)).map(Account::id).contains(account.id());
        assertThat(accounts.authenticateToken(token + "x")).isEmpty();
        assertThat(polity.storage().stores().tokens().findTokenByHash(token)).as("plaintext is not stored").isEmpty();
        assertThat(polity.storage().stores().tokens().findTokensByAccountId(account.id()))
                .singleElement().satisfies(t -> assertThat(t.lastUsedAt()).isNotNull());
    }

    @Test
    void tokensAreOnlyForActiveAccounts() {
        Account pending = accounts.signUp(alice("alice@dta.gov.au"));
        assertThatThrownBy(() -> accounts.createToken(pending.id(), "x")).isInstanceOf(InvalidInput.class);
    }

    @Test
    void profileUpdatesSanitiseTheBio() {
        Account account = accounts.create(alice("alice@dta.gov.au"), Account.Role.MEMBER, Account.Status.ACTIVE);
        accounts.updateProfile(account, "Alice N.", new Account.Profile("DTA", "Lead", "fr",
                "<script>alert(1)</script>\n\nSome **bold** words.", List.of("GovTech", "GovTech", "AI")));
        Account updated = accounts.findById(account.id()).orElseThrow();
        assertThat(updated.profile().country()).isEqualTo("FR");
        assertThat(updated.profile().expertise()).containsExactly("GovTech", "AI");
        Actor actor = polity.storage().stores().actors().findActorById(account.actorId()).orElseThrow();
        assertThat(actor.displayName()).isEqualTo("Alice N.");
        assertThat(actor.summaryHtml()).doesNotContain("<script").contains("<strong>bold</strong>");
    }

    @Test
    void passwordChangeNeedsTheCurrentPassword() {
        Account account = accounts.create(alice("alice@dta.gov.au"), Account.Role.MEMBER, Account.Status.ACTIVE);
        assertThatThrownBy(() -> accounts.changePassword(account, "wrong", "another long one"))
                .isInstanceOf(InvalidInput.class);
        accounts.changePassword(account, "a long passphrase", "another long one");
        assertThat(accounts.logIn("alice", "another long one").outcome())
                .isEqualTo(AccountService.LoginResult.Outcome.OK);
    }

    @Test
    void theInstanceActorIsCreatedOnceWithItsOwnKey() {
        Actor first = Bootstrap.ensureInstanceActors(polity);
        Actor second = Bootstrap.ensureInstanceActors(polity);
        assertThat(first.id()).isEqualTo(second.id());
        assertThat(first.uri()).isEqualTo("http://localhost:8123/actor");
        assertThat(first.publicKeyId()).isEqualTo("http://localhost:8123/actor#main-key");
        assertThat(polity.actors().privateKeyPem(first)).contains("PRIVATE KEY");
    }

    @Test
    void theBaseUrlCannotChangeOnceRecorded() {
        Polity again = new Polity(polity.config(), polity.storage(), polity.vault(), Clock.systemUTC());
        assertThatThrownBy(() -> Bootstrap.bindBaseUrl(again, URI.create("http://localhost:9999")))
                .hasMessageContaining("POLITY_BASE_URL")
                .hasMessageContaining("http://localhost:8123");
    }

    /** The decoy hash must cost what a real one costs, or a failed login would reveal that an address is unknown. */
    @Test
    void dummyHashUsesTheCurrentArgon2Parameters() {
        String fresh = org.polity.server.crypto.Passwords.hash("some password");
        String params = fresh.substring(0, fresh.indexOf('$', "$argon2id$v=19$".length()));
        assertThat(AccountService.DUMMY_HASH).startsWith(params + "$");
        assertThat(org.polity.server.crypto.Passwords.verify("polity-dummy-password", AccountService.DUMMY_HASH))
                .isTrue();
    }
}

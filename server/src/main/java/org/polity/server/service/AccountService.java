package org.polity.server.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.polity.server.config.PolityConfig;
import org.polity.server.crypto.Passwords;
import org.polity.server.crypto.Secrets;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.model.ActorType;
import org.polity.server.model.ApiToken;
import org.polity.server.storage.Storage;
import org.polity.server.text.Html;

/**
 * Accounts: creation (by the CLI or web sign-up), the approval queue, authentication by password or
 * bearer token, and profiles. The CLI, the web UI and the API all come through here.
 */
public final class AccountService {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,63}");
    private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N}_][\\p{L}\\p{N}_ -]{0,39}");
    /**
     * Verified against when the account does not exist, so timing does not reveal which e-mails have accounts.
     * A constant with the same Argon2id parameters as {@link Passwords#hash} (AccountServiceTest checks that),
     * made once with {@code Passwords.hash("polity-dummy-password")}: hashing it at class load cost start-up
     * 0.3 to 0.8 s.
     */
    static final String DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$aO9FS2ezTnbSXpf7Sxc7dw"
            + "$1zLE+0gQd5pLQ5BjtF8NhEOc+I89sHH40a/Sw1ejWX4";
    public static final int MAX_EXPERTISE_TAGS = 12;
    /** The languages the UI speaks, as account locales; {@code ""} means the member has not chosen. */
    public static final List<String> LOCALES = List.of("en", "fr", "es");

    private final Storage storage;
    private final ActorService actors;
    private final PolityConfig config;
    private final Clock clock;
    private final InstanceSettings settings;
    /** Told of each web sign-up that waits for approval (the administrators' notification). */
    private final java.util.function.Consumer<Account> pendingSignUps;
    private final org.polity.server.audit.AuditLog audit;

    public AccountService(Storage storage, ActorService actors, PolityConfig config, Clock clock) {
        this(storage, actors, config, clock, new InstanceSettings(storage, config), a -> { },
                new org.polity.server.audit.AuditLog(storage, clock));
    }

    public AccountService(Storage storage, ActorService actors, PolityConfig config, Clock clock,
            InstanceSettings settings, java.util.function.Consumer<Account> pendingSignUps,
            org.polity.server.audit.AuditLog audit) {
        this.pendingSignUps = pendingSignUps;
        this.audit = audit;
        this.storage = storage;
        this.actors = actors;
        this.config = config;
        this.clock = clock;
        this.settings = settings;
    }

    /** What a new account needs; {@code password} is checked, hashed and then dropped. */
    public record NewAccount(String username, String email, String password, String displayName,
            Account.Profile profile, String signupReason) {}

    /** Creates an account and its actor in one transaction. Used by the CLI ({@code user create}). */
    public Account create(NewAccount request, Account.Role role, Account.Status status) {
        InvalidInput.Collector errors = new InvalidInput.Collector();
        String username = normalise(request.username()).toLowerCase(Locale.ROOT);
        String email = normalise(request.email()).toLowerCase(Locale.ROOT);
        Message usernameProblem = ActorService.usernameMessage(username);
        if (usernameProblem != null) {
            errors.add("username", usernameProblem);
        }
        if (!EMAIL.matcher(email).matches()) {
            errors.add("email", Message.of("svc.email.invalid"));
        }
        Message passwordProblem = Passwords.problemMessage(request.password());
        if (passwordProblem != null) {
            errors.add("password", passwordProblem);
        }
        String displayName = normalise(request.displayName());
        if (displayName.length() > 100) {
            errors.add("displayName", Message.of("svc.displayName.long"));
        }
        Account.Profile profile = checkProfile(request.profile(), errors);
        if (request.signupReason() != null && request.signupReason().length() > 1000) {
            errors.add("reason", Message.of("svc.reason.long"));
        }
        if (!errors.has("username") && actors.findLocal(username).isPresent()) {
            errors.add("username", Message.of("svc.username.taken"));
        }
        if (!errors.has("email") && storage.stores().accounts().findAccountByEmail(email).isPresent()) {
            errors.add("email", Message.of("svc.email.exists"));
        }
        errors.throwIfAny();
        String hash = Passwords.hash(request.password());
        Instant now = clock.instant();
        String reason = request.signupReason() == null ? "" : request.signupReason().strip();
        try {
            return storage.transaction(tx -> {
                Actor actor = actors.createLocal(tx, ActorType.Person, username,
                        displayName.isEmpty() ? username : displayName, Html.markdownToHtml(profile.bioSource()),
                        false);
                return tx.accounts().insert(new Account(0, actor.id(), email, hash, role, status, profile, "",
                        reason, now, status == Account.Status.PENDING ? null : now));
            });
        } catch (RuntimeException e) {
            // Two requests raced for the same username or e-mail; the unique constraints kept one.
            if (actors.findLocal(username).isPresent()) {
                throw InvalidInput.of("username", Message.of("svc.username.taken"));
            }
            if (storage.stores().accounts().findAccountByEmail(email).isPresent()) {
                throw InvalidInput.of("email", Message.of("svc.email.exists2"));
            }
            throw e;
        }
    }

    /** Web sign-up: only allowlisted e-mail domains; pending approval unless the instance says otherwise. */
    public Account signUp(NewAccount request) {
        String email = normalise(request.email());
        List<String> domains = settings.signupEmailDomains();
        if (domains.isEmpty()) {
            throw InvalidInput.of("email", Message.of("svc.signup.closed"));
        }
        if (email.contains("@") && !PolityConfig.emailDomainAllowed(domains, email)) {
            throw InvalidInput.of("email", Message.of("svc.signup.domains", String.join(", ", domains)));
        }
        Account account = create(request, Account.Role.MEMBER,
                settings.signupApproval() ? Account.Status.PENDING : Account.Status.ACTIVE);
        if (account.status() == Account.Status.PENDING) {
            pendingSignUps.accept(account);
        }
        return account;
    }

    public List<Account> pending(int limit) {
        return storage.stores().accounts().findAccountsByStatus(Account.Status.PENDING, limit);
    }

    /** An admin's decision on a pending account; false when it is no longer pending. */
    public boolean decide(Account admin, long accountId, boolean approve) {
        if (!admin.isAdmin() || !admin.isActive()) {
            throw new Forbidden(Message.of("svc.signup.adminsDecide"));
        }
        return storage.transaction(tx -> {
            boolean changed = tx.accounts().updateStatus(accountId, Account.Status.PENDING,
                    approve ? Account.Status.ACTIVE : Account.Status.REJECTED, admin.id(), clock.instant());
            if (changed) {
                String target = tx.accounts().findAccountById(accountId)
                        .flatMap(a -> tx.actors().findActorById(a.actorId())).map(a -> a.acct()).orElse("account "
                        + accountId);
                audit.record(tx, admin.actorId(), approve ? org.polity.server.audit.AuditLog.ACCOUNT_APPROVE
                        : org.polity.server.audit.AuditLog.ACCOUNT_REJECT, target, null);
            }
            return changed;
        });
    }

    /**
     * Checks a password for a username or e-mail address. The result says why it failed, so the web can
     * tell a pending applicant to wait, while never revealing whether an address has an account.
     */
    public LoginResult logIn(String usernameOrEmail, String password) {
        String key = normalise(usernameOrEmail).toLowerCase(Locale.ROOT);
        Optional<Account> account = key.contains("@")
                ? storage.stores().accounts().findAccountByEmail(key)
                : actors.findLocal(key).flatMap(a -> storage.stores().accounts().findAccountByActorId(a.id()));
        if (account.isEmpty()) {
            Passwords.verify(password, DUMMY_HASH);
            return new LoginResult(LoginResult.Outcome.BAD_CREDENTIALS, null);
        }
        if (!Passwords.verify(password, account.get().passwordHash())) {
            return new LoginResult(LoginResult.Outcome.BAD_CREDENTIALS, null);
        }
        return switch (account.get().status()) {
            case ACTIVE -> new LoginResult(LoginResult.Outcome.OK, account.get());
            case PENDING -> new LoginResult(LoginResult.Outcome.PENDING, null);
            case REJECTED, SUSPENDED -> new LoginResult(LoginResult.Outcome.DISABLED, null);
        };
    }

    public record LoginResult(Outcome outcome, Account account) {
        public enum Outcome {
            OK,
            BAD_CREDENTIALS,
            PENDING,
            DISABLED
        }
    }

    /** Creates an API token for an active account; the plaintext is returned once and never stored. */
    public String createToken(long accountId, String name) {
        String label = normalise(name);
        if (label.isEmpty() || label.length() > 100) {
            throw InvalidInput.of("name", Message.of("svc.token.name"));
        }
        Account account = storage.stores().accounts().findAccountById(accountId)
                .orElseThrow(() -> new NotFound(Message.of("svc.account.none")));
        if (!account.isActive()) {
            throw InvalidInput.of("account", Message.of("svc.token.inactive"));
        }
        String token = Secrets.newToken();
        storage.stores().tokens().insert(accountId, label, Secrets.sha256Hex(token), clock.instant());
        return token;
    }

    /** The account's API tokens (names and dates only; the tokens themselves are never stored). */
    public List<ApiToken> tokens(Account account) {
        return storage.stores().tokens().findTokensByAccountId(account.id());
    }

    /** Revokes one of the account's own tokens; false when it has no token with that id. */
    public boolean revokeToken(Account account, long tokenId) {
        return storage.stores().tokens().delete(account.id(), tokenId);
    }

    /** The active account a bearer token belongs to. */
    public Optional<Account> authenticateToken(String token) {
        if (token == null || token.length() < 20 || token.length() > 200) {
            return Optional.empty();
        }
        Optional<ApiToken> found = storage.stores().tokens().findTokenByHash(Secrets.sha256Hex(token));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        storage.stores().tokens().touch(found.get().id(), clock.instant());
        return storage.stores().accounts().findAccountById(found.get().accountId()).filter(Account::isActive);
    }

    /**
     * Makes the account a member, a moderator or an administrator; {@code byActorId} is who did it (null: the
     * CLI, recorded as the server). Recorded in the audit log with the change.
     */
    public void setRole(Long byActorId, Account account, Account.Role role) {
        storage.transaction(tx -> {
            tx.accounts().updateRole(account.id(), role);
            String handle = tx.actors().findActorById(account.actorId()).map(org.polity.server.model.Actor::acct)
                    .orElse("account " + account.id());
            audit.record(tx, byActorId, org.polity.server.audit.AuditLog.ACCOUNT_ROLE, handle,
                    account.role().name().toLowerCase(java.util.Locale.ROOT) + " to "
                            + role.name().toLowerCase(java.util.Locale.ROOT));
            return null;
        });
    }

    public Optional<Account> findByUsername(String username) {
        return actors.findLocal(username.toLowerCase(Locale.ROOT))
                .flatMap(a -> storage.stores().accounts().findAccountByActorId(a.id()));
    }

    public Optional<Account> findById(long id) {
        return storage.stores().accounts().findAccountById(id);
    }

    /** Changes a member's own profile: display name, organisation, role, country, bio (Markdown), expertise. */
    public void updateProfile(Account account, String displayName, Account.Profile profile) {
        InvalidInput.Collector errors = new InvalidInput.Collector();
        String name = normalise(displayName);
        if (name.isEmpty() || name.length() > 100) {
            errors.add("displayName", Message.of("svc.displayName.range"));
        }
        Account.Profile checked = checkProfile(profile, errors);
        errors.throwIfAny();
        storage.transaction(tx -> {
            tx.accounts().updateProfile(account.id(), checked);
            tx.actors().updateProfile(account.actorId(), name, Html.markdownToHtml(checked.bioSource()));
            return null;
        });
    }

    /**
     * Locks or unlocks the account's actor: a locked actor approves each follower by hand, and its actor
     * document says {@code manuallyApprovesFollowers: true}. Follows already accepted stay.
     */
    public void setManuallyApprovesFollowers(Account account, boolean locked) {
        if (!storage.stores().actors().updateManuallyApprovesFollowers(account.actorId(), locked)) {
            throw new NotFound(Message.of("svc.actor.none"));
        }
    }

    /** Sets the member's UI language: one of {@link #LOCALES}, or {@code ""} to follow the browser. */
    public void setLocale(Account account, String locale) {
        String value = locale == null ? "" : locale.strip().toLowerCase(Locale.ROOT);
        if (!value.isEmpty() && !LOCALES.contains(value)) {
            throw InvalidInput.of("locale", Message.of("accounts.language.invalid"));
        }
        storage.stores().accounts().updateLocale(account.id(), value);
    }

    public void changePassword(Account account, String current, String replacement) {
        if (!Passwords.verify(current, account.passwordHash())) {
            throw InvalidInput.of("current", Message.of("svc.password.current"));
        }
        Message problem = Passwords.problemMessage(replacement);
        if (problem != null) {
            throw InvalidInput.of("password", problem);
        }
        storage.stores().accounts().updatePasswordHash(account.id(), Passwords.hash(replacement));
    }

    private Account.Profile checkProfile(Account.Profile p, InvalidInput.Collector errors) {
        Account.Profile profile = p == null ? Account.Profile.empty(config.country()) : p;
        String organisation = normalise(profile.organisation());
        String jobTitle = normalise(profile.jobTitle());
        String country = normalise(profile.country()).toUpperCase(Locale.ROOT);
        String bio = profile.bioSource() == null ? "" : profile.bioSource().strip();
        if (organisation.length() > 200) {
            errors.add("organisation", Message.of("svc.organisation.long"));
        }
        if (jobTitle.length() > 200) {
            errors.add("jobTitle", Message.of("svc.jobTitle.long"));
        }
        if (country.isEmpty()) {
            country = config.country();
        } else if (!Set.of(Locale.getISOCountries()).contains(country)) {
            errors.add("country", Message.of("svc.country.code"));
        }
        if (bio.length() > 5000) {
            errors.add("bio", Message.of("svc.bio.long"));
        }
        Set<String> tags = new LinkedHashSet<>();
        for (String raw : profile.expertise() == null ? List.<String>of() : profile.expertise()) {
            String tag = normalise(raw);
            if (tag.isEmpty()) {
                continue;
            }
            if (!TAG.matcher(tag).matches()) {
                errors.add("expertise", Message.of("svc.expertise.tag"));
            }
            tags.add(tag);
        }
        if (tags.size() > MAX_EXPERTISE_TAGS) {
            errors.add("expertise", Message.of("svc.expertise.tooMany", MAX_EXPERTISE_TAGS));
        }
        return new Account.Profile(organisation, jobTitle, country, bio, List.copyOf(new ArrayList<>(tags)));
    }

    private static String normalise(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s+", " ");
    }
}

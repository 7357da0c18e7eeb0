package org.polity.server.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.polity.server.model.Account;

public interface AccountStore {
    Account insert(Account account);

    Optional<Account> findAccountById(long id);

    Optional<Account> findAccountByEmail(String email);

    Optional<Account> findAccountByActorId(long actorId);

    List<Account> findAccountsByStatus(Account.Status status, int limit);

    /** Moves an account from {@code from} to {@code to}; false when it was not in {@code from}. */
    boolean updateStatus(long id, Account.Status from, Account.Status to, long decidedBy, Instant at);

    void updateProfile(long id, Account.Profile profile);

    void updatePasswordHash(long id, String passwordHash);

    /** The account's chosen UI language ({@code ""} for none chosen). */
    void updateLocale(long id, String locale);

    /** Makes the account a member, a moderator or an administrator. */
    void updateRole(long id, Account.Role role);

    long countByStatus(Account.Status status);

    /**
     * Active accounts that logged in (started a web session) or used an API token at or after {@code since}
     * (NodeInfo's activeMonth and activeHalfyear). A session kept alive by use since an earlier login is not
     * seen, so this can undercount; there is no last-seen column yet.
     */
    long countActiveSince(Instant since);
}

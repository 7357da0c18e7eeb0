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

    long countByStatus(Account.Status status);

    long countActiveSince(Instant since);
}

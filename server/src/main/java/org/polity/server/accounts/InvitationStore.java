package org.polity.server.accounts;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Invitation links (V20). */
public interface InvitationStore {
    Invitation insert(Invitation invitation);

    Optional<Invitation> findInvitationById(long id);

    Optional<Invitation> findInvitationByTokenHash(String tokenHash);

    /** Newest first; {@code createdBy} null for everyone's. */
    List<Invitation> findInvitations(Long createdBy, int limit);

    /**
     * Counts one use of the link, in one conditional statement: only while it is not revoked, not expired at
     * {@code now} and used fewer than its maximum times. False when it could not be used (nothing changes).
     */
    boolean claimUse(long id, Instant now);

    /** Revokes a link; false when it was already revoked or does not exist. */
    boolean revoke(long id, Instant at);

    /** Records who invited an account and with which link. */
    void recordInvitedAccount(long accountId, long invitedBy, long invitationId);

    /** The actor who invited the account, if it came by invitation. */
    Optional<Long> findInviterOfAccount(long accountId);

    /** How many accounts signed up with the link. */
    long countAccountsInvitedWith(long invitationId);
}

package org.polity.server.audit;

import java.util.List;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.storage.Storage;
import org.polity.server.storage.Stores;
import java.time.Clock;

/**
 * The audit log: every moderator and administrator action, appended where the action is taken (in the service
 * the web pages, the CLI and the inbox share) once it has succeeded; a caller inside a transaction passes its
 * {@link Stores} so that the action and its line are stored together or not at all. Read at {@code /admin/audit}.
 * Entries are never changed or removed (V17 makes the database refuse it).
 *
 * <p>Action names are dotted, subject first; the ones written today are the constants below, and
 * docs/operations.md lists them.
 */
public final class AuditLog {
    public static final String ACCOUNT_APPROVE = "account.approve";
    public static final String ACCOUNT_REJECT = "account.reject";
    public static final String SETTINGS_SAVE = "settings.save";
    public static final String HUB_ADMIT = "hub.admit";
    public static final String HUB_SUSPEND = "hub.suspend";
    public static final String HUB_KINDS = "hub.kinds";
    public static final String HUB_SUBSCRIPTION_KINDS = "hub.subscription.kinds";
    public static final String ISSUER_GRANT = "challenge.issuer.grant";
    public static final String ISSUER_REVOKE = "challenge.issuer.revoke";
    public static final String EDITOR_GRANT = "casestudy.editor.grant";
    public static final String EDITOR_REVOKE = "casestudy.editor.revoke";
    public static final String GROUP_REMOVE_MEMBER = "group.member.remove";
    public static final String GROUP_UNBAN = "group.member.unban";
    public static final String GROUP_ROLE = "group.member.role";
    public static final String GROUP_REMOVE_POST = "group.post.remove";
    public static final String GROUP_LOCK = "group.thread.lock";
    public static final String GROUP_UNLOCK = "group.thread.unlock";
    public static final String GROUP_PIN = "group.thread.pin";
    public static final String GROUP_UNPIN = "group.thread.unpin";
    public static final String DOMAIN_BLOCK = "domain.block";
    public static final String DOMAIN_SILENCE = "domain.silence";
    public static final String DOMAIN_ALLOW = "domain.allow";
    public static final String DOMAIN_REMOVE = "domain.remove";
    public static final String DOMAIN_IMPORT = "domain.import";
    public static final String DOMAIN_MODE = "domain.mode";
    public static final String DOMAIN_SUBSCRIBE = "domain.subscription.add";
    public static final String DOMAIN_UNSUBSCRIBE = "domain.subscription.remove";
    public static final String DOMAIN_REFRESH = "domain.subscription.refresh";
    public static final String ACCOUNT_ROLE = "account.role";
    public static final String REPORT_RESOLVE = "report.resolve";
    public static final String REPORT_DISMISS = "report.dismiss";
    public static final String REPORT_ASSIGN = "report.assign";
    public static final String REPORT_REMOVE_CONTENT = "report.content.remove";
    public static final String ACTOR_SUSPEND = "actor.suspend";
    public static final String ACTOR_SILENCE = "actor.silence";
    public static final String ACTOR_RESTORE = "actor.restore";
    /** The label of entries the server writes on its own (a scheduled job), with no person behind them. */
    public static final String SYSTEM = "(system)";
    static final int MAX_DETAIL = 4000;
    static final int MAX_TARGET = 2048;

    private final Storage storage;
    private final Clock clock;

    public AuditLog(Storage storage, Clock clock) {
        this.storage = storage;
        this.clock = clock;
    }

    private void record(Long actorId, String action, String target, String detail) {
        record(storage.stores(), actorId, action, target, detail);
    }

    /** An administrator's action. */
    public void record(Account by, String action, String target, String detail) {
        record(by.actorId(), action, target, detail);
    }

    /** An action of the local actor {@code by} (a moderator of one of our groups, say). */
    public void record(Actor by, String action, String target, String detail) {
        record(by.id(), action, target, detail);
    }

    /** The server's own action (by == null). */
    public void recordSystem(String action, String target, String detail) {
        record((Long) null, action, target, detail);
    }

    /** An action taken inside the caller's transaction {@code tx}: stored with it or not at all. */
    public void record(Stores tx, Long actorId, String action, String target, String detail) {
        String label = actorId == null ? SYSTEM : tx.actors().findActorById(actorId)
                .map(Actor::acct).orElse("actor " + actorId);
        tx.audit().append(new AuditEntry(0, clock.instant(), actorId, label, action,
                cut(target, MAX_TARGET), cut(detail, MAX_DETAIL)));
    }

    /** The handle of an account's actor, the usual target of an action on a person. */
    public String handleOf(Account account) {
        return storage.stores().actors().findActorById(account.actorId()).map(Actor::acct)
                .orElse("account " + account.id());
    }

    /** A page of entries, newest first (see {@link AuditStore#findPage}). */
    public List<AuditEntry> page(Long beforeId, String action, int limit) {
        return storage.stores().audit().findPage(beforeId, action, limit);
    }

    public List<String> actions() {
        return storage.stores().audit().findActions();
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}

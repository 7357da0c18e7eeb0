package org.polity.server.groups;

import org.polity.server.Polity;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.model.Notification;
import org.polity.server.storage.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The notifications groups send: to a group's moderators, to an answer's author, to one person. */
final class GroupNotices {
    private static final Logger log = LoggerFactory.getLogger(GroupNotices.class);

    private final Polity polity;

    GroupNotices(Polity polity) {
        this.polity = polity;
    }

    private Stores stores() {
        return polity.storage().stores();
    }

    /** Tells a group's admins and moderators; a group without any (the network group at first) tells the
     * instance's administrators. */
    void tellModerators(Actor group, Notification.Kind kind, long fromActorId, String objectUri) {
        var roles = stores().groups().findRoles(group.id());
        if (!roles.isEmpty()) {
            roles.forEach(row -> notify(row.actorId(), kind, fromActorId, objectUri));
            return;
        }
        for (Account admin : stores().accounts().findAccountsByStatus(Account.Status.ACTIVE, 10_000)) {
            if (admin.isAdmin()) {
                notify(admin.actorId(), kind, fromActorId, objectUri);
            }
        }
    }

    /** Tells the (local) author of an answer that {@code chooser} accepted it, unless they chose their own. */
    void tellAnswerAuthor(String answerUri, Actor chooser) {
        stores().objects().findObjectByUri(answerUri)
                .filter(a -> a.attributedToId() != chooser.id())
                .flatMap(a -> stores().actors().findActorById(a.attributedToId()))
                .filter(Actor::local)
                .ifPresent(author -> notify(author.id(), Notification.Kind.ANSWER_ACCEPTED, chooser.id(), answerUri));
    }

    void notify(long recipientId, Notification.Kind kind, long fromActorId, String objectUri) {
        try {
            stores().notifications().insert(recipientId, kind, fromActorId, objectUri, polity.clock().instant());
        } catch (RuntimeException e) {
            log.warn("could not store a {} notification for actor {}", kind, recipientId, e);
        }
    }
}

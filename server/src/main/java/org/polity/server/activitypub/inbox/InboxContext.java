package org.polity.server.activitypub.inbox;

import java.util.Optional;
import org.polity.federation.http.FetchBudget;
import org.polity.federation.http.FetchException;
import org.polity.server.Polity;
import org.polity.server.activitypub.Federation;
import org.polity.server.model.Actor;
import org.polity.server.model.InboxItem;

/**
 * What an inbox handler gets besides the activity: the instance, the queued item (whose actor was verified
 * as the signer when it arrived), and a fetch budget for this one activity.
 */
public final class InboxContext {
    private final Polity polity;
    private final InboxItem item;
    private final FetchBudget budget = FetchBudget.perRequest();
    private Actor actor;

    public InboxContext(Polity polity, InboxItem item) {
        this.polity = polity;
        this.item = item;
    }

    public Polity polity() {
        return polity;
    }

    public Federation federation() {
        return polity.federation();
    }

    public InboxItem item() {
        return item;
    }

    public FetchBudget budget() {
        return budget;
    }

    /** The activity's actor (the verified signer), stored or fetched once. */
    public Actor actor() throws FetchException {
        if (actor == null) {
            actor = federation().actors().resolve(item.actorUri(), budget);
        }
        return actor;
    }

    /** One of our actors by URI. */
    public Optional<Actor> local(String uri) {
        if (uri == null || !polity.uris().isLocal(uri)) {
            return Optional.empty();
        }
        return polity.storage().stores().actors().findActorByUri(uri).filter(Actor::local);
    }
}

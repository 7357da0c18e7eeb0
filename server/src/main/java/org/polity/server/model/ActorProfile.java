package org.polity.server.model;

/**
 * What a byline shows of an actor besides its name and handle: organisation, country (ISO 3166-1 alpha-2,
 * upper case) and avatar URL, each null when unknown. For local members the first two come from their
 * account; for remote actors from their actor document ({@code polity:organisation}, {@code polity:country},
 * {@code icon}).
 */
public record ActorProfile(long actorId, String organisation, String country, String iconUrl) {
    public static ActorProfile none(long actorId) {
        return new ActorProfile(actorId, null, null, null);
    }
}

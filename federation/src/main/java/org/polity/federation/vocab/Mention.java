package org.polity.federation.vocab;

/**
 * A {@code Mention} of an actor (Activity Vocabulary, section 3.3): {@code href} is the actor's IRI,
 * {@code name} how it was written ({@code @alice@example.org}).
 */
public final class Mention extends Link {
    public Mention() {}

    public Mention(String href, String name) {
        super("Mention", href);
        name(name);
    }
}

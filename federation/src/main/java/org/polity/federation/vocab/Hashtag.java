package org.polity.federation.vocab;

/**
 * A {@code Hashtag} in {@code tag}: an ActivityStreams extension term ({@code as:Hashtag}, which Mastodon
 * defines inline in its context) used as a Link: {@code href} is the tag's page, {@code name} e.g.
 * {@code #opengov}.
 */
public final class Hashtag extends Link {
    public Hashtag() {}

    public Hashtag(String href, String name) {
        super("Hashtag", href);
        name(name);
    }
}

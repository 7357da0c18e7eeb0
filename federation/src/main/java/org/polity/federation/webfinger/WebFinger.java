package org.polity.federation.webfinger;

/** WebFinger (RFC 7033) names: the endpoint, its media type and the link relations Polity uses. */
public final class WebFinger {
    /** The well-known path (RFC 7033, section 10.1). */
    public static final String PATH = "/.well-known/webfinger";
    /** The JRD media type (RFC 7033, section 10.2). */
    public static final String JRD_MEDIA_TYPE = "application/jrd+json";
    /** The link to the actor document, typed {@code application/activity+json} (ActivityPub convention). */
    public static final String REL_SELF = "self";
    /** The link to a human-readable profile page. */
    public static final String REL_PROFILE_PAGE = "http://webfinger.net/rel/profile-page";
    /** The remote-follow template Mastodon offers ({@code {uri}} is replaced by the account to follow). */
    public static final String REL_SUBSCRIBE = "http://ostatus.org/schema/1.0/subscribe";
    /** The host-meta link relation to a WebFinger-style template (RFC 6415, section 6.3). */
    public static final String REL_LRDD = "lrdd";

    private WebFinger() {}
}

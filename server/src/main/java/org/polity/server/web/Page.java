package org.polity.server.web;

import org.polity.server.model.Account;
import org.polity.server.model.Actor;

/**
 * What every page's layout needs: the title, the language, the instance, the viewer (null when logged
 * out), the CSRF token that every form carries, the viewer's unread notifications (for the nav) and the Atom
 * feeds the page advertises in its head (none, one, or several: the blog page has the members' and the official
 * blog's), each a {@code <link rel="alternate" type="application/atom+xml">} (RFC 4287 section 5 of the
 * autodiscovery draft; what feed readers look for), and the languages the
 * reader reads content in, most wanted first ({@link Web#contentLanguages}); {@code hub} when this instance is a
 * hub, whose navigation leads to the figures of all its members.
 */
public record Page(
        String title,
        String lang,
        String instanceName,
        String country,
        Account viewer,
        Actor viewerActor,
        String csrf,
        Messages messages,
        long unreadNotifications,
        String here,
        java.util.List<Feed> feeds,
        java.util.List<String> contentLanguages,
        boolean hub) {

    /** An Atom feed a page advertises with {@code <link rel="alternate" type="application/atom+xml">}. */
    public record Feed(String title, String href) {}

    public Page {
        feeds = java.util.List.copyOf(feeds);
    }

    /** This page, also advertising the Atom feed at {@code href} (a path) under {@code title}; null: unchanged. */
    public Page withFeed(String title, String href) {
        if (href == null) {
            return this;
        }
        java.util.List<Feed> more = new java.util.ArrayList<>(feeds);
        more.add(new Feed(title, href));
        return new Page(this.title, lang, instanceName, country, viewer, viewerActor, csrf, messages,
                unreadNotifications, here, more, contentLanguages, hub);
    }

    /** The UI text for {@code key} in the page's language ({@link Messages#t}). */
    public String t(String key, Object... args) {
        return messages.t(key, args);
    }

    /**
     * The UI text for {@code key} as HTML, for messages that carry markup of their own: the arguments are
     * escaped, the message text (ours) is not. Use with {@code $unsafe}.
     */
    public String html(String key, Object... args) {
        Object[] escaped = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            escaped[i] = args[i] instanceof String s ? escape(s) : args[i];
        }
        return messages.t(key, escaped);
    }

    /** A date as people of the page's language write it. */
    public String date(java.time.Instant instant) {
        return messages.date(instant);
    }

    /** A date and time as people of the page's language write it (UTC). */
    public String dateTime(java.time.Instant instant) {
        return messages.dateTime(instant);
    }

    /** The languages a reader can choose (their names are {@code site.language.<code>}). */
    public java.util.List<String> languages() {
        return Messages.LANGUAGES;
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * {@code "page"} when this page is the section at {@code path} (or below it), for the navigation link's
     * {@code aria-current}; null otherwise, which leaves the attribute out.
     */
    public String current(String path) {
        if (here == null) {
            return null;
        }
        String p = here.replaceAll("[?#].*", "");
        return p.equals(path) || p.startsWith(path + "/") ? "page" : null;
    }

    public boolean loggedIn() {
        return viewer != null;
    }

    public boolean admin() {
        return viewer != null && viewer.isAdmin();
    }

    /** Whether the viewer works the moderation queue (a moderator or an administrator). */
    public boolean moderator() {
        return viewer != null && viewer.isModerator();
    }
}

package org.polity.server.web;

import org.polity.server.model.Account;
import org.polity.server.model.Actor;

/**
 * What every page's layout needs: the title, the language, the instance, the viewer (null when logged
 * out), the CSRF token that every form carries and the viewer's unread notifications (for the nav).
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
        long unreadNotifications) {

    /** The UI text for {@code key} in the page's language ({@link Messages#t}). */
    public String t(String key, Object... args) {
        return messages.t(key, args);
    }

    public boolean loggedIn() {
        return viewer != null;
    }

    public boolean admin() {
        return viewer != null && viewer.isAdmin();
    }
}

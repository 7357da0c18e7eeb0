package org.polity.server.web;

import io.javalin.http.Context;
import java.util.Locale;

/** Content negotiation between ActivityStreams JSON, other JSON and HTML. */
public final class Negotiation {
    private Negotiation() {}

    /**
     * True when the client asks for ActivityStreams: {@code application/activity+json}, or
     * {@code application/ld+json} (with or without the ActivityStreams profile, as servers send both).
     */
    public static boolean wantsActivityJson(Context ctx) {
        String accept = ctx.header("Accept");
        if (accept == null) {
            return false;
        }
        String a = accept.toLowerCase(Locale.ROOT);
        return a.contains("application/activity+json") || a.contains("application/ld+json");
    }

    /**
     * True when the client is a browser: it names {@code text/html} (or XHTML) and asks for no ActivityStreams
     * type. Objects, activities and collections answer HTML then, and ActivityStreams JSON to everyone else (a
     * server, an API client, or a request without {@code Accept}), so a fetch that names no type keeps the JSON.
     */
    public static boolean wantsHtml(Context ctx) {
        String accept = ctx.header("Accept");
        if (accept == null || wantsActivityJson(ctx)) {
            return false;
        }
        String a = accept.toLowerCase(Locale.ROOT);
        return a.contains("text/html") || a.contains("application/xhtml+xml");
    }

    /** True when the client prefers JSON of any kind over HTML (API clients, problem details). */
    public static boolean wantsJson(Context ctx) {
        String accept = ctx.header("Accept");
        if (accept == null || accept.isBlank()) {
            return true;
        }
        String a = accept.toLowerCase(Locale.ROOT);
        if (a.contains("text/html")) {
            return false;
        }
        return a.contains("json") || a.contains("*/*");
    }
}

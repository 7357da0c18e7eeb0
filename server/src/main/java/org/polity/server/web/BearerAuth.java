package org.polity.server.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Optional;
import org.polity.server.Polity;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;

/**
 * {@code Authorization: Bearer <token>} for the C2S outbox and the REST API (RFC 6750). A missing token where
 * one is needed, or a token that is malformed, unknown, revoked or belongs to an inactive account, answers
 * 401 problem details with {@code WWW-Authenticate: Bearer}; a valid token for the wrong actor is the
 * caller's 403.
 */
public final class BearerAuth {
    private final Polity polity;

    public BearerAuth(Polity polity) {
        this.polity = polity;
    }

    /** Answers {@link Unauthorized} with 401; each route group that authenticates registers it (same handler). */
    public static void register(RoutesConfig routes) {
        routes.exception(Unauthorized.class, (e, ctx) -> {
            ctx.header("WWW-Authenticate", e.invalidToken
                    ? "Bearer realm=\"polity\", error=\"invalid_token\"" : "Bearer realm=\"polity\"");
            Problems.write(ctx, 401, "Unauthorized", e.getMessage());
        });
    }

    /** The account behind the request's bearer token; empty when there is no Authorization header. */
    public Optional<Account> account(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new Unauthorized("Use Authorization: Bearer <token> with an API token.", true);
        }
        return Optional.of(polity.accounts().authenticateToken(header.substring(7).strip())
                .orElseThrow(() -> new Unauthorized("The token is not valid (unknown, revoked, or the account is "
                        + "not active).", true)));
    }

    /** The bearer token's account, required. */
    public Account requireAccount(Context ctx) {
        return account(ctx).orElseThrow(() -> new Unauthorized(
                "This needs an API token: Authorization: Bearer <token>.", false));
    }

    /** The local actor of the bearer token's account, if there is a token. */
    public Optional<Actor> actor(Context ctx) {
        return account(ctx).map(this::actorOf);
    }

    public Actor actorOf(Account account) {
        return polity.storage().stores().actors().findActorById(account.actorId()).orElseThrow();
    }

    /** Whether the request carries any credential: a bearer token or an HTTP signature. */
    public static boolean hasCredentials(Context ctx) {
        return ctx.header("Authorization") != null || ctx.header("Signature") != null
                || ctx.header("Signature-Input") != null;
    }

    /** No or bad credentials (401). */
    public static final class Unauthorized extends RuntimeException {
        private final boolean invalidToken;

        public Unauthorized(String message, boolean invalidToken) {
            super(message);
            this.invalidToken = invalidToken;
        }
    }
}

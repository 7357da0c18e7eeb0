package org.polity.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import org.polity.server.Polity;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.model.Follow;
import org.polity.server.service.Message;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.NotFound;

/**
 * Locked accounts over the REST API (bearer token), shaped after Mastodon's endpoints of the same names:
 * <ul>
 *   <li>{@code PATCH /api/v1/accounts/update_credentials} with {@code {"locked": true|false}}: whether the
 *       member approves followers by hand (the actor's {@code manuallyApprovesFollowers});</li>
 *   <li>{@code GET /api/v1/follow_requests}: pending follow requests, oldest first
 *       ({@code ?after=<id>} for the next {@value #PAGE_SIZE});</li>
 *   <li>{@code POST /api/v1/follow_requests/{id}/authorize} and {@code .../reject}: the decision; a remote
 *       follower is sent an Accept or Reject.</li>
 * </ul>
 * Requests that change something carry a JSON body (at least {@code {}}) with
 * {@code Content-Type: application/json}: the server-wide CSRF check lets only JSON bodies through without a
 * form token. Answers are plain JSON, errors RFC 9457 problem details.
 */
public final class FollowRequestRoutes implements RouteGroup {
    static final int PAGE_SIZE = 40;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Polity polity;
    private final BearerAuth auth;

    public FollowRequestRoutes(Web web) {
        this.polity = web.polity();
        this.auth = new BearerAuth(polity);
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.patch("/api/v1/accounts/update_credentials", this::updateCredentials);
        routes.get("/api/v1/follow_requests", this::list);
        routes.post("/api/v1/follow_requests/{id}/authorize", ctx -> decide(ctx, true));
        routes.post("/api/v1/follow_requests/{id}/reject", ctx -> decide(ctx, false));
        BearerAuth.register(routes);
    }

    private void updateCredentials(Context ctx) {
        Account account = auth.requireAccount(ctx);
        JsonNode body;
        try {
            body = JSON.readTree(ctx.bodyAsBytes());
        } catch (java.io.IOException e) {
            Problems.write(ctx, 400, "Bad request", "The body is not JSON.");
            return;
        }
        JsonNode locked = body == null ? null : body.get("locked");
        if (locked == null || !locked.isBoolean()) {
            throw InvalidInput.of("locked", Message.of("svc.locked.value"));
        }
        polity.accounts().setManuallyApprovesFollowers(account, locked.asBoolean());
        Actor actor = auth.actorOf(account);
        ObjectNode out = JSON.createObjectNode();
        out.put("id", actor.uri());
        out.put("username", actor.username());
        out.put("locked", actor.manuallyApprovesFollowers());
        ctx.contentType("application/json").result(Problems.utf8(out.toString()));
    }

    private void list(Context ctx) {
        Actor actor = auth.actorOf(auth.requireAccount(ctx));
        long after = 0;
        if (ctx.queryParam("after") != null) {
            try {
                after = Long.parseLong(ctx.queryParam("after"));
            } catch (NumberFormatException e) {
                throw InvalidInput.of("after", Message.of("svc.after.id"));
            }
        }
        List<Follow> pending = polity.storage().stores().follows().findFollowers(actor.id(), Follow.State.PENDING,
                after, PAGE_SIZE);
        ArrayNode out = JSON.createArrayNode();
        for (Follow f : pending) {
            Actor follower = polity.storage().stores().actors().findActorById(f.followerId()).orElse(null);
            if (follower == null) {
                continue;
            }
            ObjectNode item = out.addObject();
            item.put("id", f.id());
            item.put("actor", follower.uri());
            item.put("acct", follower.acct());
            item.put("displayName", follower.displayName());
            item.put("createdAt", f.createdAt().toString());
        }
        ctx.header("Cache-Control", "private, no-store");
        ctx.contentType("application/json").result(Problems.utf8(out.toString()));
    }

    private void decide(Context ctx, boolean approve) {
        Actor actor = auth.actorOf(auth.requireAccount(ctx));
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new NotFound(Message.of("svc.follow.noRequest", ctx.pathParam("id")));
        }
        if (approve) {
            polity.federation().follows().approve(actor, id);
        } else {
            polity.federation().follows().reject(actor, id);
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("id", id);
        out.put("state", approve ? "ACCEPTED" : "REJECTED");
        ctx.contentType("application/json").result(Problems.utf8(out.toString()));
    }
}

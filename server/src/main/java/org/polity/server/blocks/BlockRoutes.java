package org.polity.server.blocks;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.polity.server.Polity;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.Message;
import org.polity.server.service.NotFound;
import org.polity.server.web.AccountRoutes;
import org.polity.server.web.Page;
import org.polity.server.web.RouteGroup;
import org.polity.server.web.Web;

/**
 * A member's blocks and mutes (docs/api.md, "Blocks and mutes"): {@code POST /blocks}, {@code /blocks/delete},
 * {@code /mutes} and {@code /mutes/delete} from a profile page (field {@code target}, the actor's row id;
 * for a mute, {@code duration} in seconds, one of {@link Blocks#MUTE_DURATIONS}, and {@code notifications}),
 * and {@code GET /settings/blocks}, the list of both with their undo buttons.
 */
public final class BlockRoutes implements RouteGroup {
    static final int LISTED = 200;

    private final Web web;
    private final Polity polity;
    private final Blocks blocks;

    public BlockRoutes(Web web) {
        this.web = web;
        this.polity = web.polity();
        this.blocks = new Blocks(polity);
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/settings/blocks", this::list);
        routes.post("/blocks", ctx -> act(ctx, (me, target) -> blocks.block(me, target)));
        routes.post("/blocks/delete", ctx -> act(ctx, blocks::unblock));
        routes.post("/mutes", ctx -> act(ctx, (me, target) -> blocks.mute(me, target, duration(ctx),
                ctx.formParam("notifications") != null)));
        routes.post("/mutes/delete", ctx -> act(ctx, blocks::unmute));
    }

    private interface Action {
        void apply(Actor me, Actor target);
    }

    private void act(Context ctx, Action action) {
        Account account = web.requireViewer(ctx);
        Actor me = polity.storage().stores().actors().findActorById(account.actorId()).orElseThrow();
        Actor target = target(ctx.formParam("target"));
        action.apply(me, target);
        String back = AccountRoutes.safeNext(ctx.formParam("back"));
        ctx.redirect(back.equals("/") ? "/profiles/" + target.id() : back, HttpStatus.SEE_OTHER);
    }

    private Actor target(String raw) {
        String value = Objects.requireNonNullElse(raw, "").strip();
        if (value.isEmpty()) {
            throw InvalidInput.of("target", Message.of("blocks.error.target"));
        }
        try {
            return polity.storage().stores().actors().findActorById(Long.parseLong(value))
                    .orElseThrow(() -> new NotFound(Message.of("pages.profile.notFound")));
        } catch (NumberFormatException e) {
            throw new NotFound(Message.of("pages.profile.notFound"));
        }
    }

    private static Duration duration(Context ctx) {
        String raw = Objects.requireNonNullElse(ctx.formParam("duration"), "0").strip();
        try {
            return Duration.ofSeconds(Long.parseLong(raw));
        } catch (NumberFormatException | ArithmeticException e) {
            throw InvalidInput.of("duration", Message.of("blocks.error.duration"));
        }
    }

    /** One row of the settings list: the other account and the block or mute. */
    public record Entry(Actor actor, Block block) {
        public String name() {
            return actor.displayName() == null || actor.displayName().isBlank() ? actor.username()
                    : actor.displayName();
        }
    }

    private void list(Context ctx) {
        Account account = web.requireViewer(ctx);
        // Mutes past their end are already ignored everywhere; they are removed when someone next looks.
        polity.storage().stores().blocks().deleteExpired(polity.clock().instant());
        Page page = web.pageTitled(ctx, "blocks.settings.title");
        Map<String, Object> params = new HashMap<>();
        params.put("blocked", entries(account.actorId(), Block.Kind.BLOCK));
        params.put("muted", entries(account.actorId(), Block.Kind.MUTE));
        ctx.header("Cache-Control", "private, no-store");
        web.render(ctx, 200, "blocks/settings.jte", page, params);
    }

    private List<Entry> entries(long actorId, Block.Kind kind) {
        var stores = polity.storage().stores();
        java.time.Instant now = polity.clock().instant();
        List<Block> rows = stores.blocks().findByActor(actorId, kind, Long.MAX_VALUE, LISTED).stream()
                .filter(b -> b.activeAt(now)).toList();
        Map<Long, Actor> actors = stores.actors().findActorsByIds(rows.stream().map(Block::targetId).toList());
        List<Entry> out = new ArrayList<>();
        for (Block b : rows) {
            Actor a = actors.get(b.targetId());
            if (a != null) {
                out.add(new Entry(a, b));
            }
        }
        return out;
    }
}

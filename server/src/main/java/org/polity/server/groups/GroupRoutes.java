package org.polity.server.groups;

import io.javalin.config.RoutesConfig;
import java.util.Map;
import org.polity.server.web.FormState;
import org.polity.server.web.RouteGroup;
import org.polity.server.web.Web;

/**
 * The groups' web pages, on top of {@link Groups} (which the inbox, the outbox and the CLI share), one class per
 * part: {@link GroupPages} (the list, a group's page, joining, starting a thread, tags), {@link ThreadPage} and
 * {@link PostRoutes} (a thread and the forms on it), {@link MemberRoutes} and {@link GroupSettingsRoutes}
 * (moderating one of our groups). Every form posts with the CSRF token and answers with a redirect
 * (Post/Redirect/Get); invalid input re-renders the page with the problem next to the field and a 4xx status.
 */
public final class GroupRoutes implements RouteGroup {
    public static final int LIST_LIMIT = 200;
    public static final int THREADS_SHOWN = 50;
    public static final int POSTS_SHOWN = 500;
    public static final int TAGGED_SHOWN = 50;

    private final GroupWeb lookups;
    private final GroupPages pages;
    private final ThreadPage thread;
    private final PostRoutes posts;
    private final MemberRoutes members;
    private final GroupSettingsRoutes settings;

    public GroupRoutes(Web web) {
        this.lookups = new GroupWeb(web);
        this.pages = new GroupPages(web, lookups);
        this.thread = new ThreadPage(web, lookups);
        this.posts = new PostRoutes(web, lookups, thread);
        this.members = new MemberRoutes(web, lookups);
        this.settings = new GroupSettingsRoutes(web, lookups);
    }


    @Override
    public void register(RoutesConfig routes) {
        routes.get("/groups", ctx -> pages.list(ctx, 200, FormState.of(Map.of("membership", "open"))));
        routes.post("/groups", pages::create);
        routes.post("/groups/join", pages::join);
        routes.post("/groups/leave", pages::leave);
        routes.post("/groups/threads", pages::startThread);
        routes.get("/groups/{name}", ctx -> pages.showGroup(ctx, 200, lookups.localGroup(ctx), FormState.of(
                Map.of("kind", "discussion")), FormState.empty()));
        routes.get("/remote-groups/{id}", ctx -> pages.showGroup(ctx, 200, lookups.remoteGroup(ctx), FormState.of(
                Map.of("kind", "discussion")), FormState.empty()));
        routes.get("/groups/{name}/members", ctx -> members.members(ctx, 200, FormState.empty()));
        routes.post("/groups/{name}/requests", members::decide);
        routes.post("/groups/{name}/members/remove", members::removeMember);
        routes.post("/groups/{name}/members/role", members::setRole);
        routes.post("/groups/{name}/members/unban", members::unban);
        routes.post("/groups/{name}/invite", members::invite);
        routes.get("/groups/{name}/settings", settings::settingsPage);
        routes.post("/groups/{name}/settings", settings::saveSettings);
        routes.get("/threads/{id}", ctx -> thread.showThread(ctx, 200, FormState.empty()));
        routes.post("/threads/{id}/replies", posts::reply);
        routes.post("/threads/{id}/accept", posts::accept);
        routes.post("/threads/{id}/pin", ctx -> posts.moderateThread(ctx, true));
        routes.post("/threads/{id}/lock", ctx -> posts.moderateThread(ctx, false));
        routes.post("/posts/{id}/edit", posts::edit);
        routes.post("/posts/{id}/delete", posts::delete);
        routes.post("/posts/{id}/like", posts::like);
        routes.post("/posts/{id}/remove", posts::removePost);
        routes.get("/tags/{tag}", pages::tag);
    }
}

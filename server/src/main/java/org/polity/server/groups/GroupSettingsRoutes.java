package org.polity.server.groups;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.polity.server.Polity;
import org.polity.server.model.Actor;
import org.polity.server.model.GroupInfo;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.Message;
import org.polity.server.web.FormState;
import org.polity.server.web.Messages;
import org.polity.server.web.Page;
import org.polity.server.web.Web;

/** {@code GET} and {@code POST /groups/{name}/settings}: one of our groups' title, about, rules and membership. */
final class GroupSettingsRoutes {
    private final Web web;
    private final Polity polity;
    private final GroupWeb lookups;

    GroupSettingsRoutes(Web web, GroupWeb lookups) {
        this.web = web;
        this.polity = web.polity();
        this.lookups = lookups;
    }

    void settingsPage(Context ctx) {
        Actor me = lookups.me(ctx);
        Actor group = lookups.administeredGroup(ctx, me);
        GroupInfo info = lookups.queries().info(group).orElseThrow();
        Map<String, String> values = new HashMap<>();
        values.put("title", GroupViews.displayName(group));
        values.put("about", info.aboutSource() == null ? "" : info.aboutSource());
        values.put("rules", info.rulesSource() == null ? "" : info.rulesSource());
        values.put("membership", info.membership().wireName());
        if (info.membersOnly()) {
            values.put("membersOnly", "on");
        }
        renderSettings(ctx, 200, group, FormState.of(values));
    }

    private void renderSettings(Context ctx, int status, Actor group, FormState form) {
        Messages m = web.messages(ctx);
        String title = m.t("groups.settings.title", GroupViews.displayName(group));
        Page page = web.page(ctx, form.hasErrors() ? m.t("pages.error.title", title) : title);
        ctx.header("Cache-Control", "private, no-store");
        web.render(ctx, status, "groups/settings.jte", page, Map.of("group", lookups.row(group, Optional.empty()),
                "form", form, "memberships", lookups.membershipOptions(m)));
    }

    void saveSettings(Context ctx) {
        Actor me = lookups.me(ctx);
        Actor group = lookups.administeredGroup(ctx, me);
        Messages m = web.messages(ctx);
        Map<String, String> values = lookups.fields(ctx, "title", "about", "rules", "membership", "membersOnly");
        try {
            lookups.groups().setup().updateSettings(me, group, values.get("title"), values.get("about"),
                    values.get("rules"),
                    GroupInfo.Membership.parse(values.get("membership")), "on".equals(values.get("membersOnly")));
        } catch (InvalidInput e) {
            renderSettings(ctx, 422, group, FormState.of(values).withErrors(m.errors(e)));
            return;
        }
        ctx.redirect(GroupViews.path(group), HttpStatus.SEE_OTHER);
    }
}

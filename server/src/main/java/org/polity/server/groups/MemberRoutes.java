package org.polity.server.groups;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.polity.federation.http.FetchException;
import org.polity.server.Polity;
import org.polity.server.groups.GroupViews.GroupRow;
import org.polity.server.groups.GroupViews.MemberRow;
import org.polity.server.groups.GroupViews.RequestRow;
import org.polity.server.model.Actor;
import org.polity.server.model.Follow;
import org.polity.server.model.GroupInfo;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.Message;
import org.polity.server.service.NotFound;
import org.polity.server.web.Cards;
import org.polity.server.web.FormState;
import org.polity.server.web.Messages;
import org.polity.server.web.Page;
import org.polity.server.web.Web;

/**
 * {@code GET /groups/{name}/members}, for the moderators of one of our groups: requests to join and their
 * answers, members and their roles, removals and bans, and invitations.
 */
final class MemberRoutes {
    private final Web web;
    private final Polity polity;
    private final GroupWeb lookups;

    MemberRoutes(Web web, GroupWeb lookups) {
        this.web = web;
        this.polity = web.polity();
        this.lookups = lookups;
    }

    void members(Context ctx, int status, FormState inviteForm) {
        Actor me = lookups.me(ctx);
        Actor group = lookups.moderatedGroup(ctx, me);
        Messages m = web.messages(ctx);
        Cards cards = new Cards(polity);
        List<RequestRow> requests = new ArrayList<>();
        for (Follow f : lookups.queries().requests(me, group, GroupRoutes.LIST_LIMIT)) {
            cards.actor(f.followerId()).ifPresent(a -> requests.add(new RequestRow(f, a,
                    lookups.queries().requestMessage(f).orElse(""), m.dateTime(f.createdAt()))));
        }
        Map<Long, GroupInfo.Role> roles = new HashMap<>();
        List<MemberRow> members = new ArrayList<>();
        for (var r : lookups.queries().roles(group)) {
            roles.put(r.actor().id(), r.role());
            members.add(new MemberRow(r.actor(), r.role()));
        }
        for (Follow f : polity.storage().stores().follows().findFollowers(group.id(), Follow.State.ACCEPTED, 0,
                GroupRoutes.LIST_LIMIT)) {
            if (!roles.containsKey(f.followerId())) {
                cards.actor(f.followerId()).ifPresent(a -> members.add(new MemberRow(a, null)));
            }
        }
        boolean admin = lookups.queries().role(group, me).filter(r -> r == GroupInfo.Role.ADMIN).isPresent();
        GroupRow head = lookups.row(group, Optional.of(me));
        Page page = web.page(ctx, inviteForm.hasErrors() ? m.t("pages.error.title", m.t("groups.members.title",
                head.title())) : m.t("groups.members.title", head.title()));
        Map<String, Object> params = new HashMap<>();
        params.put("group", head);
        params.put("requests", requests);
        params.put("members", members);
        params.put("banned", lookups.queries().bans(me, group, GroupRoutes.LIST_LIMIT));
        params.put("admin", admin);
        params.put("me", me);
        params.put("form", inviteForm);
        ctx.header("Cache-Control", "private, no-store");
        web.render(ctx, status, "groups/members.jte", page, params);
    }

    private String membersPath(Actor group) {
        return "/groups/" + group.username() + "/members";
    }

    void decide(Context ctx) {
        Actor me = lookups.me(ctx);
        Actor group = lookups.moderatedGroup(ctx, me);
        long followId;
        try {
            followId = Long.parseLong(Objects.requireNonNullElse(ctx.formParam("follow"), "").strip());
        } catch (NumberFormatException e) {
            throw new NotFound(Message.of("groups.error.noRequest"));
        }
        lookups.groups().membership().decide(me, group, followId, "approve".equals(ctx.formParam("decision")));
        ctx.redirect(membersPath(group), HttpStatus.SEE_OTHER);
    }

    private Actor formMember(Context ctx) {
        return lookups.actorById(ctx, ctx.formParam("member"))
                .orElseThrow(() -> new NotFound(Message.of("groups.error.noMember")));
    }

    void removeMember(Context ctx) {
        Actor me = lookups.me(ctx);
        Actor group = lookups.moderatedGroup(ctx, me);
        lookups.groups().membership().removeMember(me, group, formMember(ctx));
        ctx.redirect(membersPath(group), HttpStatus.SEE_OTHER);
    }

    void unban(Context ctx) {
        Actor me = lookups.me(ctx);
        Actor group = lookups.moderatedGroup(ctx, me);
        lookups.groups().membership().unban(me, group, formMember(ctx));
        ctx.redirect(membersPath(group), HttpStatus.SEE_OTHER);
    }

    void setRole(Context ctx) {
        Actor me = lookups.me(ctx);
        Actor group = lookups.moderatedGroup(ctx, me);
        String role = Objects.requireNonNullElse(ctx.formParam("role"), "");
        GroupInfo.Role r = switch (role) {
            case "admin" -> GroupInfo.Role.ADMIN;
            case "moderator" -> GroupInfo.Role.MODERATOR;
            case "member" -> null;
            default -> throw InvalidInput.of("role", Message.of("groups.error.role"));
        };
        lookups.groups().membership().setRole(me, group, formMember(ctx), r);
        ctx.redirect(membersPath(group), HttpStatus.SEE_OTHER);
    }

    void invite(Context ctx) {
        Actor me = lookups.me(ctx);
        Actor group = lookups.moderatedGroup(ctx, me);
        Messages m = web.messages(ctx);
        String handle = Objects.requireNonNullElse(ctx.formParam("handle"), "").strip();
        FormState form = FormState.of(Map.of("handle", handle));
        if (handle.isEmpty()) {
            members(ctx, 422, form.withErrors(Map.of("handle", m.t("groups.error.handle"))));
            return;
        }
        try {
            lookups.groups().membership().invite(me, group, handle);
        } catch (InvalidInput e) {
            members(ctx, 422, form.withErrors(lookups.onField(m.errors(e), "handle")));
            return;
        } catch (NotFound | FetchException | IllegalArgumentException e) {
            members(ctx, 422, form.withErrors(Map.of("handle", m.t("groups.error.inviteFetch", handle))));
            return;
        }
        ctx.redirect(membersPath(group) + "?invited=1", HttpStatus.SEE_OTHER);
    }
}

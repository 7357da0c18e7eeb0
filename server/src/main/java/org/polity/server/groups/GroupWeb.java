package org.polity.server.groups;

import io.javalin.http.Context;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.polity.server.Polity;
import org.polity.server.groups.GroupViews.GroupRow;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.model.ActorType;
import org.polity.server.model.Follow;
import org.polity.server.model.GroupInfo;
import org.polity.server.model.StoredObject;
import org.polity.server.service.Message;
import org.polity.server.service.Forbidden;
import org.polity.server.service.NotFound;
import org.polity.server.translations.Languages;
import org.polity.server.translations.TranslationForm;
import org.polity.server.web.FormState;
import org.polity.server.web.Messages;
import org.polity.server.web.Web;

/**
 * What the groups' routes share: the viewer, the group, thread or member a request names (a 404 in the
 * reader's language when there is none), a group's row as listed, and reading form fields.
 */
final class GroupWeb {
    private final Web web;
    private final Polity polity;

    GroupWeb(Web web) {
        this.web = web;
        this.polity = web.polity();
    }

    // --- Lookups -----------------------------------------------------------------------------------------------

    Groups groups() {
        return polity.federation().groups();
    }

    /** Who may do what in a group, and what there is to read (the federation is built after the routes). */
    GroupQueries queries() {
        return groups().queries();
    }

    Optional<Actor> viewerActor(Context ctx) {
        return web.viewer(ctx).flatMap(a -> polity.storage().stores().actors().findActorById(a.actorId()));
    }

    /** The language a member writes a new thread or reply in unless they choose another: their chosen one, else the page's. */
    String writerLang(Context ctx) {
        return web.viewer(ctx).flatMap(a -> Languages.normalise(a.locale())).orElse(web.messages(ctx).lang());
    }

    /** The languages a thread or reply may be written in, named in the reader's language, with any typed already. */
    List<FormState.Option> languageOptions(Context ctx, FormState form) {
        return FormState.options(TranslationForm.languageChoices(web.messages(ctx).locale(), form.values()));
    }

    Actor me(Context ctx) {
        Account account = web.requireViewer(ctx);
        return polity.storage().stores().actors().findActorById(account.actorId()).orElseThrow();
    }

    Actor localGroup(Context ctx) {
        String name = ctx.pathParam("name").toLowerCase(Locale.ROOT);
        return polity.actors().findLocal(name).filter(a -> a.type() == ActorType.Group)
                .filter(a -> queries().info(a).isPresent())
                .orElseThrow(() -> new NotFound(Message.of("groups.error.noGroup")));
    }

    Actor remoteGroup(Context ctx) {
        Actor group = actorById(ctx, ctx.pathParam("id")).filter(a -> a.type() == ActorType.Group)
                .orElseThrow(() -> new NotFound(Message.of("groups.error.noGroup")));
        return group; // one of ours is shown too (its own page is /groups/name)
    }

    Optional<Actor> actorById(Context ctx, String id) {
        try {
            return polity.storage().stores().actors().findActorById(Long.parseLong(id == null ? "" : id.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The group named by the form field {@code group} (an actor id). */
    Actor formGroup(Context ctx) {
        return actorById(ctx, ctx.formParam("group")).filter(a -> a.type() == ActorType.Group)
                .orElseThrow(() -> new NotFound(Message.of("groups.error.noGroup")));
    }

    StoredObject objectById(Context ctx) {
        try {
            return polity.storage().stores().objects().findObjectById(Long.parseLong(ctx.pathParam("id")))
                    .orElseThrow(() -> new NotFound(Message.of("groups.error.noThread")));
        } catch (NumberFormatException e) {
            throw new NotFound(Message.of("groups.error.noThread"));
        }
    }

    boolean visible(StoredObject o, Optional<Actor> reader) {
        return polity.federation().objects().visibleTo(o.uri(), o.attributedToId(), o.visibility(), reader);
    }

    GroupRow row(Actor group, Optional<Actor> viewer) {
        Optional<GroupInfo> info = queries().info(group);
        String membership = info.map(i -> i.membership().wireName())
                .orElse(group.manuallyApprovesFollowers() ? "approval" : "open");
        long members = polity.storage().stores().follows().countFollowers(group.id(), Follow.State.ACCEPTED);
        String source = "local";
        if (!group.local()) {
            var reported = polity.storage().stores().actors().findReportedFollowers(group.id());
            source = reported.isPresent() ? "host" : "here";
            members = reported.map(r -> r.total()).orElse(members);
            polity.federation().actors().refreshReportedMembersSoon(group, reported.map(r -> r.fetchedAt()));
        }
        String state = null;
        if (viewer.isPresent()) {
            if (queries().isMember(group, viewer.get())) {
                state = "member";
            } else if (polity.storage().stores().follows().findFollow(viewer.get().id(), group.id()).isPresent()) {
                state = "pending";
            }
        }
        return new GroupRow(group, GroupViews.path(group), membership, info.map(GroupInfo::membersOnly).orElse(false),
                members,
                state, source);
    }

    static List<FormState.Option> membershipOptions(Messages m) {
        Map<String, String> choices = new LinkedHashMap<>();
        for (GroupInfo.Membership ms : GroupInfo.Membership.values()) {
            choices.put(ms.wireName(), m.t("groups.membership." + ms.wireName()));
        }
        return FormState.options(choices);
    }

    /** A paging offset from the query string: 0 unless it is a whole number from 0 to 100,000. */
    static int offsetParam(String value) {
        try {
            int v = Integer.parseInt(value == null ? "" : value.strip());
            return v >= 0 && v <= 100_000 ? v : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static Map<String, String> fields(Context ctx, String... names) {
        Map<String, String> values = new HashMap<>();
        for (String name : names) {
            String v = ctx.formParam(name);
            if (v != null) {
                values.put(name, v);
            }
        }
        return values;
    }

    /** Every error of a service shown next to one field of the form (the one the reader can change). */
    static Map<String, String> onField(Map<String, String> errors, String field) {
        return Map.of(field, String.join(" ", errors.values()));
    }

    Actor moderatedGroup(Context ctx, Actor me) {
        Actor group = localGroup(ctx);
        if (!queries().canModerate(group, me)) {
            throw new Forbidden(Message.of("groups.error.moderatorsOnly"));
        }
        return group;
    }

    Actor administeredGroup(Context ctx, Actor me) {
        Actor group = localGroup(ctx);
        if (queries().role(group, me).filter(r -> r == GroupInfo.Role.ADMIN).isEmpty()) {
            throw new Forbidden(Message.of("groups.error.adminsOnly"));
        }
        return group;
    }
}

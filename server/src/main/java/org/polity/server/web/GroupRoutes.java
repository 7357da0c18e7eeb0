package org.polity.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.polity.federation.http.FetchException;
import org.polity.server.Polity;
import org.polity.server.activitypub.GroupService;
import org.polity.server.activitypub.ObjectService;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.model.ActorType;
import org.polity.server.model.Follow;
import org.polity.server.model.GroupInfo;
import org.polity.server.model.GroupPost;
import org.polity.server.model.GroupThread;
import org.polity.server.model.Reaction;
import org.polity.server.model.StoredObject;
import org.polity.server.service.Forbidden;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.NotFound;
import org.polity.server.text.Html;

/**
 * The groups' web pages, on top of {@link GroupService} (which the inbox, the outbox and the CLI share):
 * <ul>
 *   <li>{@code GET /groups}: this instance's groups, the viewer's memberships, requests and invitations, and
 *       a form to create a group ({@code POST /groups});</li>
 *   <li>{@code GET /groups/{name}} (ours) and {@code GET /remote-groups/{id}} (a remote group this instance
 *       knows): about, rules, moderators, joining ({@code POST /groups/join}, {@code POST /groups/leave}), the
 *       threads and a form to start one ({@code POST /groups/threads});</li>
 *   <li>{@code GET /threads/{id}} (the thread's object row id): the thread and its replies nested by
 *       {@code inReplyTo}, with reply, edit, delete, like, accept-answer and moderation forms;</li>
 *   <li>{@code GET /groups/{name}/members} and {@code /settings}: moderation of one of our groups;</li>
 *   <li>{@code GET /tags/{tag}}: posts with a hashtag that the reader may see.</li>
 * </ul>
 * Every form posts with the CSRF token and answers with a redirect (Post/Redirect/Get); invalid input
 * re-renders the page with the problem next to the field and a 4xx status.
 */
public final class GroupRoutes implements RouteGroup {
    static final int LIST_LIMIT = 200;
    static final int THREADS_SHOWN = 50;
    static final int POSTS_SHOWN = 500;
    static final int TAGGED_SHOWN = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Web web;
    private final Polity polity;

    public GroupRoutes(Web web) {
        this.web = web;
        this.polity = web.polity();
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/groups", ctx -> list(ctx, 200, FormState.of(Map.of("membership", "open"))));
        routes.post("/groups", this::create);
        routes.post("/groups/join", this::join);
        routes.post("/groups/leave", this::leave);
        routes.post("/groups/threads", this::startThread);
        routes.get("/groups/{name}", ctx -> showGroup(ctx, 200, localGroup(ctx), FormState.of(
                Map.of("kind", "discussion")), FormState.empty()));
        routes.get("/remote-groups/{id}", ctx -> showGroup(ctx, 200, remoteGroup(ctx), FormState.of(
                Map.of("kind", "discussion")), FormState.empty()));
        routes.get("/groups/{name}/members", ctx -> members(ctx, 200, FormState.empty()));
        routes.post("/groups/{name}/requests", this::decide);
        routes.post("/groups/{name}/members/remove", this::removeMember);
        routes.post("/groups/{name}/members/role", this::setRole);
        routes.post("/groups/{name}/members/unban", this::unban);
        routes.post("/groups/{name}/invite", this::invite);
        routes.get("/groups/{name}/settings", this::settingsPage);
        routes.post("/groups/{name}/settings", this::saveSettings);
        routes.get("/threads/{id}", ctx -> showThread(ctx, 200, FormState.empty()));
        routes.post("/threads/{id}/replies", this::reply);
        routes.post("/threads/{id}/accept", this::accept);
        routes.post("/threads/{id}/pin", ctx -> moderateThread(ctx, true));
        routes.post("/threads/{id}/lock", ctx -> moderateThread(ctx, false));
        routes.post("/posts/{id}/edit", this::edit);
        routes.post("/posts/{id}/delete", this::delete);
        routes.post("/posts/{id}/like", this::like);
        routes.post("/posts/{id}/remove", this::removePost);
        routes.get("/tags/{tag}", this::tag);
    }

    // --- View models -------------------------------------------------------------------------------------------

    /**
     * A group as listed: where its page is, how people join, and its members: counted here for ours; for a remote
     * group the count its host reports ({@code membersSource} "host"), or, before any report, the members this
     * instance knows of ("here"), each labelled as what it is.
     */
    public record GroupRow(Actor group, String path, String membership, boolean membersOnly, long members,
            String state, String membersSource) {
        /** The member count as the page says it: plain for ours, "as reported by host" or "known here" else. */
        public String membersKey() {
            return switch (membersSource) {
                case "host" -> "groups.members.countReported";
                case "here" -> "groups.members.countHere";
                default -> "groups.members.count";
            };
        }

        public String title() {
            return group.displayName() == null || group.displayName().isBlank() ? group.username()
                    : group.displayName();
        }

        public boolean hasAbout() {
            return group.summaryHtml() != null && !group.summaryHtml().isBlank();
        }
    }

    /** Someone who runs a group, and their role. */
    public record RoleRow(Actor actor, GroupInfo.Role role) {}

    /** A thread as listed on its group's page. */
    public record ThreadRow(GroupThread thread, StoredObject object, Actor author, String lastActivity) {
        public String path() {
            return "/threads/" + object.id();
        }

        public String authorName() {
            return displayName(author);
        }
    }

    /** One group page: the group, what the viewer may do there, and the threads they may read. */
    public record GroupView(GroupRow row, String rulesHtml, List<RoleRow> moderators, boolean canRead, boolean member,
            boolean pending, boolean invited, boolean moderator, boolean admin, List<ThreadRow> threads,
            long threadCount, int offset) {
        /** The offset of the next page of threads, or null on the last page. */
        public Integer nextOffset() {
            return offset + THREADS_SHOWN < threadCount ? offset + THREADS_SHOWN : null;
        }

        /** The offset of the previous page of threads, or null on the first page. */
        public Integer previousOffset() {
            return offset > 0 ? Math.max(0, offset - THREADS_SHOWN) : null;
        }

        public boolean local() {
            return row.group().local();
        }
    }

    /** A post in a thread, with its replies beneath it. */
    public static final class PostNode {
        public final StoredObject object;
        public final Actor author;
        public final String published;
        public final boolean own;
        public final long likes;
        public final String source;
        public final List<PostNode> children = new ArrayList<>();
        /** The author's byline (avatar, organisation, country); null when the author is unknown. */
        public final Cards.Author byline;

        PostNode(StoredObject object, Actor author, String published, boolean own, long likes, String source,
                Cards.Author byline) {
            this.byline = byline;
            this.object = object;
            this.author = author;
            this.published = published;
            this.own = own;
            this.likes = likes;
            this.source = source;
        }

        public long id() {
            return object.id();
        }

        public String authorName() {
            return displayName(author);
        }

        public boolean deleted() {
            return object.deleted();
        }
    }

    /** The thread page: the thread's post tree and what the viewer may do. */
    public record ThreadView(GroupRow group, GroupThread thread, PostNode root, PostNode accepted, List<String> tags,
            boolean loggedIn, boolean member, boolean canReply, boolean canAccept, boolean moderator) {
        public boolean question() {
            return thread.kind() == GroupThread.Kind.QUESTION;
        }

        public boolean isAccepted(PostNode node) {
            return accepted != null && accepted.object.uri().equals(node.object.uri());
        }
    }

    /** A pending request to join, with its message. */
    public record RequestRow(Follow follow, Actor actor, String message, String date) {}

    /** A member of one of our groups and their role (null for a plain member). */
    public record MemberRow(Actor actor, GroupInfo.Role role) {}

    /** A post with a tag: its title (threads), where to read it, and its card. */
    public record TaggedRow(Cards.Post post, String path) {}

    static String displayName(Actor a) {
        if (a == null) {
            return "";
        }
        return a.displayName() == null || a.displayName().isBlank() ? a.username() : a.displayName();
    }

    /** The page of a group: ours at {@code /groups/name}, a remote one at {@code /remote-groups/id}. */
    public static String path(Actor group) {
        return group.local() ? "/groups/" + group.username() : "/remote-groups/" + group.id();
    }

    // --- Lookups -----------------------------------------------------------------------------------------------

    private GroupService groups() {
        return polity.federation().groups();
    }

    private Optional<Actor> viewerActor(Context ctx) {
        return web.viewer(ctx).flatMap(a -> polity.storage().stores().actors().findActorById(a.actorId()));
    }

    private Actor me(Context ctx) {
        Account account = web.requireViewer(ctx);
        return polity.storage().stores().actors().findActorById(account.actorId()).orElseThrow();
    }

    private Actor localGroup(Context ctx) {
        String name = ctx.pathParam("name").toLowerCase(Locale.ROOT);
        return polity.actors().findLocal(name).filter(a -> a.type() == ActorType.Group)
                .filter(a -> groups().info(a).isPresent())
                .orElseThrow(() -> new NotFound(web.messages(ctx).t("groups.error.noGroup")));
    }

    private Actor remoteGroup(Context ctx) {
        Actor group = actorById(ctx, ctx.pathParam("id")).filter(a -> a.type() == ActorType.Group)
                .orElseThrow(() -> new NotFound(web.messages(ctx).t("groups.error.noGroup")));
        return group; // one of ours is shown too (its own page is /groups/name)
    }

    private Optional<Actor> actorById(Context ctx, String id) {
        try {
            return polity.storage().stores().actors().findActorById(Long.parseLong(id == null ? "" : id.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The group named by the form field {@code group} (an actor id). */
    private Actor formGroup(Context ctx) {
        return actorById(ctx, ctx.formParam("group")).filter(a -> a.type() == ActorType.Group)
                .orElseThrow(() -> new NotFound(web.messages(ctx).t("groups.error.noGroup")));
    }

    private StoredObject objectById(Context ctx) {
        try {
            return polity.storage().stores().objects().findObjectById(Long.parseLong(ctx.pathParam("id")))
                    .orElseThrow(() -> new NotFound(web.messages(ctx).t("groups.error.noThread")));
        } catch (NumberFormatException e) {
            throw new NotFound(web.messages(ctx).t("groups.error.noThread"));
        }
    }

    private boolean visible(StoredObject o, Optional<Actor> reader) {
        return polity.federation().objects().visibleTo(o.uri(), o.attributedToId(), o.visibility(), reader);
    }

    private GroupRow row(Actor group, Optional<Actor> viewer) {
        Optional<GroupInfo> info = groups().info(group);
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
            if (groups().isMember(group, viewer.get())) {
                state = "member";
            } else if (polity.storage().stores().follows().findFollow(viewer.get().id(), group.id()).isPresent()) {
                state = "pending";
            }
        }
        return new GroupRow(group, path(group), membership, info.map(GroupInfo::membersOnly).orElse(false), members,
                state, source);
    }

    // --- The list and creating a group -------------------------------------------------------------------------

    private void list(Context ctx, int status, FormState form) {
        Messages m = web.messages(ctx);
        Page page = web.page(ctx, form.hasErrors() ? m.t("pages.error.title", m.t("groups.list.title"))
                : m.t("groups.list.title"));
        Optional<Actor> viewer = Optional.ofNullable(page.viewerActor());
        List<GroupRow> local = groups().localGroups(LIST_LIMIT).stream().map(g -> row(g, viewer)).toList();
        List<GroupRow> mine = new ArrayList<>();
        List<GroupRow> invitations = new ArrayList<>();
        if (viewer.isPresent()) {
            // the groups they run (admins and moderators need not be followers), then the ones they joined
            for (GroupRow g : local) {
                if (groups().role(g.group(), viewer.get()).isPresent()) {
                    mine.add(g);
                }
            }
            for (Follow.State state : Follow.State.values()) {
                for (Follow f : groups().memberships(viewer.get(), state, LIST_LIMIT)) {
                    polity.storage().stores().actors().findActorById(f.followedId())
                            .filter(g -> mine.stream().noneMatch(r -> r.group().id() == g.id()))
                            .ifPresent(g -> mine.add(row(g, viewer)));
                }
            }
            for (long id : polity.storage().stores().groups().findInvitationsFor(viewer.get().id())) {
                polity.storage().stores().actors().findActorById(id)
                        .filter(g -> !groups().isMember(g, viewer.get()))
                        .ifPresent(g -> invitations.add(row(g, viewer)));
            }
        }
        Map<String, Object> params = new HashMap<>();
        params.put("groups", local);
        params.put("mine", mine);
        params.put("invitations", invitations);
        params.put("form", form);
        params.put("memberships", membershipOptions(m));
        if (viewer.isPresent()) {
            ctx.header("Cache-Control", "private, no-store");
        }
        web.render(ctx, status, "groups/list.jte", page, params);
    }

    static List<FormState.Option> membershipOptions(Messages m) {
        Map<String, String> choices = new LinkedHashMap<>();
        for (GroupInfo.Membership ms : GroupInfo.Membership.values()) {
            choices.put(ms.wireName(), m.t("groups.membership." + ms.wireName()));
        }
        return FormState.options(choices);
    }

    private void create(Context ctx) {
        Actor me = me(ctx);
        Messages m = web.messages(ctx);
        Map<String, String> values = fields(ctx, "name", "title", "about", "membership", "membersOnly");
        FormState form = FormState.of(values);
        Actor group;
        try {
            group = groups().create(me, values.get("name"), values.get("title"), values.get("about"),
                    GroupInfo.Membership.parse(values.get("membership")), "on".equals(values.get("membersOnly")));
        } catch (InvalidInput e) {
            list(ctx, 422, form.withErrors(m.fromEnglish(e.errors())));
            return;
        } catch (Forbidden e) {
            list(ctx, 403, form.withErrors(Map.of("name", m.fromEnglish(e.getMessage()))));
            return;
        }
        ctx.redirect(path(group), HttpStatus.SEE_OTHER);
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

    private static Map<String, String> fields(Context ctx, String... names) {
        Map<String, String> values = new HashMap<>();
        for (String name : names) {
            String v = ctx.formParam(name);
            if (v != null) {
                values.put(name, v);
            }
        }
        return values;
    }

    // --- A group's page ----------------------------------------------------------------------------------------

    private void showGroup(Context ctx, int status, Actor group, FormState threadForm, FormState joinForm) {
        Messages m = web.messages(ctx);
        GroupRow head = row(group, viewerActor(ctx));
        Page page = web.page(ctx, threadForm.hasErrors() || joinForm.hasErrors()
                ? m.t("pages.error.title", head.title()) : head.title());
        Optional<Actor> viewer = Optional.ofNullable(page.viewerActor());
        Optional<GroupInfo> info = groups().info(group);
        String rules = info.map(GroupInfo::rulesSource).filter(r -> !r.isBlank()).map(Html::markdownToHtml)
                .orElse(null);
        List<RoleRow> moderators = group.local()
                ? groups().roles(group).stream().map(r -> new RoleRow(r.actor(), r.role())).toList() : List.of();
        boolean canRead = groups().canRead(group, viewer.orElse(null));
        boolean member = viewer.map(v -> groups().isMember(group, v)).orElse(false);
        boolean pending = !member && viewer.flatMap(v -> polity.storage().stores().follows()
                .findFollow(v.id(), group.id())).isPresent();
        boolean invited = viewer.map(v -> polity.storage().stores().groups().hasInvitation(group.id(), v.id()))
                .orElse(false);
        boolean moderator = viewer.map(v -> groups().canModerate(group, v)).orElse(false);
        boolean admin = viewer.flatMap(v -> groups().role(group, v)).filter(r -> r == GroupInfo.Role.ADMIN)
                .isPresent();
        List<ThreadRow> threads = new ArrayList<>();
        long count = 0;
        int offset = offsetParam(ctx.queryParam("offset"));
        if (canRead) {
            Cards cards = new Cards(polity);
            for (GroupThread t : polity.storage().stores().groups().findThreads(group.uri(), offset, THREADS_SHOWN)) {
                polity.storage().stores().objects().findObjectByUri(t.objectUri()).filter(o -> !o.deleted())
                        .filter(o -> visible(o, viewer))
                        .ifPresent(o -> threads.add(new ThreadRow(t, o, cards.actor(o.attributedToId()).orElse(null),
                                m.dateTime(t.lastActivityAt()))));
            }
            count = polity.storage().stores().groups().countThreads(group.uri());
        }
        GroupView view = new GroupView(head, rules, moderators, canRead, member, pending, invited, moderator, admin,
                threads, count, offset);
        Map<String, Object> params = new HashMap<>();
        params.put("view", view);
        params.put("threadForm", threadForm);
        params.put("joinForm", joinForm);
        Map<String, String> kinds = new LinkedHashMap<>();
        kinds.put("discussion", m.t("groups.kind.discussion"));
        kinds.put("question", m.t("groups.kind.question"));
        params.put("kinds", FormState.options(kinds));
        if (viewer.isPresent()) {
            ctx.header("Cache-Control", "private, no-store");
        }
        String feed = AtomRoutes.groupFeed(groups(), group);
        web.render(ctx, status, "groups/group.jte", feed == null ? page : page.withFeed(head.title(), feed), params);
    }

    private void join(Context ctx) {
        Actor me = me(ctx);
        Actor group = formGroup(ctx);
        Messages m = web.messages(ctx);
        String message = Objects.requireNonNullElse(ctx.formParam("message"), "");
        try {
            groups().join(me, group, message);
        } catch (InvalidInput e) {
            showGroup(ctx, 422, group, FormState.of(Map.of("kind", "discussion")),
                    FormState.of(Map.of("message", message)).withErrors(onField(m.fromEnglish(e.errors()), "message")));
            return;
        } catch (Forbidden e) {
            showGroup(ctx, 403, group, FormState.of(Map.of("kind", "discussion")),
                    FormState.of(Map.of("message", message)).withErrors(Map.of("message",
                            m.fromEnglish(e.getMessage()))));
            return;
        }
        ctx.redirect(path(group), HttpStatus.SEE_OTHER);
    }

    /** Every error of a service shown next to one field of the form (the one the reader can change). */
    private static Map<String, String> onField(Map<String, String> errors, String field) {
        return Map.of(field, String.join(" ", errors.values()));
    }

    private void leave(Context ctx) {
        Actor me = me(ctx);
        Actor group = formGroup(ctx);
        if (polity.storage().stores().follows().findFollow(me.id(), group.id()).isPresent()) {
            groups().leave(me, group);
        }
        ctx.redirect(path(group), HttpStatus.SEE_OTHER);
    }

    private void startThread(Context ctx) {
        Actor me = me(ctx);
        Actor group = formGroup(ctx);
        Messages m = web.messages(ctx);
        Map<String, String> values = fields(ctx, "name", "kind", "content", "tags");
        values.putIfAbsent("kind", "discussion");
        FormState form = FormState.of(values);
        if (!groups().isMember(group, me)) {
            showGroup(ctx, 403, group, form.withErrors(Map.of("name", m.t("groups.error.notMember"))),
                    FormState.empty());
            return;
        }
        List<String> tags = Arrays.stream(values.getOrDefault("tags", "").split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
        Map<String, String> errors = new LinkedHashMap<>();
        if (tags.size() > GroupService.MAX_TAGS) {
            errors.put("tags", m.t("groups.error.tooManyTags", GroupService.MAX_TAGS));
        } else if (tags.stream().anyMatch(t -> GroupService.normaliseTag(t) == null)) {
            errors.put("tags", m.t("groups.error.badTag"));
        }
        if (!errors.isEmpty()) {
            showGroup(ctx, 422, group, form.withErrors(errors), FormState.empty());
            return;
        }
        String objectUri;
        try {
            var activity = groups().startThread(me, group, values.get("name"), values.get("content"),
                    GroupThread.Kind.parse(values.get("kind")), tags);
            objectUri = JSON.readTree(activity.payload()).path("object").path("id").asText(null);
        } catch (InvalidInput e) {
            showGroup(ctx, 422, group, form.withErrors(m.fromEnglish(e.errors())), FormState.empty());
            return;
        } catch (Forbidden e) {
            showGroup(ctx, 403, group, form.withErrors(Map.of("name", m.fromEnglish(e.getMessage()))),
                    FormState.empty());
            return;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String target = objectUri == null ? path(group) : polity.storage().stores().objects()
                .findObjectByUri(objectUri).map(o -> "/threads/" + o.id()).orElse(path(group));
        ctx.redirect(new ObjectPages(web).afterPublishing(target, objectUri), HttpStatus.SEE_OTHER);
    }

    // --- A thread ----------------------------------------------------------------------------------------------

    private void showThread(Context ctx, int status, FormState form) {
        showThread(ctx, status, form, objectById(ctx));
    }

    /** How deep replies nest on a thread page. */
    static final int MAX_DEPTH = 6;

    private void showThread(Context ctx, int status, FormState form, StoredObject object) {
        Messages m = web.messages(ctx);
        Optional<Actor> viewer = viewerActor(ctx);
        GroupThread thread = polity.storage().stores().groups().findThread(object.uri())
                .filter(t -> !object.deleted() && visible(object, viewer))
                .orElseThrow(() -> new NotFound(m.t("groups.error.noThread")));
        Actor group = polity.federation().actors().known(thread.groupUri())
                .orElseThrow(() -> new NotFound(m.t("groups.error.noThread")));
        if (!groups().canRead(group, viewer.orElse(null))) {
            throw new NotFound(m.t("groups.error.noThread"));
        }
        Cards cards = new Cards(polity);
        Map<String, PostNode> nodes = new LinkedHashMap<>();
        Map<String, StoredObject> posts = new LinkedHashMap<>();
        for (String uri : polity.storage().stores().groups().findThreadPosts(thread.objectUri(), POSTS_SHOWN)) {
            polity.storage().stores().objects().findObjectByUri(uri)
                    .filter(o -> o.deleted() || visible(o, viewer))
                    .ifPresent(o -> posts.put(uri, o));
        }
        cards.preload(posts.values());
        posts.forEach((uri, o) -> nodes.put(uri, new PostNode(o, cards.actor(o.attributedToId()).orElse(null),
                m.dateTime(o.publishedAt()), viewer.map(v -> v.id() == o.attributedToId() && o.local()).orElse(false),
                polity.storage().stores().reactions().count(o.uri(), Reaction.Kind.LIKE), source(o),
                cards.author(o.attributedToId()))));
        PostNode root = nodes.get(thread.objectUri());
        if (root == null) {
            throw new NotFound(m.t("groups.error.noThread"));
        }
        // Replies nest under their parent, at most MAX_DEPTH levels deep: a deeper reply is shown under its
        // deepest allowed ancestor (a long back-and-forth stays readable, and the page's work stays bounded).
        Map<PostNode, Integer> depth = new java.util.IdentityHashMap<>();
        Map<PostNode, PostNode> shownUnder = new java.util.IdentityHashMap<>();
        depth.put(root, 0);
        for (PostNode node : nodes.values()) {
            if (node == root) {
                continue;
            }
            PostNode parent = node.object.inReplyToUri() == null ? null : nodes.get(node.object.inReplyToUri());
            PostNode under = parent == null || parent == node || !depth.containsKey(parent) ? root : parent;
            while (depth.get(under) >= MAX_DEPTH) {
                under = shownUnder.get(under);
            }
            under.children.add(node);
            shownUnder.put(node, under);
            depth.put(node, depth.get(under) + 1);
        }
        prune(root);
        PostNode accepted = thread.acceptedAnswerUri() == null ? null : nodes.get(thread.acceptedAnswerUri());
        if (accepted != null && accepted.deleted()) {
            accepted = null;
        }
        boolean member = viewer.map(v -> groups().isMember(group, v)).orElse(false);
        boolean moderator = group.local() && viewer.map(v -> groups().canModerate(group, v)).orElse(false);
        boolean canReply = member && (!thread.locked() || moderator);
        boolean canAccept = thread.kind() == GroupThread.Kind.QUESTION && viewer.isPresent()
                && (viewer.get().id() == object.attributedToId() || moderator);
        List<String> tags = List.of();
        try {
            tags = GroupService.tagNames(JSON.readTree(object.payload()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            // no tags shown
        }
        ThreadView view = new ThreadView(row(group, viewer), thread, root, accepted, tags, viewer.isPresent(), member,
                canReply, canAccept, moderator);
        String title = object.name() == null || object.name().isBlank() ? m.t("groups.thread.untitled") : object.name();
        Page page = web.page(ctx, form.hasErrors() ? m.t("pages.error.title", title) : title);
        if (viewer.isPresent()) {
            ctx.header("Cache-Control", "private, no-store");
        }
        Map<String, Object> params = new HashMap<>();
        params.put("view", view);
        params.put("form", form);
        params.put("published", new ObjectPages(web).publishedLink(ctx));
        web.render(ctx, status, "groups/thread.jte", page, params);
    }

    /** Drops deleted posts that no live reply hangs from. */
    private static boolean prune(PostNode node) {
        node.children.removeIf(GroupRoutes::prune);
        return node.deleted() && node.children.isEmpty();
    }

    /** The Markdown a post was written in, for its author's edit form (else its text). */
    private static String source(StoredObject o) {
        if (o.deleted() || !o.local()) {
            return "";
        }
        try {
            JsonNode payload = JSON.readTree(o.payload());
            JsonNode source = payload.path("source");
            if (source.path("content").isTextual()) {
                return source.path("content").asText();
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // fall through
        }
        return Html.toPlainText(o.contentHtml() == null ? "" : o.contentHtml(), ObjectService.MAX_CONTENT);
    }

    /** The thread of this request's {@code /threads/{id}}, as stored. */
    private StoredObject threadObject(Context ctx) {
        StoredObject object = objectById(ctx);
        if (polity.storage().stores().groups().findThread(object.uri()).isEmpty()) {
            throw new NotFound(web.messages(ctx).t("groups.error.noThread"));
        }
        return object;
    }

    private void reply(Context ctx) {
        Actor me = me(ctx);
        Messages m = web.messages(ctx);
        StoredObject thread = threadObject(ctx);
        String parentUri = Objects.requireNonNullElse(ctx.formParam("parent"), thread.uri());
        String content = Objects.requireNonNullElse(ctx.formParam("content"), "");
        StoredObject parent = polity.storage().stores().objects().findObjectByUri(parentUri)
                .filter(p -> polity.storage().stores().groups().findPost(p.uri())
                        .map(gp -> gp.threadUri().equals(thread.uri())).orElse(false))
                .orElseThrow(() -> new NotFound(ObjectService.NOT_VISIBLE));
        String field = "reply-" + parent.id();
        org.polity.server.model.StoredActivity replied;
        try {
            replied = polity.federation().groups().reply(me, parent.uri(), content);
        } catch (InvalidInput e) {
            showThread(ctx, 422, FormState.of(Map.of(field, content)).withErrors(onField(m.fromEnglish(e.errors()),
                    field)));
            return;
        }
        // Back to the thread, as before (no #fragment: reloading that address reloads the page); the confirmation
        // links to the reply.
        ctx.redirect(new ObjectPages(web).afterPublishing("/threads/" + thread.id(), replied.objectUri()),
                HttpStatus.SEE_OTHER);
    }

    private void accept(Context ctx) {
        Actor me = me(ctx);
        StoredObject thread = threadObject(ctx);
        String answer = Optional.ofNullable(ctx.formParam("answer")).map(String::strip).filter(s -> !s.isEmpty())
                .orElse(null);
        groups().acceptAnswer(me, thread.uri(), answer);
        ctx.redirect("/threads/" + thread.id(), HttpStatus.SEE_OTHER);
    }

    private void moderateThread(Context ctx, boolean pin) {
        Actor me = me(ctx);
        StoredObject thread = threadObject(ctx);
        boolean on = "true".equals(ctx.formParam(pin ? "pinned" : "locked"));
        if (pin) {
            groups().setPinned(me, thread.uri(), on);
        } else {
            groups().setLocked(me, thread.uri(), on);
        }
        ctx.redirect("/threads/" + thread.id(), HttpStatus.SEE_OTHER);
    }

    /** Where to go back to after changing a post: its thread's page, or its group's when the thread is gone. */
    private String back(StoredObject post) {
        Optional<GroupPost> gp = polity.storage().stores().groups().findPost(post.uri());
        if (gp.isEmpty()) {
            return "/groups";
        }
        Optional<StoredObject> thread = polity.storage().stores().objects().findObjectByUri(gp.get().threadUri())
                .filter(t -> !t.deleted());
        if (thread.isPresent()) {
            return "/threads/" + thread.get().id() + (gp.get().isThread() ? "" : "#post-" + post.id());
        }
        return polity.federation().actors().known(gp.get().groupUri()).map(GroupRoutes::path).orElse("/groups");
    }

    private void edit(Context ctx) {
        Actor me = me(ctx);
        Messages m = web.messages(ctx);
        StoredObject post = objectById(ctx);
        String content = Objects.requireNonNullElse(ctx.formParam("content"), "");
        String name = ctx.formParam("name");
        String field = "edit-" + post.id();
        Map<String, String> errors = new LinkedHashMap<>();
        if (content.isBlank()) {
            errors.put(field, m.t("groups.error.emptyEdit"));
        } else if (content.strip().length() > ObjectService.MAX_CONTENT) {
            errors.put(field, m.t("post.error.long", ObjectService.MAX_CONTENT));
        } else if (name != null && name.isBlank()) {
            errors.put(field, m.t("groups.error.emptyTitle"));
        }
        if (errors.isEmpty()) {
            ObjectNode update = JSON.createObjectNode();
            ObjectNode object = update.putObject("object");
            object.put("id", post.uri());
            ObjectNode source = object.putObject("source");
            source.put("content", content.strip());
            source.put("mediaType", "text/markdown");
            if (name != null) {
                object.put("name", name.strip());
            }
            try {
                polity.federation().objects().update(me, update);
            } catch (InvalidInput e) {
                errors.putAll(onField(m.fromEnglish(e.errors()), field));
            }
        }
        if (!errors.isEmpty()) {
            String threadId = back(post).replaceAll("^/threads/(\\d+).*$", "$1");
            if (!threadId.matches("\\d+")) {
                throw InvalidInput.of("content", errors.get(field));
            }
            renderThreadById(ctx, threadId, 422, FormState.of(Map.of(field, content)).withErrors(errors));
            return;
        }
        ctx.redirect(back(post), HttpStatus.SEE_OTHER);
    }

    /** Re-renders the thread page of row {@code threadId} (after a form on it failed). */
    private void renderThreadById(Context ctx, String threadId, int status, FormState form) {
        StoredObject thread = polity.storage().stores().objects().findObjectById(Long.parseLong(threadId))
                .orElseThrow(() -> new NotFound(web.messages(ctx).t("groups.error.noThread")));
        showThread(ctx, status, form, thread);
    }

    private void delete(Context ctx) {
        Actor me = me(ctx);
        StoredObject post = objectById(ctx);
        String back = back(post);
        boolean isThread = polity.storage().stores().groups().findPost(post.uri()).map(GroupPost::isThread)
                .orElse(false);
        if (isThread) {
            back = polity.storage().stores().groups().findPost(post.uri())
                    .flatMap(gp -> polity.federation().actors().known(gp.groupUri())).map(GroupRoutes::path)
                    .orElse("/groups");
        }
        ObjectNode delete = JSON.createObjectNode();
        delete.put("object", post.uri());
        polity.federation().objects().delete(me, delete);
        ctx.redirect(back.replaceAll("#.*$", ""), HttpStatus.SEE_OTHER);
    }

    private void like(Context ctx) {
        Actor me = me(ctx);
        StoredObject post = objectById(ctx);
        ObjectNode like = JSON.createObjectNode();
        like.put("object", post.uri());
        try {
            polity.federation().objects().react(me, like, Reaction.Kind.LIKE);
        } catch (InvalidInput e) {
            // liked already: nothing changes
        }
        ctx.redirect(back(post), HttpStatus.SEE_OTHER);
    }

    private void removePost(Context ctx) {
        Actor me = me(ctx);
        StoredObject post = objectById(ctx);
        String back = back(post);
        boolean isThread = polity.storage().stores().groups().findPost(post.uri()).map(GroupPost::isThread)
                .orElse(false);
        String groupPage = polity.storage().stores().groups().findPost(post.uri())
                .flatMap(gp -> polity.federation().actors().known(gp.groupUri())).map(GroupRoutes::path)
                .orElse("/groups");
        groups().remove(me, post.uri(), ctx.formParam("reason"));
        ctx.redirect(isThread ? groupPage : back.replaceAll("#.*$", ""), HttpStatus.SEE_OTHER);
    }

    // --- Moderation of one of our groups -----------------------------------------------------------------------

    private Actor moderatedGroup(Context ctx, Actor me) {
        Actor group = localGroup(ctx);
        if (!groups().canModerate(group, me)) {
            throw new Forbidden(web.messages(ctx).t("groups.error.moderatorsOnly"));
        }
        return group;
    }

    private void members(Context ctx, int status, FormState inviteForm) {
        Actor me = me(ctx);
        Actor group = moderatedGroup(ctx, me);
        Messages m = web.messages(ctx);
        Cards cards = new Cards(polity);
        List<RequestRow> requests = new ArrayList<>();
        for (Follow f : groups().requests(me, group, LIST_LIMIT)) {
            cards.actor(f.followerId()).ifPresent(a -> requests.add(new RequestRow(f, a,
                    groups().requestMessage(f).orElse(""), m.dateTime(f.createdAt()))));
        }
        Map<Long, GroupInfo.Role> roles = new HashMap<>();
        List<MemberRow> members = new ArrayList<>();
        for (var r : groups().roles(group)) {
            roles.put(r.actor().id(), r.role());
            members.add(new MemberRow(r.actor(), r.role()));
        }
        for (Follow f : polity.storage().stores().follows().findFollowers(group.id(), Follow.State.ACCEPTED, 0,
                LIST_LIMIT)) {
            if (!roles.containsKey(f.followerId())) {
                cards.actor(f.followerId()).ifPresent(a -> members.add(new MemberRow(a, null)));
            }
        }
        boolean admin = groups().role(group, me).filter(r -> r == GroupInfo.Role.ADMIN).isPresent();
        GroupRow head = row(group, Optional.of(me));
        Page page = web.page(ctx, inviteForm.hasErrors() ? m.t("pages.error.title", m.t("groups.members.title",
                head.title())) : m.t("groups.members.title", head.title()));
        Map<String, Object> params = new HashMap<>();
        params.put("group", head);
        params.put("requests", requests);
        params.put("members", members);
        params.put("banned", groups().bans(me, group, LIST_LIMIT));
        params.put("admin", admin);
        params.put("me", me);
        params.put("form", inviteForm);
        ctx.header("Cache-Control", "private, no-store");
        web.render(ctx, status, "groups/members.jte", page, params);
    }

    private String membersPath(Actor group) {
        return "/groups/" + group.username() + "/members";
    }

    private void decide(Context ctx) {
        Actor me = me(ctx);
        Actor group = moderatedGroup(ctx, me);
        long followId;
        try {
            followId = Long.parseLong(Objects.requireNonNullElse(ctx.formParam("follow"), "").strip());
        } catch (NumberFormatException e) {
            throw new NotFound(web.messages(ctx).t("groups.error.noRequest"));
        }
        groups().decide(me, group, followId, "approve".equals(ctx.formParam("decision")));
        ctx.redirect(membersPath(group), HttpStatus.SEE_OTHER);
    }

    private Actor formMember(Context ctx) {
        return actorById(ctx, ctx.formParam("member"))
                .orElseThrow(() -> new NotFound(web.messages(ctx).t("groups.error.noMember")));
    }

    private void removeMember(Context ctx) {
        Actor me = me(ctx);
        Actor group = moderatedGroup(ctx, me);
        groups().removeMember(me, group, formMember(ctx));
        ctx.redirect(membersPath(group), HttpStatus.SEE_OTHER);
    }

    private void unban(Context ctx) {
        Actor me = me(ctx);
        Actor group = moderatedGroup(ctx, me);
        groups().unban(me, group, formMember(ctx));
        ctx.redirect(membersPath(group), HttpStatus.SEE_OTHER);
    }

    private void setRole(Context ctx) {
        Actor me = me(ctx);
        Actor group = moderatedGroup(ctx, me);
        String role = Objects.requireNonNullElse(ctx.formParam("role"), "");
        GroupInfo.Role r = switch (role) {
            case "admin" -> GroupInfo.Role.ADMIN;
            case "moderator" -> GroupInfo.Role.MODERATOR;
            case "member" -> null;
            default -> throw InvalidInput.of("role", web.messages(ctx).t("groups.error.role"));
        };
        groups().setRole(me, group, formMember(ctx), r);
        ctx.redirect(membersPath(group), HttpStatus.SEE_OTHER);
    }

    private void invite(Context ctx) {
        Actor me = me(ctx);
        Actor group = moderatedGroup(ctx, me);
        Messages m = web.messages(ctx);
        String handle = Objects.requireNonNullElse(ctx.formParam("handle"), "").strip();
        FormState form = FormState.of(Map.of("handle", handle));
        if (handle.isEmpty()) {
            members(ctx, 422, form.withErrors(Map.of("handle", m.t("groups.error.handle"))));
            return;
        }
        try {
            groups().invite(me, group, handle);
        } catch (InvalidInput e) {
            members(ctx, 422, form.withErrors(onField(m.fromEnglish(e.errors()), "handle")));
            return;
        } catch (NotFound | FetchException | IllegalArgumentException e) {
            members(ctx, 422, form.withErrors(Map.of("handle", m.t("groups.error.inviteFetch", handle))));
            return;
        }
        ctx.redirect(membersPath(group) + "?invited=1", HttpStatus.SEE_OTHER);
    }

    private Actor administeredGroup(Context ctx, Actor me) {
        Actor group = localGroup(ctx);
        if (groups().role(group, me).filter(r -> r == GroupInfo.Role.ADMIN).isEmpty()) {
            throw new Forbidden(web.messages(ctx).t("groups.error.adminsOnly"));
        }
        return group;
    }

    private void settingsPage(Context ctx) {
        Actor me = me(ctx);
        Actor group = administeredGroup(ctx, me);
        GroupInfo info = groups().info(group).orElseThrow();
        Map<String, String> values = new HashMap<>();
        values.put("title", displayName(group));
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
        String title = m.t("groups.settings.title", displayName(group));
        Page page = web.page(ctx, form.hasErrors() ? m.t("pages.error.title", title) : title);
        ctx.header("Cache-Control", "private, no-store");
        web.render(ctx, status, "groups/settings.jte", page, Map.of("group", row(group, Optional.empty()),
                "form", form, "memberships", membershipOptions(m)));
    }

    private void saveSettings(Context ctx) {
        Actor me = me(ctx);
        Actor group = administeredGroup(ctx, me);
        Messages m = web.messages(ctx);
        Map<String, String> values = fields(ctx, "title", "about", "rules", "membership", "membersOnly");
        try {
            groups().updateSettings(me, group, values.get("title"), values.get("about"), values.get("rules"),
                    GroupInfo.Membership.parse(values.get("membership")), "on".equals(values.get("membersOnly")));
        } catch (InvalidInput e) {
            renderSettings(ctx, 422, group, FormState.of(values).withErrors(m.fromEnglish(e.errors())));
            return;
        }
        ctx.redirect(path(group), HttpStatus.SEE_OTHER);
    }

    // --- Tags --------------------------------------------------------------------------------------------------

    private void tag(Context ctx) {
        Messages m = web.messages(ctx);
        String tag = GroupService.normaliseTag(ctx.pathParam("tag"));
        if (tag == null) {
            throw new NotFound(m.t("groups.error.noTag"));
        }
        Page page = web.page(ctx, m.t("groups.tag.title", tag));
        Optional<Actor> viewer = Optional.ofNullable(page.viewerActor());
        Cards cards = new Cards(polity);
        List<TaggedRow> rows = new ArrayList<>();
        for (String uri : polity.storage().stores().groups().findTagged(tag, TAGGED_SHOWN)) {
            polity.storage().stores().objects().findObjectByUri(uri).filter(o -> !o.deleted())
                    .filter(o -> visible(o, viewer))
                    .ifPresent(o -> rows.add(new TaggedRow(cards.post(o, m), threadPath(o))));
        }
        if (viewer.isPresent()) {
            ctx.header("Cache-Control", "private, no-store");
        }
        web.render(ctx, 200, "groups/tag.jte", page, Map.of("tag", tag, "rows", rows));
    }

    /** The thread page a group post is read on, or null when it is not in a thread. */
    private String threadPath(StoredObject o) {
        return polity.storage().stores().groups().findPost(o.uri())
                .flatMap(gp -> gp.isThread() ? Optional.of(o)
                        : polity.storage().stores().objects().findObjectByUri(gp.threadUri()))
                .map(t -> "/threads/" + t.id() + (t.id() == o.id() ? "" : "#post-" + o.id())).orElse(null);
    }
}

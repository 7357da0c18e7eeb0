package org.polity.server.groups;

import java.util.ArrayList;
import java.util.List;
import org.polity.server.model.Actor;
import org.polity.server.model.Follow;
import org.polity.server.model.GroupInfo;
import org.polity.server.model.GroupThread;
import org.polity.server.model.StoredObject;
import org.polity.server.resources.ResourceView;
import org.polity.server.translations.Translated;
import org.polity.server.translations.Translation;
import org.polity.server.web.Cards;
import org.polity.server.web.FormState;

/** What the groups' pages show (the templates under {@code groups/} read these), and the links to groups. */
public final class GroupViews {
    private GroupViews() {}

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

    /**
     * A thread as listed on its group's page, its title in the reader's language where it has one
     * ({@code shown}, from {@code translated}: {@code Translated.pick}); {@code resource} is what a resource posted
     * in the group shares (its files, its link), null for a discussion or a question.
     */
    public record ThreadRow(GroupThread thread, StoredObject object, Actor author, String lastActivity,
            ResourceView resource, Translated translated, Translation shown) {
        public String path() {
            return "/threads/" + object.id();
        }

        /** The title shown, or null when the thread has none. */
        public String title() {
            return shown.hasName() ? shown.name() : object.name();
        }

        /** The language of the title shown (BCP 47), or null when the thread does not say. */
        public String lang() {
            return shown.lang();
        }

        /** The thread's other languages, for "Also in". */
        public List<String> otherLanguages() {
            return GroupViews.otherLanguages(translated, shown);
        }

        public String authorName() {
            return displayName(author);
        }

        /** The file a resource thread shares (its first), or null. */
        public String resourceFile() {
            return resource == null || resource.attachments().isEmpty() ? null : resource.attachments().get(0).name();
        }

        /** The host of the page a link resource shares, or null. */
        public String resourceLink() {
            return resource == null || resource.link() == null ? null : resource.linkHost();
        }
    }

    /** One group page: the group, what the viewer may do there, and the threads they may read. */
    public record GroupView(GroupRow row, String rulesHtml, List<RoleRow> moderators, boolean canRead, boolean member,
            boolean pending, boolean invited, boolean moderator, boolean admin, List<ThreadRow> threads,
            long threadCount, int offset) {
        /** The offset of the next page of threads, or null on the last page. */
        public Integer nextOffset() {
            return offset + GroupRoutes.THREADS_SHOWN < threadCount ? offset + GroupRoutes.THREADS_SHOWN : null;
        }

        /** The offset of the previous page of threads, or null on the first page. */
        public Integer previousOffset() {
            return offset > 0 ? Math.max(0, offset - GroupRoutes.THREADS_SHOWN) : null;
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
        /** Every language of the post, and the one the reader is shown ({@code Translated.pick}). */
        public final Translated translated;
        public final Translation shown;

        PostNode(StoredObject object, Actor author, String published, boolean own, long likes, String source,
                Cards.Author byline, Translated translated, Translation shown) {
            this.translated = translated;
            this.shown = shown;
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

        /** The title in the language shown (threads), or null. */
        public String title() {
            return shown.hasName() ? shown.name() : object.name();
        }

        /** The text in the language shown, sanitised HTML. */
        public String contentHtml() {
            return shown.contentHtml();
        }

        /** The language of the text shown (BCP 47), or null when the post does not say. */
        public String lang() {
            return shown.lang();
        }

        /** The post's other languages, for "Also in". */
        public List<String> otherLanguages() {
            return GroupViews.otherLanguages(translated, shown);
        }
    }

    /** The languages of {@code translated} other than the one shown, the default first. */
    static List<String> otherLanguages(Translated translated, Translation shown) {
        return translated.languages().stream().filter(l -> !l.equals(shown.lang())).toList();
    }

    /**
     * The thread page: the thread's post tree and what the viewer may do; the languages a reply may be written in
     * and the one its form starts with (the writer's).
     */
    public record ThreadView(GroupRow group, GroupThread thread, PostNode root, PostNode accepted, List<String> tags,
            boolean loggedIn, boolean member, boolean canReply, boolean canAccept, boolean moderator,
            List<FormState.Option> languages, String replyLang) {
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

    public static String displayName(Actor a) {
        if (a == null) {
            return "";
        }
        return a.displayName() == null || a.displayName().isBlank() ? a.username() : a.displayName();
    }

    /** The page of a group: ours at {@code /groups/name}, a remote one at {@code /remote-groups/id}. */
    public static String path(Actor group) {
        return group.local() ? "/groups/" + group.username() : "/remote-groups/" + group.id();
    }
}

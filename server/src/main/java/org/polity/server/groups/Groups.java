package org.polity.server.groups;

import org.polity.server.Polity;
import org.polity.server.activitypub.FollowService;
import org.polity.server.activitypub.Publisher;
import org.polity.server.activitypub.RemoteActors;

/**
 * Groups (FEP-1b12), wired once per server: a group is an actor of type {@code Group}; its members are its
 * accepted followers; its admins and moderators are kept beside it. The web UI, the CLI, the C2S outbox and
 * the inbox handlers all come here, for our groups and remote ones alike, one class per kind of operation:
 * <ul>
 *   <li>{@link GroupQueries}: the read side, and who may do what (members, roles, readers);</li>
 *   <li>{@link GroupSetup}: creating groups, their settings, their ActivityStreams document;</li>
 *   <li>{@link Membership}: joining, leaving, requests, removals and bans, invitations, roles;</li>
 *   <li>{@link Posting}: threads and replies; {@link Hashtags}: their tags;</li>
 *   <li>{@link Placements}: where a post belongs and what a group's host accepts;</li>
 *   <li>{@link GroupDistribution}: our group re-sends what it accepted to its members' servers;</li>
 *   <li>{@link Moderation}: pinning, locking, removing posts, accepted answers;</li>
 *   <li>{@link GroupIntake}: what remote groups put in their threads, stored as if received live;</li>
 *   <li>{@link GroupAddressing}: how a group's threads (discussions, questions, resources) are addressed.</li>
 * </ul>
 * Members-only groups address their posts to the group and its followers collection (never Public), so
 * {@link org.polity.server.activitypub.ObjectService#visibleTo} lets members, and only members, read them, on
 * every instance.
 */
public final class Groups {
    private final GroupQueries queries;
    private final GroupSetup setup;
    private final Membership membership;
    private final Hashtags hashtags;
    private final Posting posting;
    private final Placements placements;
    private final GroupDistribution distribution;
    private final Moderation moderation;
    private final GroupIntake intake;
    private final GroupAddressing addressing;
    private final GroupBans bans;

    public Groups(Polity polity, RemoteActors actors, Publisher publisher, FollowService follows) {
        this.queries = new GroupQueries(polity, actors);
        GroupNotices notices = new GroupNotices(polity);
        GroupAddressing addressing = new GroupAddressing(queries);
        this.addressing = addressing;
        this.setup = new GroupSetup(polity, queries, publisher);
        this.distribution = new GroupDistribution(polity, actors, publisher, queries);
        this.bans = new GroupBans(polity, actors, publisher, queries, distribution);
        this.membership = new Membership(polity, queries, notices, actors, publisher, follows, bans);
        this.hashtags = new Hashtags(polity);
        this.posting = new Posting(polity, actors, addressing, hashtags);
        this.placements = new Placements(polity, actors, queries);
        this.moderation = new Moderation(polity, actors, publisher, queries, notices, addressing, distribution);
        this.intake = new GroupIntake(polity, placements);
    }

    public GroupQueries queries() {
        return queries;
    }

    public GroupSetup setup() {
        return setup;
    }

    public Membership membership() {
        return membership;
    }

    public Hashtags hashtags() {
        return hashtags;
    }

    public Posting posting() {
        return posting;
    }

    public Placements placements() {
        return placements;
    }

    public GroupDistribution distribution() {
        return distribution;
    }

    public Moderation moderation() {
        return moderation;
    }

    public GroupAddressing addressing() {
        return addressing;
    }

    /** Bans as Lemmy's Block with a target, sent and received. */
    public GroupBans bans() {
        return bans;
    }

    public GroupIntake intake() {
        return intake;
    }
}

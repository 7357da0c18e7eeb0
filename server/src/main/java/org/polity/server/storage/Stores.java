package org.polity.server.storage;

/** The stores, all bound to the same connection (and transaction, when there is one). */
public interface Stores {
    ActorStore actors();

    AccountStore accounts();

    TokenStore tokens();

    SessionStore sessions();

    SettingsStore settings();

    FollowStore follows();

    /** Rate-limit counts shared by the nodes of one instance. */
    RateCountStore rateCounts();

    InboxStore inbox();

    ObjectStore objects();

    ActivityStore activities();

    DeliveryStore deliveries();

    HostStore hosts();

    ReactionStore reactions();

    NotificationStore notifications();

    GroupStore groups();

    BackfillStore backfills();

    /** Case studies' facets, versions, workflow and links (V11). */
    org.polity.server.casestudies.CaseStudyStore caseStudies();

    /** Challenges' fields, versions, responses, issuers and followers (V14). */
    org.polity.server.challenges.ChallengeStore challenges();

    /** The hub's members and relayed activities, and this instance's subscription to its hub (V15). */
    org.polity.server.hub.HubStore hub();

    /** Counts per country and month for the figures page, and the per-country feeds (V11, V14). */
    org.polity.server.figures.FigureStore figures();

    MediaItemStore media();

    /** The append-only audit log of moderators' and administrators' actions (V17). */
    org.polity.server.audit.AuditStore audit();

    /** Members' blocks and mutes, and remote actors' blocks of our members (V21). */
    org.polity.server.blocks.BlockStore blocks();
    /** Domain rules (block, silence, allow) and the subscribed lists they may come from (V18). */
    org.polity.server.domains.DomainPolicyStore domainPolicies();
    /** Reports, the moderation queue, and actors' suspension or silencing (V19). */
    org.polity.server.moderation.ModerationStore moderation();
    /** Invitation links and who invited whom (V20). */
    org.polity.server.accounts.InvitationStore invitations();

    /** Full-text search over public objects, people and groups (one implementation per database engine). */
    org.polity.server.search.SearchIndex search();
}

package org.polity.server.storage.jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.polity.server.hub.HubStore;

final class JdbiHubStore implements HubStore {
    private static final String MEMBER = "SELECT actor_id, domain, state, follow_activity_uri, requested_at,"
            + " decided_at FROM hub_members";
    private static final String RELAYED = "SELECT id, activity_uri, origin_domain, activity_type,"
            + " relayed_activity_id, received_at FROM hub_relayed";
    private final JdbiStorage.Handles handles;

    JdbiHubStore(JdbiStorage.Handles handles) {
        this.handles = handles;
    }

    @Override
    public void putMember(Member m) {
        handles.with(h -> h.inTransaction(t -> {
            Optional<Member> old = t.createQuery(MEMBER + " WHERE actor_id = :a OR domain = :d")
                    .bind("a", m.actorId()).bind("d", m.domain()).map((rs, ctx) -> member(rs)).findFirst();
            String state = old.filter(o -> o.state().equals(Member.SUSPENDED)).map(Member::state).orElse(m.state());
            t.createUpdate("DELETE FROM hub_members WHERE actor_id = :a OR domain = :d")
                    .bind("a", m.actorId()).bind("d", m.domain()).execute();
            return t.createUpdate("INSERT INTO hub_members (actor_id, domain, state, follow_activity_uri,"
                            + " requested_at) VALUES (:a, :d, :s, :f, :at)")
                    .bind("a", m.actorId()).bind("d", m.domain()).bind("s", state).bind("f", m.followActivityUri())
                    .bind("at", m.requestedAt()).execute();
        }));
    }

    @Override
    public void setMemberState(long actorId, String state, Long decidedBy, Instant at) {
        handles.with(h -> h.createUpdate("UPDATE hub_members SET state = :s, decided_at = :at, decided_by = :by"
                        + " WHERE actor_id = :a")
                .bind("s", state).bind("at", at).bind("by", decidedBy).bind("a", actorId).execute());
    }

    @Override
    public Optional<Member> findMember(long actorId) {
        return handles.with(h -> h.createQuery(MEMBER + " WHERE actor_id = :a").bind("a", actorId)
                .map((rs, ctx) -> member(rs)).findOne());
    }

    @Override
    public Optional<Member> findMemberByDomain(String domain) {
        return handles.with(h -> h.createQuery(MEMBER + " WHERE domain = :d").bind("d", domain)
                .map((rs, ctx) -> member(rs)).findOne());
    }

    @Override
    public List<Member> findMembers(String state) {
        return handles.with(h -> h.createQuery(MEMBER + " WHERE state = :s ORDER BY requested_at, actor_id")
                .bind("s", state).map((rs, ctx) -> member(rs)).list());
    }

    @Override
    public boolean insertRelayed(Relayed r) {
        return handles.with(h -> h.createUpdate("INSERT INTO hub_relayed (activity_uri, origin_domain, activity_type,"
                        + " relayed_activity_id, received_at) VALUES (:u, :d, :t, :a, :at) ON CONFLICT DO NOTHING")
                .bind("u", r.activityUri()).bind("d", r.originDomain()).bind("t", r.activityType())
                .bind("a", r.relayedActivityId()).bind("at", r.receivedAt()).execute()) > 0;
    }

    @Override
    public List<Relayed> findRelayed(long afterId, int limit) {
        return handles.with(h -> h.createQuery(RELAYED + " WHERE id > :after ORDER BY id LIMIT :limit")
                .bind("after", afterId).bind("limit", limit)
                .map((rs, ctx) -> new Relayed(rs.getLong("id"), rs.getString("activity_uri"),
                        rs.getString("origin_domain"), rs.getString("activity_type"),
                        rs.getLong("relayed_activity_id"), Rows.instant(rs, "received_at")))
                .list());
    }

    @Override
    public long countRelayed() {
        return handles.with(h -> h.createQuery("SELECT COUNT(*) FROM hub_relayed").mapTo(Long.class).one());
    }

    @Override
    public Optional<Subscription> findSubscription() {
        return handles.with(h -> h.createQuery("SELECT hub_actor_uri, hub_inbox_uri, follow_activity_uri, state,"
                        + " kinds, updated_at FROM hub_subscription")
                .map((rs, ctx) -> new Subscription(rs.getString("hub_actor_uri"), rs.getString("hub_inbox_uri"),
                        rs.getString("follow_activity_uri"), rs.getString("state"),
                        Arrays.stream(rs.getString("kinds").split(",")).filter(k -> !k.isBlank()).toList(),
                        Rows.instant(rs, "updated_at")))
                .findFirst());
    }

    @Override
    public void putSubscription(Subscription s) {
        handles.with(h -> h.inTransaction(t -> {
            t.createUpdate("DELETE FROM hub_subscription").execute();
            return t.createUpdate("INSERT INTO hub_subscription (hub_actor_uri, hub_inbox_uri, follow_activity_uri,"
                            + " state, kinds, updated_at) VALUES (:a, :i, :f, :s, :k, :at)")
                    .bind("a", s.hubActorUri()).bind("i", s.hubInboxUri()).bind("f", s.followActivityUri())
                    .bind("s", s.state()).bind("k", "," + String.join(",", s.kinds()) + ",")
                    .bind("at", s.updatedAt()).execute();
        }));
    }

    private static Member member(ResultSet rs) throws SQLException {
        return new Member(rs.getLong("actor_id"), rs.getString("domain"), rs.getString("state"),
                rs.getString("follow_activity_uri"), Rows.instant(rs, "requested_at"), Rows.instant(rs, "decided_at"));
    }
}

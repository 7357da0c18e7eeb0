package org.polity.server.storage.jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;
import org.polity.server.model.Actor;
import org.polity.server.model.ActorType;
import org.polity.server.storage.ActorStore;

final class JdbiActorStore implements ActorStore {
    private static final String COLUMNS = "id, uri, actor_type, username, domain, local, display_name, summary_html,"
            + " inbox_uri, shared_inbox_uri, outbox_uri, followers_uri, following_uri, profile_url, public_key_id,"
            + " public_key_pem, manually_approves_followers, created_at, updated_at";

    private final JdbiStorage.Handles handles;
    private final JdbiSearchIndex search;

    JdbiActorStore(JdbiStorage.Handles handles, JdbiSearchIndex search) {
        this.handles = handles;
        this.search = search;
    }

    /** Keeps the actor's search document current ({@link JdbiSearchIndex#reindexActor}) after a change. */
    private void reindex(long actorId) {
        handles.with(h -> {
            search.reindexActor(h, actorId);
            return null;
        });
    }

    @Override
    public Actor insert(Actor a) {
        long id = handles.with(h -> h.createUpdate("INSERT INTO actors (uri, actor_type, username, domain, local,"
                        + " display_name, summary_html, inbox_uri, shared_inbox_uri, outbox_uri, followers_uri,"
                        + " following_uri, profile_url, public_key_id, public_key_pem, manually_approves_followers,"
                        + " created_at, updated_at, local_username) VALUES (:uri, :type, :username, :domain, :local,"
                        + " :displayName,"
                        + " :summaryHtml, :inboxUri, :sharedInboxUri, :outboxUri, :followersUri, :followingUri,"
                        + " :profileUrl, :publicKeyId, :publicKeyPem, :manuallyApprovesFollowers, :createdAt,"
                        + " :updatedAt, :localUsername)")
                .bindMethods(a)
                .bind("type", a.type().name())
                .bind("localUsername", a.local() ? a.username().toLowerCase(java.util.Locale.ROOT) : null)
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one());
        reindex(id);
        return findActorById(id).orElseThrow();
    }

    @Override
    public Optional<Actor> findActorById(long id) {
        return handles.with(h -> h.createQuery("SELECT " + COLUMNS + " FROM actors WHERE id = :id")
                .bind("id", id).map(JdbiActorStore::map).findOne());
    }

    @Override
    public Optional<Actor> findActorByUri(String uri) {
        return handles.with(h -> h.createQuery("SELECT " + COLUMNS + " FROM actors WHERE uri = :uri")
                .bind("uri", uri).map(JdbiActorStore::map).findOne());
    }

    @Override
    public Optional<Actor> findLocalActorByUsername(String username) {
        return handles.with(h -> h.createQuery(
                        "SELECT " + COLUMNS + " FROM actors WHERE local_username = LOWER(:u)")
                .bind("u", username).map(JdbiActorStore::map).findOne());
    }

    @Override
    public void updateProfile(long id, String displayName, String summaryHtml) {
        handles.with(h -> h.createUpdate("UPDATE actors SET display_name = :d, summary_html = :s,"
                        + " updated_at = CURRENT_TIMESTAMP WHERE id = :id")
                .bind("d", displayName).bind("s", summaryHtml).bind("id", id).execute());
        reindex(id);
    }

    @Override
    public void setReportedFollowers(long actorId, long total, java.time.Instant at) {
        handles.with(h -> {
            int updated = h.createUpdate("UPDATE actor_reported_counts SET followers_total = :t, fetched_at = :at"
                    + " WHERE actor_id = :id").bind("t", total).bind("at", at).bind("id", actorId).execute();
            if (updated == 0 && h.createUpdate("INSERT INTO actor_reported_counts (actor_id, followers_total,"
                            + " fetched_at) VALUES (:id, :t, :at) ON CONFLICT DO NOTHING")
                    .bind("t", total).bind("at", at).bind("id", actorId).execute() == 0) {
                h.createUpdate("UPDATE actor_reported_counts SET followers_total = :t, fetched_at = :at"
                        + " WHERE actor_id = :id").bind("t", total).bind("at", at).bind("id", actorId).execute();
            }
            return null;
        });
    }

    @Override
    public Optional<ReportedCount> findReportedFollowers(long actorId) {
        return handles.with(h -> h.createQuery("SELECT followers_total, fetched_at FROM actor_reported_counts"
                        + " WHERE actor_id = :id").bind("id", actorId)
                .map((rs, ctx) -> new ReportedCount(rs.getLong("followers_total"),
                        rs.getObject("fetched_at", java.time.OffsetDateTime.class).toInstant()))
                .findOne());
    }

    @Override
    public boolean markDeleted(long actorId, java.time.Instant at) {
        boolean changed = handles.with(h -> h.createUpdate("UPDATE actors SET deleted_at = :at, display_name = '',"
                        + " summary_html = '', updated_at = :at WHERE id = :id AND deleted_at IS NULL")
                .bind("at", at).bind("id", actorId).execute()) == 1;
        if (changed) {
            handles.with(h -> {
                search.reindexActor(h, actorId);
                return null;
            });
        }
        return changed;
    }

    @Override
    public java.util.Optional<java.time.Instant> findDeletedAt(long actorId) {
        return handles.with(h -> h.createQuery("SELECT deleted_at FROM actors WHERE id = :id AND deleted_at IS NOT NULL")
                .bind("id", actorId).map((rs, ctx) -> Rows.instant(rs, "deleted_at")).findOne());
    }

    @Override
    public boolean updateManuallyApprovesFollowers(long id, boolean manuallyApprovesFollowers) {
        return handles.with(h -> h.createUpdate("UPDATE actors SET manually_approves_followers = :m,"
                        + " updated_at = CURRENT_TIMESTAMP WHERE id = :id AND local = TRUE")
                .bind("m", manuallyApprovesFollowers).bind("id", id).execute()) == 1;
    }

    @Override
    public void insertPrivateKey(long actorId, String encryptedPrivateKey) {
        handles.with(h -> h.createUpdate("INSERT INTO actor_keys (actor_id, private_key_encrypted) VALUES (:a, :k)")
                .bind("a", actorId).bind("k", encryptedPrivateKey).execute());
    }

    @Override
    public Optional<String> findPrivateKeyByActorId(long actorId) {
        return handles.with(h -> h.createQuery("SELECT private_key_encrypted FROM actor_keys WHERE actor_id = :a")
                .bind("a", actorId).mapTo(String.class).findOne());
    }

    @Override
    public ProofKey insertProofKeyIfAbsent(ProofKey key) {
        return handles.with(h -> {
            // INSERT ... WHERE NOT EXISTS rather than catching a duplicate key: on PostgreSQL an error would abort an
            // enclosing transaction. A race between two first uses can still make one insert fail; it is retried once
            // as a read, which then finds the winner's key.
            try {
                h.createUpdate("INSERT INTO actor_proof_keys (actor_id, key_id, public_key_multibase,"
                                + " private_seed_encrypted, created_at) SELECT :a, :k, :p, :s, :t"
                                + " WHERE NOT EXISTS (SELECT 1 FROM actor_proof_keys WHERE actor_id = :a)")
                        .bind("a", key.actorId()).bind("k", key.keyId()).bind("p", key.publicKeyMultibase())
                        .bind("s", key.encryptedSeed()).bind("t", key.createdAt()).execute();
            } catch (org.jdbi.v3.core.statement.UnableToExecuteStatementException e) {
                if (findProofKey(key.actorId()).isEmpty()) {
                    throw e;
                }
            }
            return findProofKey(key.actorId()).orElseThrow();
        });
    }

    @Override
    public Optional<ProofKey> findProofKey(long actorId) {
        return handles.with(h -> h.createQuery("SELECT actor_id, key_id, public_key_multibase, private_seed_encrypted,"
                        + " created_at FROM actor_proof_keys WHERE actor_id = :a")
                .bind("a", actorId)
                .map((rs, c) -> new ProofKey(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, java.time.OffsetDateTime.class).toInstant()))
                .findOne());
    }

    @Override
    public long countLocal(String actorType) {
        return handles.with(h -> h.createQuery("SELECT COUNT(*) FROM actors WHERE local = TRUE AND actor_type = :t")
                .bind("t", actorType).mapTo(Long.class).one());
    }

    @Override
    public Actor upsertRemote(Actor a) {
        if (a.local()) {
            throw new IllegalArgumentException("upsertRemote is for remote actors");
        }
        Optional<Actor> existing = findActorByUri(a.uri());
        if (existing.isEmpty()) {
            try {
                return insert(a);
            } catch (RuntimeException raced) {
                existing = findActorByUri(a.uri());
                if (existing.isEmpty()) {
                    throw raced;
                }
            }
        }
        if (existing.get().local()) {
            throw new IllegalArgumentException("refusing to overwrite local actor " + a.uri());
        }
        handles.with(h -> h.createUpdate("UPDATE actors SET actor_type = :type, username = :username, domain = :domain,"
                        + " display_name = :displayName, summary_html = :summaryHtml, inbox_uri = :inboxUri,"
                        + " shared_inbox_uri = :sharedInboxUri, outbox_uri = :outboxUri, followers_uri = :followersUri,"
                        + " following_uri = :followingUri, profile_url = :profileUrl, public_key_id = :publicKeyId,"
                        + " public_key_pem = :publicKeyPem, manually_approves_followers = :manuallyApprovesFollowers,"
                        + " updated_at = :updatedAt WHERE uri = :uri AND local = FALSE")
                .bindMethods(a).bind("type", a.type().name()).execute());
        Actor stored = findActorByUri(a.uri()).orElseThrow();
        reindex(stored.id());
        return stored;
    }

    @Override
    public java.util.Map<Long, Actor> findActorsByIds(java.util.Collection<Long> ids) {
        java.util.Map<Long, Actor> out = new java.util.HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        handles.with(h -> h.createQuery("SELECT " + COLUMNS + " FROM actors WHERE id IN (<ids>)")
                .bindList("ids", java.util.List.copyOf(new java.util.LinkedHashSet<>(ids))).map(JdbiActorStore::map).list())
                .forEach(a -> out.put(a.id(), a));
        return out;
    }

    @Override
    public void upsertProfile(org.polity.server.model.ActorProfile p, java.time.Instant at) {
        // Update, else insert; two threads storing the same new actor at once (inbox worker, backfill, a search)
        // meet at the primary key: the loser's insert does nothing and its update then applies.
        handles.with(h -> {
            java.util.function.Supplier<Integer> update = () -> h.createUpdate("UPDATE actor_profiles SET"
                            + " organisation = :o, country = :c, icon_url = :i, updated_at = :at WHERE actor_id = :a")
                    .bind("o", p.organisation()).bind("c", p.country()).bind("i", p.iconUrl()).bind("at", at)
                    .bind("a", p.actorId()).execute();
            if (update.get() == 0) {
                int inserted = h.createUpdate("INSERT INTO actor_profiles (actor_id, organisation, country, icon_url,"
                                + " updated_at) VALUES (:a, :o, :c, :i, :at) ON CONFLICT DO NOTHING")
                        .bind("o", p.organisation()).bind("c", p.country()).bind("i", p.iconUrl()).bind("at", at)
                        .bind("a", p.actorId()).execute();
                if (inserted == 0) {
                    update.get();
                }
            }
            search.reindexActor(h, p.actorId());
            return null;
        });
    }

    @Override
    public java.util.Map<Long, org.polity.server.model.ActorProfile> findProfiles(java.util.Collection<Long> ids) {
        java.util.Map<Long, org.polity.server.model.ActorProfile> out = new java.util.HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        handles.with(h -> h.createQuery("SELECT a.id, COALESCE(acc.organisation, p.organisation) AS organisation,"
                        + " COALESCE(acc.country, p.country) AS country, p.icon_url FROM actors a"
                        + " LEFT JOIN accounts acc ON acc.actor_id = a.id"
                        + " LEFT JOIN actor_profiles p ON p.actor_id = a.id"
                        + " WHERE a.id IN (<ids>) AND (acc.id IS NOT NULL OR p.actor_id IS NOT NULL)")
                .bindList("ids", java.util.List.copyOf(new java.util.LinkedHashSet<>(ids)))
                .map((rs, ctx) -> new org.polity.server.model.ActorProfile(rs.getLong("id"),
                        blankToNull(rs.getString("organisation")), blankToNull(rs.getString("country")),
                        blankToNull(rs.getString("icon_url"))))
                .list()).forEach(p -> out.put(p.actorId(), p));
        return out;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static Actor map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Actor(
                rs.getLong("id"),
                rs.getString("uri"),
                ActorType.fromWire(rs.getString("actor_type")),
                rs.getString("username"),
                rs.getString("domain"),
                rs.getBoolean("local"),
                rs.getString("display_name"),
                rs.getString("summary_html"),
                rs.getString("inbox_uri"),
                rs.getString("shared_inbox_uri"),
                rs.getString("outbox_uri"),
                rs.getString("followers_uri"),
                rs.getString("following_uri"),
                rs.getString("profile_url"),
                rs.getString("public_key_id"),
                rs.getString("public_key_pem"),
                rs.getBoolean("manually_approves_followers"),
                Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"));
    }
}

package org.polity.server.storage.jdbi;

import java.util.Optional;
import org.polity.server.model.MediaItem;
import org.polity.server.storage.MediaItemStore;

final class JdbiMediaItemStore implements MediaItemStore {
    private static final String COLUMNS = "id, storage_key, sha256, content_type, size_bytes, file_name, owner_id,"
            + " thumbnail_key, object_uri, created_at";
    private final JdbiStorage.Handles handles;

    JdbiMediaItemStore(JdbiStorage.Handles handles) {
        this.handles = handles;
    }

    @Override
    public MediaItem insert(MediaItem m) {
        long id = handles.with(h -> h.createUpdate("INSERT INTO media (storage_key, sha256, content_type, size_bytes,"
                        + " file_name, owner_id, thumbnail_key, object_uri, created_at) VALUES (:key, :sha, :type,"
                        + " :size, :name, :owner, :thumb, :object, :created)")
                .bind("key", m.storageKey()).bind("sha", m.sha256()).bind("type", m.contentType())
                .bind("size", m.sizeBytes()).bind("name", m.fileName()).bind("owner", m.ownerId())
                .bind("thumb", m.thumbnailKey()).bind("object", m.objectUri()).bind("created", m.createdAt())
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        return new MediaItem(id, m.storageKey(), m.sha256(), m.contentType(), m.sizeBytes(), m.fileName(),
                m.ownerId(), m.thumbnailKey(), m.objectUri(), m.createdAt());
    }

    @Override
    public Optional<MediaItem> findMediaByKey(String key) {
        return handles.with(h -> h.createQuery("SELECT " + COLUMNS + " FROM media WHERE storage_key = :k"
                        + " OR thumbnail_key = :k")
                .bind("k", key)
                .map((rs, ctx) -> new MediaItem(rs.getLong("id"), rs.getString("storage_key"), rs.getString("sha256"),
                        rs.getString("content_type"), rs.getLong("size_bytes"), rs.getString("file_name"),
                        rs.getLong("owner_id"), rs.getString("thumbnail_key"), rs.getString("object_uri"),
                        Rows.instant(rs, "created_at")))
                .findFirst());
    }

    @Override
    public void linkObject(long id, String objectUri) {
        handles.with(h -> h.createUpdate("UPDATE media SET object_uri = :o WHERE id = :id").bind("o", objectUri)
                .bind("id", id).execute());
    }

    @Override
    public void delete(long id) {
        handles.with(h -> h.createUpdate("DELETE FROM media WHERE id = :id").bind("id", id).execute());
    }

    @Override
    public long count() {
        return handles.with(h -> h.createQuery("SELECT COUNT(*) FROM media").mapTo(Long.class).one());
    }
}

package org.polity.server.storage.jdbi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.polity.server.storage.RateCountStore;

/**
 * Shared counts. Each delta is one conditional UPDATE, and an INSERT when the window's row does not exist yet
 * (ON CONFLICT DO NOTHING, then the UPDATE again when another node inserted it first), in one transaction per
 * call: the same SQL on PostgreSQL and H2, and never a lost hit when two nodes add to one row at once.
 */
final class JdbiRateCountStore implements RateCountStore {
    private final JdbiStorage.Handles handles;

    JdbiRateCountStore(JdbiStorage.Handles handles) {
        this.handles = handles;
    }

    @Override
    public List<Long> add(List<Delta> deltas) {
        if (deltas.isEmpty()) {
            return List.of();
        }
        return handles.with(h -> h.inTransaction(t -> {
            List<Long> totals = new ArrayList<>(deltas.size());
            for (Delta d : deltas) {
                int updated = t.createUpdate("UPDATE rate_counts SET hits = hits + :n WHERE scope = :s"
                                + " AND count_key = :k AND window_start = :w")
                        .bind("n", d.hits()).bind("s", d.scope()).bind("k", d.key()).bind("w", d.windowStart())
                        .execute();
                if (updated == 0) {
                    int inserted = t.createUpdate("INSERT INTO rate_counts (scope, count_key, window_start,"
                                    + " window_end, hits) VALUES (:s, :k, :w, :e, :n) ON CONFLICT DO NOTHING")
                            .bind("n", d.hits()).bind("s", d.scope()).bind("k", d.key()).bind("w", d.windowStart())
                            .bind("e", d.windowEnd()).execute();
                    if (inserted == 0) {
                        t.createUpdate("UPDATE rate_counts SET hits = hits + :n WHERE scope = :s"
                                        + " AND count_key = :k AND window_start = :w")
                                .bind("n", d.hits()).bind("s", d.scope()).bind("k", d.key())
                                .bind("w", d.windowStart()).execute();
                    }
                }
                totals.add(t.createQuery("SELECT hits FROM rate_counts WHERE scope = :s AND count_key = :k"
                                + " AND window_start = :w")
                        .bind("s", d.scope()).bind("k", d.key()).bind("w", d.windowStart()).mapTo(Long.class).one());
            }
            return totals;
        }));
    }

    @Override
    public java.util.Map<String, Long> totals(String scope, Instant windowStart, java.util.Collection<String> keys) {
        java.util.Map<String, Long> out = new java.util.HashMap<>();
        List<String> all = List.copyOf(keys);
        for (int i = 0; i < all.size(); i += 500) {
            List<String> chunk = all.subList(i, Math.min(all.size(), i + 500));
            handles.with(h -> h.createQuery("SELECT count_key, hits FROM rate_counts WHERE scope = :s"
                            + " AND window_start = :w AND count_key IN (<keys>)")
                    .bind("s", scope).bind("w", windowStart).bindList("keys", chunk)
                    .map((rs, ctx) -> java.util.Map.entry(rs.getString("count_key"), rs.getLong("hits"))).list())
                    .forEach(e -> out.put(e.getKey(), e.getValue()));
        }
        return out;
    }

    @Override
    public int pruneEnded(Instant now) {
        return handles.with(h -> h.createUpdate("DELETE FROM rate_counts WHERE window_end < :now")
                .bind("now", now).execute());
    }
}

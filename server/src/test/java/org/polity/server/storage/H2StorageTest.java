package org.polity.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.polity.server.model.Actor;
import org.polity.server.model.ObjectKind;
import org.polity.server.model.Visibility;
import org.polity.server.storage.jdbi.JdbiStorage;

/** The storage contract on the embedded H2 database, opened exactly as the server opens it. */
class H2StorageTest extends QueuePruneStoreContract {
    @Override
    JdbiStorage openEmpty(Path tempDir) {
        return JdbiStorage.open(JdbiStorage.h2Url(tempDir.resolve("db")), "", "");
    }

    /**
     * A directory's first page walks the index of its kind backwards and stops after a page, instead of sorting
     * every object of the kind (H2 needs the index's leading column in the ORDER BY to see that it can).
     */
    @Test
    void aDirectoryPageReadsTheIndexInOrderInsteadOfSortingTheKind() throws Exception {
        Actor alice = stores.actors().insert(person("alice"));
        for (int i = 0; i < 30; i++) {
            object(alice, "c" + i, ObjectKind.CHALLENGE, Visibility.PUBLIC, "C" + i, "<p>c</p>", T0.plusSeconds(i));
        }
        List<String> statements = new ArrayList<>();
        storage.setSqlLogger(new org.jdbi.v3.core.statement.SqlLogger() {
            @Override
            public void logBeforeExecution(org.jdbi.v3.core.statement.StatementContext context) {
                statements.add(context.getParsedSql().getSql());
            }
        });
        assertThat(stores.objects().findPublicObjectsByKind(ObjectKind.CHALLENGE, null, 21)).hasSize(21);
        storage.setSqlLogger(null);
        String sql = statements.stream().filter(q -> q.contains("ORDER BY")).findFirst().orElseThrow();
        try (var connection = storage.dataSource().getConnection();
                var explain = connection.prepareStatement("EXPLAIN " + sql)) {
            explain.setString(1, ObjectKind.CHALLENGE.name());
            explain.setInt(2, 21);
            try (var plan = explain.executeQuery()) {
                assertThat(plan.next()).isTrue();
                assertThat(plan.getString(1)).contains("objects_kind_published").contains("index sorted");
            }
        }
    }

    /**
     * The inbox workers' poll reads the queue index (state, next_attempt_at, id) in order and stops after a batch,
     * for the received activities and the deferred requests alike, instead of sorting every due row each time.
     */
    @Test
    void theInboxQueuePollsReadTheQueueIndexInOrder() throws Exception {
        List<String> statements = new ArrayList<>();
        storage.setSqlLogger(new org.jdbi.v3.core.statement.SqlLogger() {
            @Override
            public void logBeforeExecution(org.jdbi.v3.core.statement.StatementContext context) {
                statements.add(context.getRawSql());
            }
        });
        stores.inbox().findDue(T0, 8);
        stores.inbox().findDeferredDue(T0, 8);
        storage.setSqlLogger(null);
        assertThat(statements).hasSize(2);
        List<String> indexes = List.of("inbox_items_queue", "inbox_deferred_queue");
        for (int i = 0; i < 2; i++) {
            String sql = statements.get(i).replace(":now", "TIMESTAMP WITH TIME ZONE '2026-03-01 10:15:30+00'")
                    .replace(":l", "8");
            try (var connection = storage.dataSource().getConnection();
                    var explain = connection.createStatement();
                    var plan = explain.executeQuery("EXPLAIN " + sql)) {
                assertThat(plan.next()).isTrue();
                String text = plan.getString(1);
                assertThat(text).as(text).contains(indexes.get(i)).contains("index sorted");
            }
        }
    }
}

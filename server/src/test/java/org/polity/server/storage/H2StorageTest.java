package org.polity.server.storage;

import java.nio.file.Path;
import org.polity.server.storage.jdbi.JdbiStorage;

/** The storage contract on the embedded H2 database, opened exactly as the server opens it. */
class H2StorageTest extends QueuePruneStoreContract {
    @Override
    JdbiStorage openEmpty(Path tempDir) {
        return JdbiStorage.open(JdbiStorage.h2Url(tempDir.resolve("db")), "", "");
    }
}

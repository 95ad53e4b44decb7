package io.yantar.node.store;

import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.jdbc.testkit.javadsl.SchemaUtils;

/**
 * Creates the journal, snapshot and durable-state tables from the JDBC plugin's own DDL for
 * the configured database (H2 or PostgreSQL), if they are not there yet. Must complete before
 * the first persistent actor starts, or its recovery fails on a missing table. Idempotent.
 */
public final class JournalSchema {
    private JournalSchema() {
    }

    public static CompletionStage<Done> createIfNotExists(ActorSystem<?> system) {
        // The class lives in a "testkit" package but is the plugin's supported way to apply its DDL.
        return SchemaUtils.createIfNotExists(system);
    }
}

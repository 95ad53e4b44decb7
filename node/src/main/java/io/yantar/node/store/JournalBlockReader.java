package io.yantar.node.store;

import io.yantar.proto.BlockCommitted;
import io.yantar.proto.CertifiedBlock;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.javadsl.Sink;

/** Reads a stored block by height straight from the JDBC journal (sequence number = height). */
public final class JournalBlockReader implements BlockStore.BlockReader {
    private final ActorSystem<?> system;
    private final JdbcReadJournal journal;

    public JournalBlockReader(ActorSystem<?> system) {
        this.system = system;
        this.journal = PersistenceQuery.get(system).getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
    }

    @Override
    public CompletionStage<Optional<CertifiedBlock>> read(String persistenceId, long height) {
        return journal.currentEventsByPersistenceId(persistenceId, height, height)
                .map(envelope -> ((BlockCommitted) envelope.event()).getBlock())
                .runWith(Sink.headOption(), system);
    }

    @Override
    public CompletionStage<java.util.List<CertifiedBlock>> readRange(String persistenceId, long from, long to) {
        return journal.currentEventsByPersistenceId(persistenceId, from, to)
                .map(envelope -> ((BlockCommitted) envelope.event()).getBlock())
                .runWith(Sink.seq(), system);
    }
}

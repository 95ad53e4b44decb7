package io.yantar.node.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.yantar.proto.Commit;
import io.yantar.proto.ConsensusMessage;
import io.yantar.proto.Prepare;
import io.yantar.proto.ReplicaJournalSnapshot;
import io.yantar.proto.ReplicaRecord;
import io.yantar.proto.SignedMessage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The votes a node signed, read back from an H2 journal laid out as Pekko's JDBC journal lays it out. */
class OwnVotesTest {
    @TempDir
    Path dir;

    @Test
    void readsTheOwnVotesOfTheReplicaFromEventsAndSnapshotsOnly() throws Exception {
        Path journal = journal("a", List.of(prepare(3, 10, "a"), commit(3, 10, "a"), peerPrepare(3, 11, "z")),
                List.of(prepare(2, 9, "b")), List.of(prepare(3, 12, "elsewhere")));

        OwnVotes votes = OwnVotes.read(journal);

        assertEquals(Map.of(new OwnVotes.Key("prepare", 3, 10), digest("a"), new OwnVotes.Key("commit", 3, 10), digest("a"),
                new OwnVotes.Key("prepare", 2, 9), digest("b")), votes.digests());
    }

    @Test
    void aVoteForAnotherDigestAfterTheRestartIsAConflictTheSameOneIsNot() throws Exception {
        OwnVotes before = OwnVotes.read(journal("before", List.of(prepare(3, 10, "a"), commit(3, 10, "a"), prepare(3, 11, "c")),
                List.of(), List.of()));
        OwnVotes same = OwnVotes.read(journal("same", List.of(prepare(3, 10, "a"), prepare(4, 11, "d")), List.of(), List.of()));
        OwnVotes other = OwnVotes.read(journal("other", List.of(prepare(3, 11, "x"), commit(3, 10, "a")), List.of(), List.of()));

        OwnVotes.Comparison consistent = before.against(same);
        assertTrue(consistent.consistent(), consistent.toString());
        assertEquals(1, consistent.shared(), "prepare(view 3, height 10) is in both; view 4 is another slot");

        OwnVotes.Comparison conflicting = before.against(other);
        assertFalse(conflicting.consistent());
        assertEquals(2, conflicting.shared());
        assertEquals(1, conflicting.conflicts().size(), conflicting.toString());
        assertTrue(conflicting.conflicts().get(0).startsWith("prepare(view 3, height 11)"), conflicting.toString());
    }

    @Test
    void oneJournalWithTwoDigestsForOneSlotIsRefused() throws Exception {
        Path journal = journal("twice", List.of(prepare(3, 10, "a"), prepare(3, 10, "b")), List.of(), List.of());
        assertThrows(IllegalStateException.class, () -> OwnVotes.read(journal));
    }

    /** An H2 file with the JDBC journal's two tables: replica events, one replica snapshot, and other actors' events. */
    private Path journal(String name, List<ReplicaRecord> events, List<ReplicaRecord> snapshot, List<ReplicaRecord> otherActors)
            throws Exception {
        Path folder = dir.resolve(name);
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + folder.resolve("journal"), "sa", "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE \"event_journal\" (\"persistence_id\" VARCHAR, \"sequence_number\" BIGINT, "
                    + "\"deleted\" BOOLEAN DEFAULT false NOT NULL, \"event_payload\" BLOB)");
            statement.execute("CREATE TABLE \"snapshot\" (\"persistence_id\" VARCHAR, \"sequence_number\" BIGINT, \"snapshot_payload\" BLOB)");
            long sequence = 0;
            for (ReplicaRecord record : events) {
                insertEvent(connection, "replica|node-1", ++sequence, record);
            }
            for (ReplicaRecord record : otherActors) {
                insertEvent(connection, "blocks|node-1", ++sequence, record);
            }
            if (!snapshot.isEmpty()) {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO \"snapshot\" VALUES (?, ?, ?)")) {
                    insert.setString(1, "replica|node-1");
                    insert.setLong(2, sequence);
                    insert.setBytes(3, ReplicaJournalSnapshot.newBuilder().addAllRecords(snapshot).build().toByteArray());
                    insert.execute();
                }
            }
        }
        return folder.resolve("journal.mv.db");
    }

    private static void insertEvent(Connection connection, String persistenceId, long sequence, ReplicaRecord record) throws Exception {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO \"event_journal\" (\"persistence_id\", \"sequence_number\", \"event_payload\") VALUES (?, ?, ?)")) {
            insert.setString(1, persistenceId);
            insert.setLong(2, sequence);
            insert.setBytes(3, record.toByteArray());
            insert.execute();
        }
    }

    private static ReplicaRecord prepare(long view, long height, String digest) {
        return own(ConsensusMessage.newBuilder().setPrepare(Prepare.newBuilder().setView(view).setHeight(height).setDigest(digest(digest))).build());
    }

    private static ReplicaRecord commit(long view, long height, String digest) {
        return own(ConsensusMessage.newBuilder().setCommit(Commit.newBuilder().setView(view).setHeight(height).setDigest(digest(digest))).build());
    }

    private static ReplicaRecord peerPrepare(long view, long height, String digest) {
        ConsensusMessage message = ConsensusMessage.newBuilder()
                .setPrepare(Prepare.newBuilder().setView(view).setHeight(height).setDigest(digest(digest)).setReplica(2)).build();
        return ReplicaRecord.newBuilder().setPeerMessage(SignedMessage.newBuilder().setMessage(message.toByteString()).setSigner(2)).build();
    }

    private static ReplicaRecord own(ConsensusMessage message) {
        return ReplicaRecord.newBuilder().setOwnMessage(SignedMessage.newBuilder().setMessage(message.toByteString())).build();
    }

    private static ByteString digest(String text) {
        return ByteString.copyFromUtf8(text);
    }
}

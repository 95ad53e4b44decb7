package io.yantar.node.chaos;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.yantar.proto.ConsensusMessage;
import io.yantar.proto.ReplicaJournalSnapshot;
import io.yantar.proto.ReplicaRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The PRE-PREPAREs, PREPAREs and COMMITs a node signed, read from its replica journal (persist
 * before send: every vote that left the node is in it, until a stable checkpoint compacts it
 * away): the digest per (kind, view, height). Comparing what a node's journal held before a
 * torn write with what it holds after its restart checks directly that it never signed another
 * digest for a (kind, view, height) it had voted on. The journal file is copied and the copy
 * read, so the node's own file is never opened by a second process.
 */
record OwnVotes(Map<Key, ByteString> digests) {

    /** One vote slot: a replica signs at most one digest per (kind, view, height). */
    record Key(String kind, long view, long height) implements Comparable<Key> {
        @Override
        public int compareTo(Key other) {
            int byHeight = Long.compare(height, other.height);
            int byView = byHeight != 0 ? byHeight : Long.compare(view, other.view);
            return byView != 0 ? byView : kind.compareTo(other.kind);
        }

        @Override
        public String toString() {
            return kind + "(view " + view + ", height " + height + ")";
        }
    }

    /** What two readings of one node's journal say about its votes. */
    record Comparison(int before, int after, int shared, List<String> conflicts) {
        boolean consistent() {
            return conflicts.isEmpty();
        }

        @Override
        public String toString() {
            return "own votes in its journal: " + before + " before the cut, " + after + " after the restart, " + shared
                    + " (kind, view, height) in both, " + (conflicts.isEmpty() ? "none signed for another digest" : "CONFLICTS " + conflicts);
        }
    }

    private static final String REPLICA_IDS = "replica|%";

    /** The votes in the journal file {@code journalMvDb} ({@code .../journal.mv.db}) of a node that is not running. */
    static OwnVotes read(Path journalMvDb) throws IOException {
        Path copy = Files.createTempDirectory("yantar-votes");
        try {
            Files.copy(journalMvDb, copy.resolve("journal.mv.db"), StandardCopyOption.REPLACE_EXISTING);
            String url = "jdbc:h2:file:" + copy.resolve("journal").toString().replace('\\', '/') + ";ACCESS_MODE_DATA=r";
            Map<Key, ByteString> digests = new TreeMap<>();
            List<String> conflicts = new ArrayList<>();
            // The node opens its journal as H2 user "sa" with no password (NodeConfigLoader).
            try (Connection connection = DriverManager.getConnection(url, "sa", ""); Statement statement = connection.createStatement()) {
                try (ResultSet rows = statement.executeQuery("SELECT \"snapshot_payload\" FROM \"snapshot\" WHERE \"persistence_id\" LIKE '"
                        + REPLICA_IDS + "'")) {
                    while (rows.next()) {
                        for (ReplicaRecord record : ReplicaJournalSnapshot.parseFrom(rows.getBytes(1)).getRecordsList()) {
                            add(record, digests, conflicts);
                        }
                    }
                }
                try (ResultSet rows = statement.executeQuery("SELECT \"event_payload\" FROM \"event_journal\" WHERE \"persistence_id\" LIKE '"
                        + REPLICA_IDS + "' AND NOT \"deleted\"")) {
                    while (rows.next()) {
                        add(ReplicaRecord.parseFrom(rows.getBytes(1)), digests, conflicts);
                    }
                }
            } catch (SQLException e) {
                throw new IOException("cannot read the replica journal " + journalMvDb + ": " + e.getMessage(), e);
            }
            if (!conflicts.isEmpty()) {
                throw new IllegalStateException("one journal holds two digests for " + conflicts + ": " + journalMvDb);
            }
            return new OwnVotes(Map.copyOf(digests));
        } finally {
            try (var files = Files.list(copy)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(copy);
        }
    }

    private static void add(ReplicaRecord record, Map<Key, ByteString> digests, List<String> conflicts) throws InvalidProtocolBufferException {
        if (!record.hasOwnMessage()) {
            return;
        }
        ConsensusMessage message = ConsensusMessage.parseFrom(record.getOwnMessage().getMessage());
        Key key;
        ByteString digest;
        switch (message.getBodyCase()) {
            case PRE_PREPARE -> {
                key = new Key("pre-prepare", message.getPrePrepare().getView(), message.getPrePrepare().getHeight());
                digest = message.getPrePrepare().getDigest();
            }
            case PREPARE -> {
                key = new Key("prepare", message.getPrepare().getView(), message.getPrepare().getHeight());
                digest = message.getPrepare().getDigest();
            }
            case COMMIT -> {
                key = new Key("commit", message.getCommit().getView(), message.getCommit().getHeight());
                digest = message.getCommit().getDigest();
            }
            default -> {
                return;
            }
        }
        ByteString earlier = digests.putIfAbsent(key, digest);
        if (earlier != null && !earlier.equals(digest)) {
            conflicts.add(key.toString());
        }
    }

    /** Every (kind, view, height) both readings hold must carry the same digest. */
    Comparison against(OwnVotes after) {
        int shared = 0;
        List<String> conflicts = new ArrayList<>();
        for (Map.Entry<Key, ByteString> vote : new TreeMap<>(digests).entrySet()) {
            ByteString later = after.digests.get(vote.getKey());
            if (later == null) {
                continue;
            }
            shared++;
            if (!later.equals(vote.getValue())) {
                conflicts.add(vote.getKey() + ": " + hex(vote.getValue()) + " then " + hex(later));
            }
        }
        return new Comparison(digests.size(), after.digests.size(), shared, List.copyOf(conflicts));
    }

    private static String hex(ByteString digest) {
        return HexFormat.of().formatHex(digest.toByteArray(), 0, Math.min(8, digest.size()));
    }
}

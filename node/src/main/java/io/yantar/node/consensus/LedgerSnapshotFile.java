package io.yantar.node.consensus;

import io.yantar.crypto.Canonical;
import io.yantar.proto.LedgerSnapshot;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The latest ledger snapshot of a node, a file in its data directory, so that a restart
 * re-executes only the blocks after it. A cache, not a source of truth: the stored blocks are;
 * a snapshot is used only when its block hash equals the stored block's at its height and
 * its state root is reproduced. Written to a temporary file, synced, then renamed, so a crash
 * leaves either the old snapshot or the new one.
 */
final class LedgerSnapshotFile {
    private final Path file;

    LedgerSnapshotFile(Path dataDir) {
        this.file = dataDir.resolve("ledger-snapshot.pb");
    }

    void write(LedgerSnapshot snapshot) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.createDirectories(file.getParent());
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(java.nio.ByteBuffer.wrap(Canonical.bytes(snapshot)));
            channel.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The snapshot, or empty when there is none or it does not parse (then the blocks are replayed from genesis). */
    Optional<LedgerSnapshot> read() {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(LedgerSnapshot.parseFrom(Files.readAllBytes(file)));
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }

    Path path() {
        return file;
    }
}

package io.yantar.ledger.verify;

import io.yantar.ledger.block.BlockHashes;
import io.yantar.proto.BlockHeader;
import io.yantar.proto.CheckpointCertificate;
import java.util.List;
import java.util.Optional;

/**
 * Links a header to a checkpoint certificate: directly when the certificate is for the
 * header's height, else through the hash-linked headers up to the certified height.
 */
final class CheckpointLink {
    private final BlockHashes hashes;
    private final int linkedHeadersMax;

    CheckpointLink(BlockHashes hashes, int linkedHeadersMax) {
        this.hashes = hashes;
        this.linkedHeadersMax = linkedHeadersMax;
    }

    /** Empty when {@code header} is certified by {@code certificate} through {@code between}, else why not. */
    Optional<String> check(BlockHeader header, List<BlockHeader> between, CheckpointCertificate certificate) {
        if (Long.compareUnsigned(certificate.getHeight(), header.getHeight()) < 0) {
            return Optional.of("the checkpoint certificate is for height " + certificate.getHeight()
                    + ", below the block's height " + header.getHeight());
        }
        long gap = certificate.getHeight() - header.getHeight();
        if (gap > linkedHeadersMax || between.size() != gap) {
            return Optional.of("reaching checkpoint height " + certificate.getHeight() + " from height "
                    + header.getHeight() + " needs " + Long.toUnsignedString(gap) + " linked headers (at most "
                    + linkedHeadersMax + "), the bundle has " + between.size());
        }
        BlockHeader previous = header;
        for (BlockHeader next : between) {
            if (next.getHeight() != previous.getHeight() + 1 || !next.getChainId().equals(previous.getChainId())
                    || !next.getPrevBlockHash().equals(hashes.blockHash(previous))) {
                return Optional.of("the header at height " + next.getHeight() + " does not link to height "
                        + previous.getHeight());
            }
            previous = next;
        }
        if (!hashes.blockHash(previous).equals(certificate.getBlockHash())) {
            return Optional.of("the checkpoint certificate certifies a different block hash at height "
                    + certificate.getHeight());
        }
        return Optional.empty();
    }
}

package io.yantar.consensus.core;

import io.yantar.consensus.core.message.Signed;
import java.util.List;

/** 2f+1 signed COMMITs for (view, height, digest): a transferable proof that the block is final. */
public record CommitCertificate(long epoch, long view, long height, Bytes digest, List<Signed> commits) {
    public CommitCertificate {
        commits = List.copyOf(commits);
    }
}

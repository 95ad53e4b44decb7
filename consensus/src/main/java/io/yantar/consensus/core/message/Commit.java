package io.yantar.consensus.core.message;

import io.yantar.consensus.core.Bytes;

/** Any replica -> all, once prepared. 2f+1 matching ones are the commit certificate. */
public record Commit(long epoch, long view, long height, Bytes digest, int replica) implements Vote {
}

package io.yantar.consensus.core;

import io.yantar.consensus.core.message.Proposal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.Set;

/** A scripted test's application: payloads are text, "bad..." fails the stateless check, the key is the text. */
final class TestApplication implements Application {
    final Set<RequestKey> executed = new HashSet<>();
    /** Calls of {@link #check}: the costly one in the node (a signature verification). */
    int checks;

    static Bytes payload(String text) {
        return Bytes.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public RequestCheck check(Bytes payload) {
        checks++;
        String text = new String(payload.toArray(), StandardCharsets.UTF_8);
        return text.startsWith("bad") ? new RequestCheck.Rejected("unsigned") : new RequestCheck.Accepted(new RequestKey(payload));
    }

    @Override
    public Bytes digest(Proposal proposal) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((proposal.height() + "/" + proposal.view() + "/" + proposal.proposer() + "/" + proposal.timestampMillis() + "/"
                    + proposal.nullBlock()).getBytes(StandardCharsets.UTF_8));
            for (Bytes payload : proposal.payloads()) {
                sha.update((byte) payload.length());
                sha.update(payload.toArray());
            }
            return Bytes.wrap(sha.digest());
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    @Override
    public boolean alreadyExecuted(RequestKey key) {
        return executed.contains(key);
    }

    @Override
    public boolean replaysExecutedRequest(Bytes payload) {
        return executed.contains(new RequestKey(payload));
    }
}

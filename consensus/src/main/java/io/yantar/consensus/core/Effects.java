package io.yantar.consensus.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Accumulates the effects of one {@link Replica#step}; lists are created only when something is added. */
final class Effects {
    private List<DurableRecord> persist;
    private List<Outbound> send;
    private List<CommittedBlock> committed;
    private List<CheckpointCertificate> stable;
    private List<StateFetch> fetches;
    private List<RejectReason> rejected;

    void persist(DurableRecord record) {
        (persist == null ? persist = new ArrayList<>() : persist).add(record);
    }

    void send(Outbound outbound) {
        (send == null ? send = new ArrayList<>() : send).add(outbound);
    }

    void committed(CommittedBlock block) {
        (committed == null ? committed = new ArrayList<>() : committed).add(block);
    }

    void stable(CheckpointCertificate certificate) {
        (stable == null ? stable = new ArrayList<>() : stable).add(certificate);
    }

    void fetch(StateFetch fetch) {
        (fetches == null ? fetches = new ArrayList<>() : fetches).add(fetch);
    }

    void reject(RejectReason reason) {
        (rejected == null ? rejected = new ArrayList<>() : rejected).add(reason);
    }

    Outputs toOutputs(long nextDeadline) {
        return new Outputs(orEmpty(persist), orEmpty(send), orEmpty(committed), orEmpty(stable), orEmpty(fetches),
                orEmpty(rejected), nextDeadline);
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : Collections.unmodifiableList(list);
    }
}

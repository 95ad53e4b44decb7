package io.yantar.consensus.replica;

import io.yantar.consensus.core.DurableRecord;
import io.yantar.proto.ReplicaRecord;

/** Maps the core's durable records to the journal's protobuf events and back. */
public interface RecordCodec {
    ReplicaRecord encode(DurableRecord record);

    /** @throws IllegalArgumentException when a journal record cannot be read: the replica must not start on it */
    DurableRecord decode(ReplicaRecord record);
}

package io.yantar.node.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.yantar.consensus.core.Config;
import io.yantar.proto.ConsensusParams;
import org.junit.jupiter.api.Test;

/** The replicas' window must not reach beyond the one the ledger schedules validator changes with. */
class CoreConfigTest {
    @Test
    void theGenesisWindowIsTheReplicasWindow() {
        Config config = ConsensusReplicaPlugin.coreConfig("c", ConsensusParams.newBuilder().setCheckpointInterval(4)
                .setWatermarkWindow(16).build());
        assertEquals(4, config.checkpointInterval());
        assertEquals(16, config.watermarkWindow());
    }

    @Test
    void aGenesisWindowBelowTwoCheckpointIntervalsIsRefused() {
        assertThrows(IllegalStateException.class, () -> ConsensusReplicaPlugin.coreConfig("c",
                ConsensusParams.newBuilder().setCheckpointInterval(8).setWatermarkWindow(4).build()),
                "the replicas would widen their window to 16 while the ledger schedules epochs 4 heights ahead");
        assertThrows(IllegalStateException.class, () -> ConsensusReplicaPlugin.coreConfig("c", ConsensusParams.getDefaultInstance()),
                "no parameters: replicas use 64, the ledger 0");
    }
}

package io.yantar.node.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.yantar.consensus.core.Config;
import io.yantar.node.config.NodeConfig.ConsensusSettings;
import io.yantar.proto.ConsensusParams;
import org.junit.jupiter.api.Test;

/** The replicas' window must not reach beyond the one the ledger schedules validator changes with. */
class CoreConfigTest {
    @Test
    void theGenesisWindowIsTheReplicasWindow() {
        Config config = ConsensusReplicaPlugin.coreConfig("c", ConsensusParams.newBuilder().setCheckpointInterval(4)
                .setWatermarkWindow(16).build(), ConsensusSettings.DEFAULTS);
        assertEquals(4, config.checkpointInterval());
        assertEquals(16, config.watermarkWindow());
    }

    @Test
    void theNodeFileSetsHowThisNodeCutsBlocksAsPrimaryAndWaitsForProgress() {
        Config config = ConsensusReplicaPlugin.coreConfig("c", ConsensusParams.newBuilder().setCheckpointInterval(1)
                .setWatermarkWindow(16).setMaxBatchTxs(700).build(), new ConsensusSettings(java.time.Duration.ofMillis(20), 3, java.time.Duration.ofSeconds(4), 0,
                java.time.Duration.ofMillis(800)));
        assertEquals(700, config.maxBatchTxs());
        assertEquals(800, config.stallThresholdMillis());
        assertEquals(20, config.batchDelayMillis());
        assertEquals(3, config.maxProposalsInFlight());
        assertEquals(4_000, config.requestTimeoutMillis());
    }

    @Test
    void aGenesisWindowBelowTwoCheckpointIntervalsIsRefused() {
        assertThrows(IllegalStateException.class, () -> ConsensusReplicaPlugin.coreConfig("c",
                ConsensusParams.newBuilder().setCheckpointInterval(8).setWatermarkWindow(4).build(), ConsensusSettings.DEFAULTS),
                "the replicas would widen their window to 16 while the ledger schedules epochs 4 heights ahead");
        assertThrows(IllegalStateException.class, () -> ConsensusReplicaPlugin.coreConfig("c", ConsensusParams.getDefaultInstance(), ConsensusSettings.DEFAULTS),
                "no parameters: replicas use 64, the ledger 0");
    }
}

package io.yantar.node.faults;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.yantar.node.config.InvalidConfigException;
import java.time.Duration;
import java.util.Optional;

/** Reads the optional {@code yantar.test.transport-faults} section of a node file. */
public final class TestFaultsReader {
    public static final String TRANSPORT_FAULTS = "yantar.test.transport-faults";

    private TestFaultsReader() {
    }

    public static Optional<TransportFaultSettings> transportFaults(Config file) {
        if (!file.hasPath(TRANSPORT_FAULTS)) {
            return Optional.empty();
        }
        try {
            Config section = file.getConfig(TRANSPORT_FAULTS);
            return Optional.of(new TransportFaultSettings(
                    section.getLong("seed"),
                    section.hasPath("drop") ? section.getDouble("drop") : 0,
                    section.hasPath("duplicate") ? section.getDouble("duplicate") : 0,
                    section.hasPath("delay-probability") ? section.getDouble("delay-probability") : 0,
                    section.hasPath("delay-max") ? section.getDuration("delay-max") : Duration.ZERO));
        } catch (ConfigException | IllegalArgumentException e) {
            throw new InvalidConfigException(TRANSPORT_FAULTS, e.getMessage());
        }
    }
}

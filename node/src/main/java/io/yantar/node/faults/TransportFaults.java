package io.yantar.node.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Decides, per message, what the transport's fault layer does to it (seeded, one instance per outbox). */
public final class TransportFaults {
    /** What happened to one message; the outbox counts these. */
    public enum Fault { DROPPED, DUPLICATED, DELAYED }

    /** The copies of one message to deliver, each after its delay (zero: now), and the faults applied. */
    public record Decision(List<Duration> copyDelays, List<Fault> faults) {
    }

    private final TransportFaultSettings settings;
    private final Random random;

    public TransportFaults(TransportFaultSettings settings, int self) {
        this.settings = settings;
        this.random = new Random(settings.seed() * 1_000_003L + self);
    }

    public Decision decide() {
        List<Fault> faults = new ArrayList<>(3);
        if (random.nextDouble() < settings.dropProbability()) {
            faults.add(Fault.DROPPED);
            return new Decision(List.of(), faults);
        }
        int copies = 1;
        if (random.nextDouble() < settings.duplicateProbability()) {
            copies = 2;
            faults.add(Fault.DUPLICATED);
        }
        List<Duration> delays = new ArrayList<>(copies);
        for (int i = 0; i < copies; i++) {
            if (random.nextDouble() < settings.delayProbability() && !settings.delayMax().isZero()) {
                delays.add(Duration.ofMillis(1 + (long) (random.nextDouble() * settings.delayMax().toMillis())));
                faults.add(Fault.DELAYED);
            } else {
                delays.add(Duration.ZERO);
            }
        }
        return new Decision(delays, faults);
    }
}

package io.yantar.consensus;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Random;
import java.util.SplittableRandom;

/** The core and the simulator are deterministic functions of (state, input, seed): no Pekko, threads, clocks, I/O. */
@AnalyzeClasses(packages = "io.yantar.consensus", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String[] PURE = {"..consensus.core..", "..consensus.sim.."};

    @ArchTest
    static final ArchRule pureCodeUsesNoPekkoNetworkOrFiles = noClasses().that().resideInAnyPackage(PURE)
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.pekko..", "java.net..", "java.nio.file..",
                    "java.nio.channels..")
            .orShould().dependOnClassesThat().haveNameMatching("java\\.io\\.File.*")
            .orShould().dependOnClassesThat().haveNameMatching("java\\.io\\.RandomAccessFile");

    @ArchTest
    static final ArchRule pureCodeStartsNoThreadsNorExecutors = noClasses().that().resideInAnyPackage(PURE)
            .should().dependOnClassesThat().areAssignableTo(Thread.class)
            .orShould().dependOnClassesThat().resideInAPackage("java.util.concurrent..");

    @ArchTest
    static final ArchRule pureCodeReadsNoClockAndUsesOnlySeededRandomness = noClasses().that().resideInAnyPackage(PURE)
            .should().callMethod(System.class, "currentTimeMillis")
            .orShould().callMethod(System.class, "nanoTime")
            .orShould().callMethod(Instant.class, "now")
            .orShould().callMethod(LocalDateTime.class, "now")
            .orShould().callMethod(Clock.class, "systemUTC")
            .orShould().callMethod(Clock.class, "systemDefaultZone")
            .orShould().callMethod(Math.class, "random")
            .orShould().callConstructor(Random.class)
            .orShould().callConstructor(SplittableRandom.class);

    @ArchTest
    static final ArchRule coreSpeaksRecordsAndKnowsNothingAroundIt = noClasses().that().resideInAPackage("..consensus.core..")
            .should().dependOnClassesThat().resideInAnyPackage("..consensus.sim..", "..consensus.replica..", "..consensus.wire..",
                    "io.yantar.proto..", "com.google.protobuf..");

    @ArchTest
    static final ArchRule simulatorDoesNotReachIntoTheLiveReplica = noClasses().that().resideInAPackage("..consensus.sim..")
            .should().dependOnClassesThat().resideInAnyPackage("..consensus.replica..", "..consensus.wire..");
}

package io.yantar.ledger;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/** The ledger is a deterministic function of (state, input): no Pekko, I/O, threads, clock or unseeded randomness. */
class ArchitectureTest {
    private static final JavaClasses LEDGER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.yantar.ledger");

    private static void check(ArchRule rule) {
        rule.check(LEDGER);
    }

    @Test
    void noPekko() {
        check(noClasses().that().resideInAPackage("io.yantar.ledger..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.pekko.."));
    }

    @Test
    void noFilesNetworkOrPaths() {
        check(noClasses().that().resideInAPackage("io.yantar.ledger..")
                .should().dependOnClassesThat().haveNameMatching("java\\.io\\.File.*")
                .orShould().dependOnClassesThat().resideInAPackage("java.nio.file..")
                .orShould().dependOnClassesThat().resideInAPackage("java.net.."));
    }

    @Test
    void noThreadsOrExecutors() {
        check(noClasses().that().resideInAPackage("io.yantar.ledger..")
                .should().dependOnClassesThat().areAssignableTo(Thread.class)
                .orShould().dependOnClassesThat().areAssignableTo(Runnable.class)
                .orShould().dependOnClassesThat().areAssignableTo(java.util.concurrent.Executor.class)
                .orShould().dependOnClassesThat().haveNameMatching("java\\.util\\.concurrent\\.(Executors|CompletableFuture|ForkJoinPool).*"));
    }

    @Test
    void noClockReads() {
        check(noClasses().that().resideInAPackage("io.yantar.ledger..")
                .should().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(java.time.Clock.class, "systemUTC")
                .orShould().callMethod(java.time.Clock.class, "systemDefaultZone")
                .orShould().callMethod(java.time.LocalDateTime.class, "now"));
    }

    @Test
    void noUnseededRandomness() {
        check(noClasses().that().resideInAPackage("io.yantar.ledger..")
                .should().callMethod(Math.class, "random")
                .orShould().callConstructor(java.util.Random.class)
                .orShould().dependOnClassesThat().areAssignableTo(java.security.SecureRandom.class)
                .orShould().dependOnClassesThat().areAssignableTo(java.util.concurrent.ThreadLocalRandom.class));
    }
}

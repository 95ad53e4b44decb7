package io.yantar.node.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.yantar.crypto.CryptoSuite;
import io.yantar.crypto.Hex;
import io.yantar.ledger.account.Address;
import io.yantar.ledger.account.AddressCodec;
import io.yantar.ledger.verify.CertificateVerifier;
import io.yantar.proto.CommitCertificate;
import io.yantar.proto.Genesis;
import io.yantar.proto.InitialBalance;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The bank test over what the honest nodes serve, after the faults: nothing acknowledged is
 * lost, nothing is committed twice, no two nodes disagree on a block, every block's commit
 * certificate verifies against the genesis validators, and the balances are those of a plain
 * replay of the committed transfers (so money is neither made nor lost). Pure: it judges the
 * fetched ledgers and reports every violation it finds, it does not stop at the first.
 */
final class BankChecker {
    private final Genesis genesis;
    private final AddressCodec addresses;
    private final CertificateVerifier certificates;

    BankChecker(Genesis genesis, CryptoSuite suite) {
        this.genesis = genesis;
        this.addresses = new AddressCodec(suite);
        this.certificates = new CertificateVerifier(suite, genesis.getChainId(), genesis.getValidators());
    }

    record Verdict(List<String> violations, long sharedHeight, int transfersCommitted, long totalKopecks) {
        boolean passed() {
            return violations.isEmpty();
        }
    }

    /** The accounts whose balances the check compares: every genesis account. */
    List<String> genesisAccounts() {
        return genesis.getBalancesList().stream().map(b -> addresses.format(new Address(b.getAddress()))).toList();
    }

    Verdict check(List<NodeLedger> ledgers, List<Acknowledged> acknowledged) {
        List<String> violations = new ArrayList<>();
        long shared = ledgers.stream().mapToLong(NodeLedger::height).min().orElse(0);
        checkSameBlocks(ledgers, shared, violations);
        int transfers = 0;
        long total = 0;
        for (NodeLedger ledger : ledgers) {
            checkChainAndCertificates(ledger, violations);
            Map<String, JsonNode> committed = committedTransactions(ledger, violations);
            for (Acknowledged payment : acknowledged) {
                if (!committed.containsKey(payment.txId())) {
                    violations.add(ledger.node() + ": acknowledged payment " + payment.txId() + " (" + payment.sender() + " nonce "
                            + payment.nonce() + ") is not in its ledger");
                }
            }
            Map<String, Long> model = replay(committed.values());
            total = model.values().stream().mapToLong(Long::longValue).sum();
            long issued = genesis.getBalancesList().stream().mapToLong(InitialBalance::getAmountKopecks).sum();
            if (total != issued) {
                violations.add(ledger.node() + ": the replayed balances add up to " + total + " kopecks, " + issued + " were issued");
            }
            ledger.balances().forEach((account, served) -> {
                long expected = model.getOrDefault(account, 0L);
                if (served != expected) {
                    violations.add(ledger.node() + ": " + account + " has " + served + " kopecks, the replay gives " + expected);
                }
            });
            transfers = Math.max(transfers, committed.size());
        }
        return new Verdict(violations, shared, transfers, total);
    }

    private static void checkSameBlocks(List<NodeLedger> ledgers, long shared, List<String> violations) {
        for (int index = 0; index < shared; index++) {
            Map<String, String> hashes = new LinkedHashMap<>();
            for (NodeLedger ledger : ledgers) {
                hashes.put(ledger.node(), ledger.blocks().get(index).path("hash").asText());
            }
            if (new HashSet<>(hashes.values()).size() > 1) {
                violations.add("fork at height " + (index + 1) + ": " + hashes);
                return; // every later height differs too: one report is enough
            }
        }
    }

    private void checkChainAndCertificates(NodeLedger ledger, List<String> violations) {
        String previous = null;
        long expectedHeight = 1;
        for (JsonNode block : ledger.blocks()) {
            long height = block.path("height").asLong();
            if (height != expectedHeight++) {
                violations.add(ledger.node() + ": block " + height + " where " + (expectedHeight - 1) + " was expected");
            }
            if (previous != null && !previous.equals(block.path("header").path("prevBlockHash").asText())) {
                violations.add(ledger.node() + ": block " + height + " does not link to block " + (height - 1));
            }
            previous = block.path("hash").asText();
            certificateProblem(block).ifPresent(problem -> violations.add(ledger.node() + ": block " + height + ": " + problem));
        }
    }

    private Optional<String> certificateProblem(JsonNode block) {
        CommitCertificate.Builder certificate = CommitCertificate.newBuilder();
        try {
            JsonFormat.parser().merge(block.path("commitCertificate").toString(), certificate);
        } catch (InvalidProtocolBufferException e) {
            return Optional.of("its commit certificate does not parse: " + e.getMessage());
        }
        Optional<String> signatures = certificates.checkCommit(certificate.build());
        if (signatures.isPresent()) {
            return Optional.of("commit certificate: " + signatures.get());
        }
        ByteString digest = ByteString.copyFrom(Hex.decode(block.path("header").path("proposalDigest").asText()));
        if (certificate.getHeight() != block.path("height").asLong() || !certificate.getProposalDigest().equals(digest)) {
            return Optional.of("its commit certificate decides another height or proposal");
        }
        return Optional.empty();
    }

    /** Successful transactions by id; a second success of one id, or of one (sender, nonce), is a double commit. */
    private static Map<String, JsonNode> committedTransactions(NodeLedger ledger, List<String> violations) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        Set<String> senderNonces = new HashSet<>();
        for (JsonNode block : ledger.blocks()) {
            for (JsonNode transaction : block.path("transactions")) {
                if (!transaction.path("receipt").path("success").asBoolean(false)) {
                    continue;
                }
                String id = transaction.path("id").asText();
                if (byId.put(id, transaction) != null) {
                    violations.add(ledger.node() + ": payment " + id + " committed twice");
                }
                if (!senderNonces.add(transaction.path("sender").asText() + "#" + transaction.path("nonce").asLong())) {
                    violations.add(ledger.node() + ": nonce " + transaction.path("nonce").asLong() + " of " + transaction.path("sender").asText()
                            + " succeeded twice");
                }
            }
        }
        return byId;
    }

    /** The plain model: genesis balances, then every successful transfer in ledger order. */
    private Map<String, Long> replay(Iterable<JsonNode> committed) {
        Map<String, Long> balances = new HashMap<>();
        for (InitialBalance initial : genesis.getBalancesList()) {
            balances.merge(addresses.format(new Address(initial.getAddress())), initial.getAmountKopecks(), Long::sum);
        }
        for (JsonNode transaction : committed) {
            if (!"transfer".equals(transaction.path("kind").asText())) {
                continue; // the harness's clients only transfer; other kinds would need their own rule here
            }
            long kopecks = new BigDecimal(transaction.path("content").path("amount").asText()).movePointRight(2).longValueExact();
            balances.merge(transaction.path("sender").asText(), -kopecks, Long::sum);
            balances.merge(transaction.path("content").path("to").asText(), kopecks, Long::sum);
        }
        return balances;
    }
}

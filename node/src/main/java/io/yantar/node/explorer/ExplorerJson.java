package io.yantar.node.explorer;

import io.yantar.crypto.CryptoSuite;
import io.yantar.crypto.Hex;
import io.yantar.ledger.account.Address;
import io.yantar.ledger.account.AddressCodec;
import io.yantar.ledger.account.Money;
import io.yantar.ledger.verify.CertificateVerifier;
import io.yantar.proto.ValidatorInfo;
import io.yantar.proto.ValidatorSet;
import java.util.List;

/** The JSON bodies of the explorer's read endpoints; money as text beside kopecks, as in the API. */
final class ExplorerJson {
    private ExplorerJson() {
    }

    record ValidatorJson(int index, String nodeId, String organisation, String role, String publicKey, String host, int httpPort) {
    }

    record GenesisJson(String chainId, String cryptoSuite, long epoch, long startHeight, int quorum, List<ValidatorJson> validators) {
    }

    record RunJson(long height, long timestampMillis, String txId, String paid, long paidKopecks, int beneficiaries) {
    }

    record ProgramJson(String programId, long runs, String paid, long paidKopecks, long beneficiaries, List<RunJson> recentRuns) {
    }

    record ProgramsJson(long indexedHeight, List<ProgramJson> programs) {
    }

    record EntryJson(String txId, long height, int index, long timestampMillis, String kind, String direction, String counterparty,
                     String amount, long amountKopecks, boolean success, String reasonCode) {
    }

    record HistoryJson(String address, long indexedHeight, List<EntryJson> entries) {
    }

    static GenesisJson genesis(String chainId, CryptoSuite suite, ValidatorSet set) {
        int n = set.getValidatorsCount();
        List<ValidatorJson> validators = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ValidatorInfo info = set.getValidators(i);
            validators.add(new ValidatorJson(i, info.getNodeId(), info.getOrganisation(), info.getRole(),
                    Hex.encode(info.getPublicKey().toByteArray()), info.getHost(), info.getHttpPort()));
        }
        // The quorum the ledger's own verifier demands, so the page cannot drift from it.
        int quorum = new CertificateVerifier(suite, chainId, set).quorum();
        return new GenesisJson(chainId, suite.id(), set.getEpoch(), set.getStartHeight(), quorum, validators);
    }

    static ProgramsJson programs(long indexedHeight, List<ExplorerIndex.ProgramTotals> totals) {
        return new ProgramsJson(indexedHeight, totals.stream().map(program -> new ProgramJson(program.programId(), program.runs(),
                money(program.paidKopecks()), program.paidKopecks(), program.beneficiaries(),
                program.recentRuns().stream().map(run -> new RunJson(run.height(), run.timestampMillis(), run.txId(),
                        money(run.paidKopecks()), run.paidKopecks(), run.beneficiaries())).toList())).toList());
    }

    static HistoryJson history(String address, long indexedHeight, List<ExplorerIndex.AccountEntry> entries, AddressCodec codec) {
        return new HistoryJson(address, indexedHeight, entries.stream().map(entry -> new EntryJson(entry.txId(), entry.height(),
                entry.index(), entry.timestampMillis(), entry.kind(), entry.direction(),
                Address.isAddressBytes(entry.counterparty()) ? codec.format(new Address(entry.counterparty())) : null,
                money(entry.amountKopecks()), entry.amountKopecks(), entry.success(), entry.reasonCode())).toList());
    }

    private static String money(long kopecks) {
        return Money.ofKopecks(kopecks).toString();
    }
}

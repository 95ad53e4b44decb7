package io.yantar.ledger.state;

import com.google.protobuf.ByteString;
import io.yantar.crypto.Canonical;
import io.yantar.crypto.CryptoSuite;
import io.yantar.crypto.Hex;
import io.yantar.ledger.LedgerLimits;
import io.yantar.ledger.Parsed;
import io.yantar.ledger.account.AccountValue;
import io.yantar.ledger.account.Address;
import io.yantar.ledger.account.Role;
import io.yantar.ledger.block.BlockHashes;
import io.yantar.ledger.epoch.EpochRules;
import io.yantar.ledger.epoch.ValidatorHistory;
import io.yantar.ledger.merkle.MerkleTree;
import io.yantar.proto.Authority;
import io.yantar.proto.Block;
import io.yantar.proto.BlockHeader;
import io.yantar.proto.Genesis;
import io.yantar.proto.InitialBalance;
import io.yantar.proto.ValidatorInfo;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds the ledger at height 0 from the {@code yantar genesis} output, and block 0: height
 * 0, no previous hash, empty transaction and receipt roots, the state root of the initial
 * balances and authorities, the genesis time, and as proposal digest the hash of the
 * canonical genesis bytes, so the hash of block 0 (the chain identity) commits to every
 * field of the genesis, validators included.
 */
public final class GenesisLoader {
    private GenesisLoader() {
    }

    public static Parsed<LoadedGenesis> load(Genesis genesis, CryptoSuite suite, LedgerLimits limits) {
        String problem = firstProblem(genesis, suite);
        if (problem != null) {
            return Parsed.rejected(problem);
        }
        LedgerState state = new LedgerState(suite, genesis.getChainId(), limits,
                new GovernanceState(genesis.getAuthoritiesList(), genesis.getAdminThreshold(),
                        ValidatorHistory.ofGenesis(genesis.getValidators()), EpochRules.of(genesis.getConsensus())));
        for (InitialBalance balance : genesis.getBalancesList()) {
            state.putAccount(new Address(balance.getAddress()), new AccountValue(balance.getAmountKopecks(), 0));
            state.addIssued(balance.getAmountKopecks());
        }
        ByteString emptyRoot = ByteString.copyFrom(new MerkleTree(suite).root(List.of()));
        BlockHeader header = BlockHeader.newBuilder()
                .setChainId(genesis.getChainId())
                .setHeight(0)
                .setTxRoot(emptyRoot)
                .setReceiptsRoot(emptyRoot)
                .setStateRoot(state.stateRoot())
                .setTimestampMillis(genesis.getGenesisTimeMillis())
                .setEpoch(genesis.getValidators().getEpoch())
                .setProposalDigest(ByteString.copyFrom(suite.hash(Canonical.bytes(genesis))))
                .build();
        ByteString identity = new BlockHashes(suite).blockHash(header);
        state.setTip(0, identity, genesis.getGenesisTimeMillis());
        return Parsed.ok(new LoadedGenesis(genesis, state, Block.newBuilder().setHeader(header).build(), identity));
    }

    /** The first reason the genesis is unusable, or null. */
    private static String firstProblem(Genesis genesis, CryptoSuite suite) {
        if (genesis.getChainId().isEmpty()) {
            return "the genesis has no chain id";
        }
        if (!suite.id().equals(genesis.getCryptoSuite())) {
            return "the genesis names crypto suite '" + genesis.getCryptoSuite() + "', not '" + suite.id() + "'";
        }
        String validators = validatorProblem(genesis.getValidators().getValidatorsList(), suite);
        if (validators != null) {
            return validators;
        }
        String authorities = authorityProblem(genesis, suite);
        if (authorities != null) {
            return authorities;
        }
        return balanceProblem(genesis.getBalancesList());
    }

    private static String validatorProblem(List<ValidatorInfo> validators, CryptoSuite suite) {
        if (validators.isEmpty()) {
            return "the genesis has no validators";
        }
        Set<String> nodeIds = new HashSet<>();
        Set<ByteString> keys = new HashSet<>();
        for (ValidatorInfo validator : validators) {
            if (!nodeIds.add(validator.getNodeId())) {
                return "validator " + validator.getNodeId() + " appears twice";
            }
            if (!keys.add(validator.getPublicKey())) {
                return "validator " + validator.getNodeId() + " has the key of another validator";
            }
            if (!suite.isAcceptablePublicKey(validator.getPublicKey().toByteArray())) {
                return "validator " + validator.getNodeId() + " has an unacceptable public key";
            }
        }
        return null;
    }

    private static String authorityProblem(Genesis genesis, CryptoSuite suite) {
        Set<String> seen = new HashSet<>();
        int admins = 0;
        for (Authority authority : genesis.getAuthoritiesList()) {
            if (Role.fromWireName(authority.getRole()).isEmpty()) {
                return "authority " + authority.getName() + " has unknown role '" + authority.getRole() + "'";
            }
            if (!suite.isAcceptablePublicKey(authority.getPublicKey().toByteArray())) {
                return "authority " + authority.getName() + " has an unacceptable public key";
            }
            if (!seen.add(authority.getRole() + "/" + Hex.encode(authority.getPublicKey().toByteArray()))) {
                return "authority " + authority.getName() + " holds role " + authority.getRole() + " twice";
            }
            if (Role.ADMIN.wireName().equals(authority.getRole())) {
                admins++;
            }
        }
        if (genesis.getAdminThreshold() < 1 || genesis.getAdminThreshold() > admins) {
            return "the admin threshold " + genesis.getAdminThreshold() + " must be between 1 and the " + admins + " admins";
        }
        return null;
    }

    private static String balanceProblem(List<InitialBalance> balances) {
        Set<ByteString> addresses = new HashSet<>();
        long total = 0;
        for (InitialBalance balance : balances) {
            if (!Address.isAddressBytes(balance.getAddress())) {
                return "initial balance " + balance.getLabel() + " has an address that is not 20 bytes";
            }
            if (!addresses.add(balance.getAddress())) {
                return "initial balance " + balance.getLabel() + " repeats an address";
            }
            if (balance.getAmountKopecks() < 0) {
                return "initial balance " + balance.getLabel() + " is negative";
            }
            try {
                total = Math.addExact(total, balance.getAmountKopecks());
            } catch (ArithmeticException overflow) {
                return "the initial balances add up beyond the largest amount";
            }
        }
        return null;
    }
}

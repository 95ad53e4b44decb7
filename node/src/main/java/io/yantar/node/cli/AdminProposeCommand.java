package io.yantar.node.cli;

import com.google.protobuf.ByteString;
import io.yantar.proto.Governance;
import io.yantar.proto.ReplaceValidatorKey;
import io.yantar.proto.RoleChange;
import io.yantar.proto.ValidatorInfo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code yantar admin propose KIND}: one governance change, signed by the admin and posted to
 * the admin listener. The ledger checks it (reason codes in docs/LEDGER.md); with
 * {@code --wait} a refusal prints its reason code.
 */
@Command(name = "propose", mixinStandardHelpOptions = true,
        description = "Proposes a governance change; prints the proposal as JSON (its id approves it).",
        subcommands = {AdminProposeCommand.AddValidator.class, AdminProposeCommand.RemoveValidator.class,
                AdminProposeCommand.ReplaceKey.class, AdminProposeCommand.GrantRole.class, AdminProposeCommand.RevokeRole.class,
                AdminProposeCommand.SetThreshold.class})
final class AdminProposeCommand implements Runnable {
    private static final String PROPOSALS = "/v1/admin/proposals";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a kind is required: " + String.join(", ", spec.subcommands().keySet()));
    }

    /** A validator's node id, key and address: what an addition and a key replacement both name. */
    static final class ValidatorOptions {
        @Option(names = "--node-id", required = true, paramLabel = "ID", description = "The validator's node id, e.g. node-5.")
        String nodeId;

        @Option(names = "--validator-key", required = true, paramLabel = "HEX",
                description = "Its (new) public key, in hex as yantar keygen prints it.")
        String validatorKey;

        @Option(names = "--host", required = true, paramLabel = "HOST", description = "Its cluster host.")
        String host;

        @Option(names = "--cluster-port", required = true, paramLabel = "PORT", description = "Its Artery port.")
        int clusterPort;

        @Option(names = "--http-port", required = true, paramLabel = "PORT", description = "Its HTTP API port.")
        int httpPort;

        ByteString key(CommandSpec spec) {
            return AdminCommand.hex(spec.commandLine(), "--validator-key", validatorKey);
        }
    }

    @Command(name = "add-validator", mixinStandardHelpOptions = true, description = "Adds a validator at the next epoch.")
    static final class AddValidator implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        AdminOptions admin;

        @Mixin
        ValidatorOptions validator;

        @Option(names = "--organisation", required = true, paramLabel = "NAME", description = "Who runs it.")
        String organisation;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "government or bank.")
        String role;

        @Override
        public Integer call() {
            return admin.submit(PROPOSALS, Governance.newBuilder().setAddValidator(ValidatorInfo.newBuilder()
                    .setNodeId(validator.nodeId).setOrganisation(organisation).setRole(role).setPublicKey(validator.key(spec))
                    .setHost(validator.host).setClusterPort(validator.clusterPort).setHttpPort(validator.httpPort)).build());
        }
    }

    @Command(name = "remove-validator", mixinStandardHelpOptions = true, description = "Removes a validator at the next epoch.")
    static final class RemoveValidator implements Callable<Integer> {
        @Mixin
        AdminOptions admin;

        @Option(names = "--node-id", required = true, paramLabel = "ID", description = "The node to remove.")
        String nodeId;

        @Override
        public Integer call() {
            return admin.submit(PROPOSALS, Governance.newBuilder().setRemoveValidator(nodeId).build());
        }
    }

    @Command(name = "replace-key", mixinStandardHelpOptions = true,
            description = "Gives a validator a new key (and address) at the next epoch: a replaced machine.")
    static final class ReplaceKey implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        AdminOptions admin;

        @Mixin
        ValidatorOptions validator;

        @Override
        public Integer call() {
            return admin.submit(PROPOSALS, Governance.newBuilder().setReplaceValidatorKey(ReplaceValidatorKey.newBuilder()
                    .setNodeId(validator.nodeId).setNewPublicKey(validator.key(spec))
                    .setHost(validator.host).setClusterPort(validator.clusterPort).setHttpPort(validator.httpPort)).build());
        }
    }

    /** The key and role of a grant or revocation. */
    static final class RoleOptions {
        @Option(names = "--public-key", required = true, paramLabel = "HEX", description = "The key whose role changes.")
        String publicKey;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "issuer or admin.")
        String role;

        @Option(names = "--name", defaultValue = "", paramLabel = "NAME", description = "A name for the authority.")
        String name;

        @Option(names = "--organisation", defaultValue = "", paramLabel = "NAME", description = "Its organisation.")
        String organisation;

        RoleChange change(CommandSpec spec) {
            return RoleChange.newBuilder().setPublicKey(AdminCommand.hex(spec.commandLine(), "--public-key", publicKey))
                    .setRole(role).setName(name).setOrganisation(organisation).build();
        }
    }

    /** A grant or a revocation: the same options, a different change. */
    abstract static class RoleCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        AdminOptions admin;

        @Mixin
        RoleOptions role;

        abstract Governance change(RoleChange change);

        @Override
        public Integer call() {
            return admin.submit(PROPOSALS, change(role.change(spec)));
        }
    }

    @Command(name = "grant-role", mixinStandardHelpOptions = true, description = "Grants issuer or admin to a key.")
    static final class GrantRole extends RoleCommand {
        @Override
        Governance change(RoleChange change) {
            return Governance.newBuilder().setGrantRole(change).build();
        }
    }

    @Command(name = "revoke-role", mixinStandardHelpOptions = true, description = "Revokes issuer or admin from a key.")
    static final class RevokeRole extends RoleCommand {
        @Override
        Governance change(RoleChange change) {
            return Governance.newBuilder().setRevokeRole(change).build();
        }
    }

    @Command(name = "set-threshold", mixinStandardHelpOptions = true, description = "Sets how many admins must approve a change.")
    static final class SetThreshold implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        AdminOptions admin;

        @Option(names = "--threshold", required = true, paramLabel = "N", description = "Approvals needed, from 1 to the number of admins.")
        int threshold;

        @Override
        public Integer call() {
            if (threshold < 1) {
                throw new ParameterException(spec.commandLine(), "--threshold must be at least 1 (was " + threshold + ")");
            }
            return admin.submit(PROPOSALS, Governance.newBuilder().setSetAdminThreshold(threshold).build());
        }
    }
}

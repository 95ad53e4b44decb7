package io.yantar.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.yantar.crypto.Hex;
import io.yantar.proto.Governance;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code yantar admin}: governance through a node's admin listener, signed by an admin key. */
@Command(name = "admin", mixinStandardHelpOptions = true,
        description = {"Proposes, approves and lists governance changes through a node's admin listener.",
                "Every request is signed by the admin key (docs/SECURITY.md)."},
        subcommands = {AdminProposeCommand.class, AdminCommand.Approve.class, AdminCommand.Proposals.class})
final class AdminCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required: " + String.join(", ", spec.subcommands().keySet()));
    }

    /** {@code yantar admin approve ID}. */
    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = "Approves the proposal ID (a signed GOVERNANCE transaction); prints the answer as JSON.")
    static final class Approve implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        AdminOptions admin;

        @Parameters(index = "0", paramLabel = "ID", description = "The proposal id (64 hex digits).")
        String id;

        @Override
        public Integer call() {
            ByteString proposal = hex(spec.commandLine(), "ID", id);
            if (proposal.size() != admin.key().suite().hashLength()) {
                throw new ParameterException(spec.commandLine(), "ID must be " + 2 * admin.key().suite().hashLength()
                        + " hex digits (was '" + ClientKeys.abbreviate(id) + "')");
            }
            return admin.submit("/v1/admin/proposals/" + id.toLowerCase(java.util.Locale.ROOT) + "/approvals",
                    Governance.newBuilder().setApprove(proposal).build());
        }
    }

    /** {@code yantar admin proposals}. */
    @Command(name = "proposals", mixinStandardHelpOptions = true,
            description = "Lists pending proposals and approved validator changes as JSON.")
    static final class Proposals implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        AdminOptions admin;

        @Override
        public Integer call() {
            JsonNode answer = admin.request("GET", "/v1/admin/proposals", new byte[0]).json();
            spec.commandLine().getOut().println(answer.toPrettyString());
            return YantarCli.EXIT_OK;
        }
    }

    static ByteString hex(CommandLine command, String option, String text) {
        try {
            return ByteString.copyFrom(Hex.decode(text));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command, option + " must be hex: " + e.getMessage() + " (was '"
                    + ClientKeys.abbreviate(text) + "')");
        }
    }
}

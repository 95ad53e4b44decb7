package io.yantar.node.testing;

import io.yantar.node.cli.YantarCli;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the {@code yantar} command in this JVM and keeps what it printed. */
public final class CliRun {
    private CliRun() {
    }

    public record Result(int code, String out, String err) {
    }

    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = YantarCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }
}

package org.polity.server;

import org.polity.server.cli.PolityCommand;
import picocli.CommandLine;

/** {@code java -jar polity.jar [serve | user create | token create | ...]}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        String[] effective = args.length == 0 ? new String[] {"serve"} : args;
        CommandLine cl = PolityCommand.commandLine();
        int exit = cl.execute(effective);
        // "serve" returns once the server is listening; its threads keep the JVM alive until it is stopped.
        // Every other command (and "serve --help") ends the JVM with its exit code.
        if (!(exit == 0 && servedFrom(cl.getParseResult()))) {
            System.exit(exit);
        }
    }

    private static boolean servedFrom(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult sub = parsed == null ? null : parsed.subcommand();
        return sub != null && "serve".equals(sub.commandSpec().name()) && !sub.isUsageHelpRequested()
                && !sub.isVersionHelpRequested();
    }
}

package org.polity.server;

import org.polity.server.cli.PolityCommand;
import picocli.CommandLine;

/** {@code java -jar polity.jar [serve | user create | token create | ...]}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        String[] effective = args.length == 0 ? new String[] {"serve"} : args;
        int exit = PolityCommand.commandLine().execute(effective);
        // "serve" returns once the server is listening; its threads keep the JVM alive until it is stopped.
        boolean serving = exit == 0 && "serve".equals(effective[effective.length - 1]);
        if (!serving) {
            System.exit(exit);
        }
    }
}

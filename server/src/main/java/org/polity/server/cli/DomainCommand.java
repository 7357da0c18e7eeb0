package org.polity.server.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.polity.server.Polity;
import org.polity.server.domains.DomainRule;
import org.polity.server.model.Account;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code polity domain ...}: the domain policy from the command line, for provisioning a closed network in a script
 * ({@code domain allow gov.example --by root}, {@code domain mode allowlist --by root}). Each change is made as the
 * administrator {@code --by} names, and audited as one made on {@code /admin/domains}.
 */
@Command(name = "domain", description = "Manage the domain policy (block, silence, allow; the federation mode).",
        subcommands = {DomainCommand.Set.class, DomainCommand.Remove.class, DomainCommand.Mode.class,
                DomainCommand.ListRules.class})
final class DomainCommand {
    @CommandLine.ParentCommand
    PolityCommand parent;

    /** Shared by the subcommands that change something: the administrator who does it. */
    abstract static class Change implements Callable<Integer> {
        @CommandLine.ParentCommand
        DomainCommand domain;

        @Option(names = "--by", required = true, paramLabel = "ADMIN",
                description = "Username of the administrator making the change (recorded in the audit log).")
        String by;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (Polity polity = PolityCommand.openOffline(domain.parent.config())) {
                Optional<Account> admin = polity.accounts().findByUsername(by).filter(Account::isAdmin)
                        .filter(Account::isActive);
                if (admin.isEmpty()) {
                    spec.commandLine().getErr().println("by: no active administrator @" + by + " on this instance.");
                    return PolityCommand.REFUSED;
                }
                String done = apply(polity, admin.get());
                spec.commandLine().getOut().println(done);
                spec.commandLine().getOut().flush();
            }
            return 0;
        }

        abstract String apply(Polity polity, Account admin);
    }

    @Command(name = "set", description = "Block, silence or allow a domain (replacing its rule).")
    static final class Set extends Change {
        @Parameters(index = "0", paramLabel = "block|silence|allow", description = "The rule.")
        String severity;

        @Parameters(index = "1", paramLabel = "DOMAIN", description = "example.org (and its subdomains) or host:port.")
        String name;

        @Option(names = "--comment", paramLabel = "TEXT", defaultValue = "", description = "The public reason.")
        String comment;

        @Option(names = "--note", paramLabel = "TEXT", defaultValue = "", description = "A private note.")
        String note;

        @Override
        String apply(Polity polity, Account admin) {
            DomainRule rule = polity.domainPolicy().save(admin, name, severity, comment, note, false, false, false);
            return rule.severity().wireName() + " " + rule.domain();
        }
    }

    @Command(name = "remove", description = "Remove a domain's rule.")
    static final class Remove extends Change {
        @Parameters(index = "0", paramLabel = "DOMAIN")
        String name;

        @Override
        String apply(Polity polity, Account admin) {
            polity.domainPolicy().remove(admin, name);
            return "removed " + name;
        }
    }

    @Command(name = "mode", description = "Choose the federation mode: open or allowlist.")
    static final class Mode extends Change {
        @Parameters(index = "0", paramLabel = "open|allowlist")
        String mode;

        @Override
        String apply(Polity polity, Account admin) {
            polity.domainPolicy().setMode(admin, mode);
            return "mode " + polity.domainPolicy().mode().wireName();
        }
    }

    @Command(name = "list", description = "Print the mode and every rule, one per line: severity, domain, source.")
    static final class ListRules implements Callable<Integer> {
        @CommandLine.ParentCommand
        DomainCommand domain;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (Polity polity = PolityCommand.openOffline(domain.parent.config())) {
                var out = spec.commandLine().getOut();
                out.println("mode " + polity.domainPolicy().mode().wireName());
                for (DomainRule r : polity.domainPolicy().rules()) {
                    out.println(r.severity().wireName() + " " + r.domain() + " "
                            + r.source().name().toLowerCase(java.util.Locale.ROOT));
                }
                out.flush();
            }
            return 0;
        }
    }
}

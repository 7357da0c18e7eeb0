package org.polity.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.Polity;
import org.polity.server.config.ConfigLoader;
import org.polity.server.model.Account;
import org.polity.server.service.AccountService;

/** {@code polity domain ...}: provisioning the domain policy from a script, audited as the administrator named. */
class DomainCommandTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    Run run(Path config, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = PolityCommand.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 2];
        all[0] = "--config";
        all[1] = config.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        int code = cl.execute(all);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void anAdministratorSetsRulesAndTheModeAndEveryChangeIsAudited() throws Exception {
        Path config = dir.resolve("polity.properties");
        Files.writeString(config, "data.dir=" + dir.resolve("data").toString().replace("\\", "/") + "\n"
                + "base.url=https://gov.example\n" + org.polity.server.testing.TestDatabase.properties(dir.resolve("data")));
        try (Polity polity = PolityCommand.openOffline(ConfigLoader.load(Optional.of(config)))) {
            polity.accounts().create(new AccountService.NewAccount("netroot", "netroot@agency.gov.au",
                    "correct horse battery", "Root", null, ""), Account.Role.ADMIN, Account.Status.ACTIVE);
            polity.accounts().create(new AccountService.NewAccount("plain", "plain@agency.gov.au",
                    "correct horse battery", "Plain", null, ""), Account.Role.MEMBER, Account.Status.ACTIVE);
        }
        assertThat(run(config, "domain", "set", "allow", "Gov.FR.example.", "--by", "netroot").out())
                .contains("allow gov.fr.example");
        assertThat(run(config, "domain", "set", "block", "spam.example", "--by", "netroot", "--comment", "Spam")
                .code()).isZero();
        assertThat(run(config, "domain", "mode", "allowlist", "--by", "netroot").out()).contains("mode allowlist");
        Run list = run(config, "domain", "list");
        assertThat(list.out()).contains("mode allowlist", "allow gov.fr.example manual", "block spam.example manual");

        Run member = run(config, "domain", "set", "block", "x.example", "--by", "plain");
        assertThat(member.code()).isEqualTo(PolityCommand.REFUSED);
        assertThat(member.err()).contains("no active administrator");
        Run bad = run(config, "domain", "set", "obliterate", "not a domain", "--by", "netroot");
        assertThat(bad.code()).isEqualTo(PolityCommand.REFUSED);
        assertThat(bad.err()).contains("domain:", "severity:");
        assertThat(run(config, "domain", "remove", "never.example", "--by", "netroot").code())
                .isEqualTo(PolityCommand.REFUSED);
        assertThat(run(config, "domain", "remove", "spam.example", "--by", "netroot").code()).isZero();

        try (Polity polity = PolityCommand.openOffline(ConfigLoader.load(Optional.of(config)))) {
            assertThat(polity.audit().page(null, null, 10)).extracting(e -> e.action()).containsExactly(
                    "domain.remove", "domain.mode", "domain.block", "domain.allow");
            assertThat(polity.audit().page(null, null, 10).get(0).actorLabel()).isEqualTo("netroot@gov.example");
        }
    }
}

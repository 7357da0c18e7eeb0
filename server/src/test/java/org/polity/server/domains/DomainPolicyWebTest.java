package org.polity.server.domains;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.audit.AuditEntry;
import org.polity.server.config.FederationPolicyConfig;
import org.polity.server.model.Account;
import org.polity.server.testing.TestInstance;
import org.polity.server.testing.TestInstance.Browser;

/** {@code /admin/domains}: administrators only, CSRF-checked, every change audited, bad input a readable 422. */
class DomainPolicyWebTest {
    @TempDir
    static Path dataDir;
    static TestInstance instance;

    @BeforeAll
    static void start() {
        instance = TestInstance.start(dataDir, Map.of());
        instance.create("dp_root", Account.Role.ADMIN, Account.Status.ACTIVE);
        instance.account("dp_member", "ACTIVE");
    }

    @AfterAll
    static void stop() {
        TestInstance.closeAll(instance);
    }

    static HttpResponse<String> post(Browser b, String action, Map<String, String> fields) {
        Map<String, String> all = new HashMap<>(fields);
        all.put("_csrf", b.csrf("/admin/domains"));
        return b.post(action, all);
    }

    static DomainPolicy policy() {
        return instance.server().polity().domainPolicy();
    }

    @Test
    void onlyAdministratorsSeeOrChangeThePolicyAndFormsNeedTheirToken() {
        Browser member = instance.loggedIn("dp_member");
        assertThat(member.get("/admin/domains").statusCode()).isEqualTo(403);
        assertThat(member.get("/admin/domains/export.csv").statusCode()).isEqualTo(403);
        Map<String, String> block = Map.of("domain", "member.example", "severity", "block",
                "_csrf", member.csrf("/"));
        assertThat(member.post("/admin/domains", block).statusCode()).isEqualTo(403);
        assertThat(instance.browser().get("/admin/domains").statusCode()).isEqualTo(303);
        Browser root = instance.loggedIn("dp_root");
        assertThat(root.post("/admin/domains", Map.of("domain", "nocsrf.example", "severity", "block"))
                .statusCode()).isEqualTo(403);
        assertThat(policy().rules()).extracting(DomainRule::domain).doesNotContain("member.example", "nocsrf.example");
        assertThat(root.page("/admin/domains").select("nav a[aria-current=page]").text()).isEqualTo("Domain policy");
    }

    @Test
    void anAdministratorBlocksEditsAndRemovesARuleAndEachChangeIsAudited() {
        Browser root = instance.loggedIn("dp_root");
        HttpResponse<String> saved = post(root, "/admin/domains", Map.of("domain", "Spam.Example.", "severity", "block",
                "publicComment", "Spam", "privateComment", "reported 12 times", "obfuscate", "on"));
        assertThat(saved.statusCode()).isEqualTo(303);
        Document page = root.page("/admin/domains?done=saved");
        assertThat(page.select("#notice").text()).isEqualTo("The rule is saved.");
        assertThat(page.select("#rules-table tbody tr").eachText()).anyMatch(r -> r.contains("spam.example")
                && r.contains("Block") && r.contains("reported 12 times"));
        assertThat(policy().verdictFor("www.spam.example")).isEqualTo(DomainPolicy.Verdict.REFUSED);

        Document edit = root.page("/admin/domains?edit=spam.example");
        assertThat(edit.select("#domain").attr("value")).isEqualTo("spam.example");
        assertThat(edit.select("#severity option[selected]").attr("value")).isEqualTo("block");
        assertThat(post(root, "/admin/domains", Map.of("domain", "spam.example", "severity", "silence"))
                .statusCode()).isEqualTo(303);
        assertThat(policy().verdictFor("spam.example")).isEqualTo(DomainPolicy.Verdict.SILENCED);

        assertThat(post(root, "/admin/domains/remove", Map.of("domain", "spam.example")).statusCode()).isEqualTo(303);
        assertThat(policy().verdictFor("spam.example")).isEqualTo(DomainPolicy.Verdict.FEDERATE);
        assertThat(instance.server().polity().audit().page(null, null, 50)).extracting(AuditEntry::action)
                .contains("domain.block", "domain.silence", "domain.remove");
        assertThat(instance.server().polity().audit().page(null, "domain.block", 5).get(0).detail())
                .contains("block", "Spam", "reported 12 times", "0 follows ended");
    }

    @Test
    void badInputIsAReadable422AndNothingIsStored() {
        Browser root = instance.loggedIn("dp_root");
        HttpResponse<String> bad = post(root, "/admin/domains", Map.of("domain", "not a domain", "severity", "obliterate"));
        assertThat(bad.statusCode()).isEqualTo(422);
        Document page = TestInstance.html(bad);
        assertThat(page.select("#domain-error").text()).contains("Enter a domain");
        assertThat(page.select("#severity-error").text()).contains("block, silence or allow");
        HttpResponse<String> own = post(root, "/admin/domains", Map.of("domain", instance.authority(), "severity",
                "block"));
        assertThat(own.statusCode()).isEqualTo(422);
        assertThat(TestInstance.html(own).select("#domain-error").text()).contains("own domain");

        HttpResponse<String> half = post(root, "/admin/domains/import", Map.of("text",
                "#domain,#severity\nfirst.example,suspend\n=cmd|' /C calc'!A0,suspend\n"));
        assertThat(half.statusCode()).isEqualTo(422);
        assertThat(TestInstance.html(half).select("#file-error").text()).contains("Line 3");
        assertThat(policy().rules()).extracting(DomainRule::domain).doesNotContain("first.example");

        HttpResponse<String> list = post(root, "/admin/domains/subscriptions", Map.of("url", "ftp://x.example/l",
                "listSeverity", "block", "minutes", "1"));
        assertThat(list.statusCode()).isEqualTo(422);
        assertThat(TestInstance.html(list).select("#url-error").text()).contains("http or https");
        assertThat(TestInstance.html(list).select("#minutes-error").text()).contains("5");
        assertThat(policy().subscriptions()).isEmpty();
        assertThat(post(root, "/admin/domains/remove", Map.of("domain", "never.example")).statusCode()).isEqualTo(404);
    }

    @Test
    void aMastodonExportIsImportedAsAFileAndExportedBackWithoutFormulas() throws Exception {
        Browser root = instance.loggedIn("dp_root");
        String csv = "#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate\n"
                + "imported-a.example,suspend,true,true,\"=HYPERLINK(\"\"http://x\"\")\",false\n"
                + "imported-b.example,silence,false,false,Loud,true\n"
                + "imported-c.example,noop,true,false,,false\n";
        String boundary = "----polity-test-boundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String csrf = root.csrf("/admin/domains");
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"domain_blocks.csv\""
                + "\r\nContent-Type: text/csv\r\n\r\n" + csv + "\r\n--" + boundary + "--\r\n")
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> imported = root.post("/admin/domains/import", "multipart/form-data; boundary=" + boundary,
                body.toByteArray());
        assertThat(imported.statusCode()).isEqualTo(303);
        assertThat(imported.headers().firstValue("Location").orElseThrow()).contains("done=imported", "n=2", "skipped=1");
        assertThat(policy().verdictFor("imported-a.example")).isEqualTo(DomainPolicy.Verdict.REFUSED);
        assertThat(policy().verdictFor("imported-b.example")).isEqualTo(DomainPolicy.Verdict.SILENCED);
        assertThat(root.page("/admin/domains?done=imported&n=2&skipped=1&kept=0").select("#notice").text())
                .isEqualTo("Imported 2 rules; 1 lines skipped; 0 rules added by hand kept.");

        HttpResponse<String> export = root.get("/admin/domains/export.csv");
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(export.body()).startsWith(DomainCsv.HEADER + "\r\n")
                .contains("imported-a.example,suspend,true,true,\"'=HYPERLINK(\"\"http://x\"\")\",false\r\n")
                .contains("imported-b.example,silence,false,false,Loud,true\r\n")
                .doesNotContain("imported-c.example");
        assertThat(instance.server().polity().audit().page(null, "domain.import", 5)).isNotEmpty();
    }

    @Test
    void thePublicListShowsBlocksAndSilencesMaskedWhereAskedWithTheirDigest() throws Exception {
        Account admin = instance.reload(instance.accounts().findByUsername("dp_root").orElseThrow());
        policy().save(admin, "masked-spam.example", "block", "Spam", "never shown", true, false, false);
        policy().save(admin, "open-loud.example", "silence", "", "", false, false, false);
        policy().save(admin, "friend.example", "allow", "", "", false, false, false);
        HttpResponse<String> r = instance.get("/api/v1/instance/domain_blocks", "application/json");
        assertThat(r.statusCode()).isEqualTo(200);
        var list = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
        assertThat(r.body()).doesNotContain("masked-spam.example", "never shown", "friend.example");
        var masked = java.util.stream.StreamSupport.stream(list.spliterator(), false)
                .filter(n -> n.path("digest").asText().equals(DomainPolicy.sha256("masked-spam.example")))
                .findFirst().orElseThrow();
        assertThat(masked.path("domain").asText()).isEqualTo(DomainPolicy.obfuscated("masked-spam.example"));
        assertThat(masked.path("domain").asText()).startsWith("mask").endsWith("mple").contains("*");
        assertThat(masked.path("severity").asText()).isEqualTo("suspend");
        assertThat(masked.path("comment").asText()).isEqualTo("Spam");
        assertThat(r.body()).contains("\"domain\":\"open-loud.example\"", "\"severity\":\"silence\"");
        policy().remove(admin, "masked-spam.example");
        policy().remove(admin, "open-loud.example");
        policy().remove(admin, "friend.example");
    }

    @Test
    void theModeIsChosenOnThePageOverTheConfigurationInEveryLanguage() {
        Browser root = instance.loggedIn("dp_root");
        assertThat(root.page("/admin/domains").select("#mode-now").text()).contains("Open", "configuration");
        assertThat(post(root, "/admin/domains/mode", Map.of("mode", "allowlist")).statusCode()).isEqualTo(303);
        assertThat(policy().mode()).isEqualTo(FederationPolicyConfig.Mode.ALLOWLIST);
        assertThat(policy().verdictFor("anyone.example")).isEqualTo(DomainPolicy.Verdict.REFUSED);
        assertThat(post(root, "/admin/domains/mode", Map.of("mode", "closed")).statusCode()).isEqualTo(422);
        assertThat(post(root, "/admin/domains/mode", Map.of("mode", "open")).statusCode()).isEqualTo(303);
        assertThat(policy().verdictFor("anyone.example")).isEqualTo(DomainPolicy.Verdict.FEDERATE);
        assertThat(instance.server().polity().audit().page(null, "domain.mode", 5)).extracting(AuditEntry::detail)
                .containsExactly("mode: open", "mode: allowlist");
        assertThat(root.acceptLanguage("fr").page("/admin/domains").select("h1").text())
                .isEqualTo("Politique des domaines");
        assertThat(root.acceptLanguage("es").page("/admin/domains").select("h1").text())
                .isEqualTo("Política de dominios");
    }
}

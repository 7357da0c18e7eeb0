package org.polity.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.PASSWORD;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.model.Account;
import org.polity.server.testing.TestInstance;
import org.polity.server.testing.TestInstance.Browser;

/** Administrators' actions land in the audit log, which administrators alone read, as a page and as CSV. */
class AuditLogWebTest {
    @TempDir
    static Path dataDir;
    static TestInstance instance;

    @BeforeAll
    static void start() {
        instance = TestInstance.start(dataDir, Map.of());
        instance.create("audit_root", Account.Role.ADMIN, Account.Status.ACTIVE);
        instance.account("audit_member", "ACTIVE");
    }

    @AfterAll
    static void stop() {
        TestInstance.closeAll(instance);
    }

    @Test
    void approvalsSettingsAndGrantsAreRecordedAndShownToAdministratorsOnly() {
        Account pending = instance.account("audit_applicant", "PENDING");
        Browser root = instance.loggedIn("audit_root");
        assertThat(root.submit("/admin/approvals", "/admin/approvals/" + pending.id(), Map.of("decision", "approve"))
                .statusCode()).isEqualTo(303);
        assertThat(root.submit("/admin/settings", "/admin/settings",
                Map.of("domains", "*.gov.au", "description", "Audit lab")).statusCode()).isEqualTo(303);
        Account admin = instance.reload(instance.create("audit_root2", Account.Role.ADMIN, Account.Status.ACTIVE));
        new org.polity.server.challenges.ChallengeService(instance.server().polity())
                .setIssuer(admin, instance.reload(pending), true);

        String host = instance.authority();
        Document page = root.page("/admin/audit");
        assertThat(page.select("h1").text()).isEqualTo("Audit log");
        List<String> rows = page.select("#audit-table tbody tr").eachText();
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).contains("audit_root2@" + host, "challenge.issuer.grant", "audit_applicant@" + host);
        assertThat(rows.get(1)).contains("audit_root@" + host, "settings.save", "*.gov.au");
        assertThat(rows.get(2)).contains("audit_root@" + host, "account.approve", "audit_applicant@" + host);
        assertThat(page.select("#audit-action option").eachAttr("value"))
                .containsExactly("", "account.approve", "challenge.issuer.grant", "settings.save");

        Document filtered = root.page("/admin/audit?action=settings.save");
        assertThat(filtered.select("#audit-table tbody tr")).hasSize(1);
        assertThat(filtered.select("#audit-action option[selected]").attr("value")).isEqualTo("settings.save");

        HttpResponse<String> csv = root.get("/admin/audit.csv?action=account.approve");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(csv.body().split("\r\n")).hasSize(2);
        assertThat(csv.body()).startsWith("id,at,actor,action,target,detail\r\n")
                .contains(",audit_root@" + host + ",account.approve,audit_applicant@" + host + ",");

        assertThat(root.get("/admin/audit?before=abc").statusCode()).isEqualTo(422);
        Browser member = instance.loggedIn("audit_member");
        assertThat(member.get("/admin/audit").statusCode()).isEqualTo(403);
        assertThat(member.get("/admin/audit.csv").statusCode()).isEqualTo(403);
        assertThat(instance.browser().get("/admin/audit").statusCode()).isEqualTo(303);
        assertThat(PASSWORD).isNotEmpty();
    }

    @Test
    void csvCellsAreQuotedAndNeverRunAsFormulas() {
        assertThat(AuditRoutes.cell("plain")).isEqualTo("plain");
        assertThat(AuditRoutes.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(AuditRoutes.cell("say \"hi\"\nthere")).isEqualTo("\"say \"\"hi\"\"\nthere\"");
        assertThat(AuditRoutes.cell("=HYPERLINK(\"http://x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
        assertThat(AuditRoutes.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(AuditRoutes.cell(null)).isEmpty();
    }
}

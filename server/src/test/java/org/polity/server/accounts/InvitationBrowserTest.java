package org.polity.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.PASSWORD;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.model.Account;
import org.polity.server.testing.Chrome;
import org.polity.server.testing.TestInstance;

/**
 * In headless Chromium: an administrator makes an invitation link on /admin/invitations, and someone whose e-mail
 * domain is not on the allowlist signs up with it and lands on their feed, logged in; the link is then used up.
 * Every page passes axe.
 */
class InvitationBrowserTest {
    @TempDir
    static Path dir;
    static TestInstance instance;
    static Chrome admin;
    static Chrome guest;

    @BeforeAll
    static void start() {
        Chrome.assumeAvailable();
        instance = TestInstance.start(dir, Map.of());
        instance.create("browser_admin", Account.Role.ADMIN, Account.Status.ACTIVE);
        admin = Chrome.start(1280, 900);
        guest = Chrome.start(1280, 900);
    }

    @AfterAll
    static void stop() {
        TestInstance.closeAll(admin, guest, instance);
    }

    @Test
    void anInvitedPersonSignsUpInTheBrowser() {
        String base = instance.uri("").toString();
        admin.logIn(base, "browser_admin", PASSWORD);
        admin.checkPage(base + "/admin/invitations", "en", "Invitations");
        admin.fill("maxUses", "1");
        admin.fill("validDays", "3");
        admin.fill("note", "for Dana at the Canadian lab");
        admin.find("#invitation-form button[type=submit]").click();
        admin.waitUpTo(Duration.ofSeconds(10)).until(d -> !admin.findAll("#invitation-link").isEmpty());
        String link = admin.find("#invitation-link").getAttribute("value");
        assertThat(link).contains("/signup?invite=");
        admin.assertNoSeriousAxeViolation("the new link");
        String path = link.substring(link.indexOf("/signup"));

        guest.checkPage(base + path, "en", "Sign up");
        assertThat(guest.find("#invited").getText()).contains("@browser_admin@");
        guest.fill("username", "dana");
        guest.fill("email", "dana@lab.example.ca");
        guest.fill("displayName", "Dana Invited");
        guest.fill("password", PASSWORD);
        guest.fill("passwordConfirm", PASSWORD);
        guest.find("main form[action='/signup'] button[type=submit]").click();
        guest.waitUpTo(Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().endsWith("/home"));
        assertThat(instance.accounts().findByUsername("dana").orElseThrow().status()).isEqualTo(Account.Status.ACTIVE);

        guest.checkPage(base + path, "en", "Invitation not usable");
        assertThat(guest.find("#invite-invalid").getText()).contains("used as many times");
        admin.checkPage(base + "/admin/invitations", "en", "Invitations");
        assertThat(admin.find("#invitations tbody tr .uses").getText()).isEqualTo("1 / 1");
    }
}

package org.polity.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.PASSWORD;
import static org.polity.server.testing.TestInstance.html;
import static org.polity.server.testing.TestInstance.setCookies;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
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

/** Every page in French and Spanish, the footer language switcher and the member's language setting. */
class LanguageWebTest {
    @TempDir
    static Path dataDir;
    static TestInstance instance;

    @BeforeAll
    static void start() {
        instance = TestInstance.start(dataDir, Map.of());
        instance.create("lang_admin", Account.Role.ADMIN, Account.Status.ACTIVE);
        instance.account("maria", "María Pérez", "ACTIVE",
                new Account.Profile("Laboratorio de Gobierno", "Innovation lead", "CL", "", List.of("design")));
    }

    @AfterAll
    static void stop() {
        if (instance != null) {
            instance.close();
        }
    }

    private static Browser admin(String acceptLanguage) {
        Browser b = instance.browser().acceptLanguage(acceptLanguage);
        assertThat(b.logIn("lang_admin", PASSWORD).statusCode()).isEqualTo(303);
        return b;
    }

    /** Path, then a word of that page in French and in Spanish. */
    private static final List<List<String>> PUBLIC_PAGES = List.of(
            List.of("/", "Instance nationale", "Instancia nacional"),
            List.of("/signup", "Demander un compte", "Solicitar una cuenta"),
            List.of("/login", "Pas encore de compte", "Todavía no tiene cuenta"),
            List.of("/users/maria", "Fonction", "Cargo"));

    private static final List<List<String>> MEMBER_PAGES = List.of(
            List.of("/settings/profile", "Enregistrer le profil", "Guardar el perfil"),
            List.of("/settings/password", "Changer le mot de passe", "Cambiar la contraseña"),
            List.of("/settings/tokens", "Créer un jeton", "Crear un token"),
            List.of("/settings/language", "Enregistrer la langue", "Guardar el idioma"),
            List.of("/admin/approvals", "Aucune demande en attente", "No hay solicitudes pendientes"),
            List.of("/admin/settings", "Enregistrer les paramètres", "Guardar los ajustes"));

    @Test
    void everyPageSpeaksFrenchAndSpanishByAcceptLanguage() {
        for (int i = 0; i < 2; i++) {
            String lang = i == 0 ? "fr" : "es";
            Browser visitor = instance.browser().acceptLanguage(lang + "-CA," + lang + ";q=0.9,en;q=0.5");
            for (List<String> p : PUBLIC_PAGES) {
                Document doc = visitor.page(p.get(0));
                assertThat(doc.select("html").attr("lang")).as(p.get(0)).isEqualTo(lang);
                assertThat(doc.text()).as(p.get(0) + " in " + lang).contains(p.get(1 + i));
            }
            Browser admin = admin(lang);
            for (List<String> p : MEMBER_PAGES) {
                Document doc = admin.page(p.get(0));
                assertThat(doc.select("html").attr("lang")).as(p.get(0)).isEqualTo(lang);
                assertThat(doc.text()).as(p.get(0) + " in " + lang).contains(p.get(1 + i));
            }
            HttpResponse<String> missing = visitor.get("/no-such-page");
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(html(missing).select("h1").text()).isEqualTo(i == 0 ? "Introuvable" : "No encontrado");
            assertThat(html(missing).text()).contains("/no-such-page");
        }
    }

    @Test
    void formsShowTheirErrorsAndNoticesInTheReadersLanguage() {
        Browser visitor = instance.browser().acceptLanguage("fr");
        HttpResponse<String> wrong = visitor.logIn("maria", "not the password");
        assertThat(wrong.statusCode()).isEqualTo(401);
        Document doc = html(wrong);
        assertThat(doc.title()).startsWith("Erreur : Se connecter");
        assertThat(doc.select("#error-summary").text()).contains("Il y a un problème",
                "Nom d’utilisateur ou mot de passe incorrect.");

        Map<String, String> f = new HashMap<>();
        f.put("username", "maria");
        f.put("email", "x@agency.gov.au");
        f.put("password", "short");
        f.put("passwordConfirm", "short");
        HttpResponse<String> signup = instance.browser().acceptLanguage("es").submit("/signup", "/signup", f);
        assertThat(signup.statusCode()).isEqualTo(422);
        // Fixed service sentences are translated by their English text.
        assertThat(html(signup).select("#username-error").text()).isEqualTo("Ese nombre de usuario ya existe; elija otro.");
        assertThat(html(signup).select("#password-error").text()).isEqualTo("Las contraseñas tienen al menos 10 caracteres.");

        Map<String, String> ok = new HashMap<>(f);
        ok.put("username", "juan");
        ok.put("email", "juan@lab.gov.au");
        ok.put("password", PASSWORD);
        ok.put("passwordConfirm", PASSWORD);
        HttpResponse<String> applied = instance.browser().acceptLanguage("es").submit("/signup", "/signup", ok);
        assertThat(applied.statusCode()).isEqualTo(200);
        assertThat(html(applied).select("h1").text()).isEqualTo("Solicitud recibida");
        assertThat(html(applied).select("#awaiting-approval strong").text()).isEqualTo("@juan");

        Browser admin = admin("fr");
        Document queue = admin.page("/admin/approvals");
        assertThat(queue.text()).contains("1 demande en attente", "Approuver");
        assertThat(queue.select("time").first().text()).containsPattern("\\d{1,2} \\p{L}+\\.? \\d{4}");
    }

    @Test
    void theFooterSwitcherSetsTheCookieAndTheNextPageFollowsIt() {
        Browser visitor = instance.browser().acceptLanguage("en");
        Document login = visitor.page("/login?next=%2Fsettings%2Fprofile");
        assertThat(login.select("#language-switcher input[name=next]").attr("value"))
                .isEqualTo("/login?next=%2Fsettings%2Fprofile");
        HttpResponse<String> switched = visitor.submit("/login", "/language",
                Map.of("lang", "es", "next", "/login?next=%2Fsettings%2Fprofile"));
        assertThat(switched.statusCode()).isEqualTo(303);
        assertThat(switched.headers().firstValue("Location")).hasValue("/login?next=%2Fsettings%2Fprofile");
        String cookie = setCookies(switched, Web.LANGUAGE_COOKIE).get(0);
        assertThat(cookie).startsWith("polity_lang=es;").contains("Max-Age=31536000").contains("SameSite=Lax")
                .doesNotContain("HttpOnly");
        Document after = visitor.page("/login");
        assertThat(after.select("html").attr("lang")).isEqualTo("es");
        assertThat(after.select("h1").text()).isEqualTo("Iniciar sesión");
        assertThat(after.select("#language-choice option[selected]").attr("value")).isEqualTo("es");

        // Only local pages: anything else goes home.
        for (String next : List.of("https://evil.example/", "//evil.example/", "/\\evil.example")) {
            HttpResponse<String> r = visitor.submit("/", "/language", Map.of("lang", "fr", "next", next));
            assertThat(r.headers().firstValue("Location")).as(next).hasValue("/");
        }
        // An unknown language is refused and changes nothing.
        HttpResponse<String> bad = visitor.submit("/", "/language", Map.of("lang", "de", "next", "/"));
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(setCookies(bad, Web.LANGUAGE_COOKIE)).isEmpty();
    }

    @Test
    void theSwitcherNeedsTheCsrfToken() {
        Browser visitor = instance.browser();
        visitor.page("/");
        HttpResponse<String> r = visitor.post("/language", Map.of("lang", "fr", "next", "/"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(setCookies(r, Web.LANGUAGE_COOKIE)).isEmpty();
        HttpResponse<String> s = admin("en").post("/settings/language", Map.of("locale", "fr"));
        assertThat(s.statusCode()).isEqualTo(403);
    }

    @Test
    void theMembersLanguageWinsOverAcceptLanguageAndTheCookie() {
        Account carla = instance.account("carla", "ACTIVE");
        Browser b = instance.browser().acceptLanguage("es");
        assertThat(b.logIn("carla", PASSWORD).statusCode()).isEqualTo(303);
        Document form = b.page("/settings/language");
        assertThat(form.select("input[name=locale][checked]").attr("value")).isEqualTo("es");
        assertThat(form.select("label[for=locale-fr]").text()).isEqualTo("Français");

        HttpResponse<String> saved = b.submit("/settings/language", "/settings/language", Map.of("locale", "fr"));
        assertThat(saved.statusCode()).isEqualTo(303);
        assertThat(instance.reload(carla).locale()).isEqualTo("fr");
        Document after = b.page("/settings/language?saved=1");
        assertThat(after.select("html").attr("lang")).isEqualTo("fr");
        assertThat(after.select("#saved").text()).isEqualTo("Votre langue a été enregistrée.");
        assertThat(after.select("input[name=locale][checked]").attr("value")).isEqualTo("fr");

        // Another browser, Spanish headers and a Spanish cookie: the account's French wins once logged in.
        Browser other = instance.browser().acceptLanguage("es");
        other.submit("/", "/language", Map.of("lang", "es", "next", "/"));
        assertThat(other.page("/login").select("html").attr("lang")).isEqualTo("es");
        assertThat(other.logIn("carla", PASSWORD).statusCode()).isEqualTo(303);
        assertThat(other.page("/").select("html").attr("lang")).isEqualTo("fr");
        assertThat(other.page("/settings/profile").text()).contains("Enregistrer le profil");

        HttpResponse<String> invalid = b.submit("/settings/language", "/settings/language", Map.of("locale", "xx"));
        assertThat(invalid.statusCode()).isEqualTo(422);
        assertThat(html(invalid).select("#locale-error").text()).isEqualTo("Choisissez l’une des langues proposées.");
        assertThat(instance.reload(carla).locale()).isEqualTo("fr");
    }
}

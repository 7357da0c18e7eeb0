package org.polity.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.polity.server.service.Forbidden;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.Message;

class MessagesTest {
    @Test
    void everyLanguageHasEveryKey() {
        assertThat(Messages.areas()).isNotEmpty();
        for (String lang : Messages.LANGUAGES) {
            assertThat(Messages.keys(lang)).as(lang).isEqualTo(Messages.keys(Messages.DEFAULT));
        }
    }

    @Test
    void acceptLanguagePicksTheBestSpokenLanguage() {
        assertThat(Messages.fromAcceptLanguage("fr-CA,fr;q=0.9,en;q=0.8")).isEqualTo("fr");
        assertThat(Messages.fromAcceptLanguage("es-CL")).isEqualTo("es");
        assertThat(Messages.fromAcceptLanguage("de-DE,es;q=0.5")).isEqualTo("es");
        assertThat(Messages.fromAcceptLanguage("de-DE")).isEqualTo("en");
        assertThat(Messages.fromAcceptLanguage("not a header ;;")).isEqualTo("en");
        assertThat(Messages.fromAcceptLanguage(null)).isEqualTo("en");
    }

    @Test
    void textsDatesAndNumbersFollowTheLanguage() {
        assertThat(Messages.of("fr").t("nav.login")).isEqualTo("Se connecter");
        assertThat(Messages.of("es").t("footer.runs", "Chile Innova")).startsWith("Chile Innova funciona");
        assertThat(Messages.of("xx").lang()).isEqualTo("en");
        assertThat(Messages.of("en").t("no.such.key")).isEqualTo("no.such.key");
        Instant day = Instant.parse("2026-11-27T10:00:00Z");
        assertThat(Messages.of("fr").date(day)).isEqualTo("27 novembre 2026");
        assertThat(Messages.of("es").date(day)).isEqualTo("27 de noviembre de 2026");
        assertThat(Messages.of("en").number(1234567)).isEqualTo("1,234,567");
        assertThat(Messages.of("fr").number(1234567)).matches("1\\D234\\D567");
    }

    @Test
    void aKeyedMessageIsRenderedWithItsValuesInEachLanguageAndInEnglishForApis() {
        Message taken = Message.of("groups.service.nameTaken", "aqua");
        assertThat(taken.english()).isEqualTo("The name @aqua is taken; choose another.");
        assertThat(Messages.of("fr").t(taken)).isEqualTo("Le nom @aqua est pris ; choisissez-en un autre.");
        assertThat(Messages.of("es").t(taken)).isEqualTo("El nombre @aqua ya está en uso; elija otro.");
        Message limit = Message.of("groups.service.aboutLong", 10_000);
        assertThat(limit.english()).isEqualTo("Keep the description under 10,000 characters.");
        assertThat(Messages.of("fr").t(limit)).matches("La description doit faire moins de 10[\\s\\u00a0\\u202f]000 caractères\\.");
        assertThat(Messages.of("es").t(limit)).isEqualTo("La descripción debe tener menos de 10.000 caracteres.");
    }

    @Test
    @SuppressWarnings("deprecation")
    void invalidInputCarriesMessagesAndStillSpeaksEnglishThroughItsOldApi() {
        InvalidInput keyed = InvalidInput.of(Map.of("title", Message.of("blog.error.titleLong", 200)));
        assertThat(keyed.errors()).containsEntry("title", "Keep the title under 200 characters.");
        assertThat(keyed.getMessage()).isEqualTo("Keep the title under 200 characters.");
        assertThat(Messages.of("fr").errors(keyed)).containsEntry("title",
                Messages.of("fr").t("blog.error.titleLong", 200));
        // The deprecated forms: a fixed English sentence, translated by its text when a file has it.
        InvalidInput old = InvalidInput.of("username", "That username is taken; choose another.");
        assertThat(old.problems().get("username").keyed()).isFalse();
        assertThat(Messages.of("fr").errors(old)).containsEntry("username",
                "Ce nom d’utilisateur est pris ; choisissez-en un autre.");
        InvalidInput.Collector both = new InvalidInput.Collector().add("a", "A sentence nobody translated.")
                .add("b", Message.of("svc.bio.long"));
        InvalidInput collected = org.assertj.core.api.Assertions.catchThrowableOfType(both::throwIfAny,
                InvalidInput.class);
        assertThat(Messages.of("es").errors(collected)).containsEntry("a", "A sentence nobody translated.")
                .containsEntry("b", Messages.of("es").t("svc.bio.long"));
        Forbidden refused = new Forbidden(Message.of("groups.service.bannedFrom", "Energy"));
        assertThat(refused.getMessage()).isEqualTo("A moderator removed you from Energy; you cannot post there.");
        assertThat(Messages.of("es").text(refused)).isEqualTo("Un moderador le retiró de Energy; no puede publicar allí.");
    }

    /** Every key the code names in {@code Message.of("...")} has a text (so no reader ever sees a bare key). */
    @Test
    void noMessageFileHoldsAMergeConflict() throws IOException {
        // Merge markers parse as keys ("<<<<<<<" and so on), so the same junk in every language passes the check
        // above: it happened once (admin.*.properties, merge of the hub branch).
        try (Stream<Path> files = Files.list(Path.of("../web/i18n"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".properties")).toList()) {
                assertThat(Files.readAllLines(file)).as(file.toString())
                        .noneMatch(l -> l.startsWith("<<<<<<<") || l.startsWith(">>>>>>>") || l.equals("======="));
            }
        }
    }

    @Test
    void everyKeyTheCodeNamesExists() throws IOException {
        Path sources = Path.of("src/main/java");
        assertThat(sources).isDirectory();
        Pattern named = Pattern.compile("Message\\.of\\(\\s*\"([a-zA-Z0-9_.]+)\"");
        TreeSet<String> missing = new TreeSet<>();
        int seen = 0;
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = named.matcher(Files.readString(file));
                while (m.find()) {
                    seen++;
                    if (!Messages.of("en").has(m.group(1))) {
                        missing.add(m.group(1) + " (" + file.getFileName() + ")");
                    }
                }
            }
        }
        assertThat(seen).isGreaterThan(100);
        assertThat(missing).isEmpty();
    }
}

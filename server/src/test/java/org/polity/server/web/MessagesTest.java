package org.polity.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

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
}

package org.polity.server.translations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reader's content languages: {@code Accept-Language} read by weight (RFC 9110 12.5.4), leniently, and the
 * order of the explicit choice, the member's language, the header and the UI's; and {@link Translated#pick(List)}
 * over that order.
 */
class ReaderLanguagesTest {
    @Test
    void weightsOrderTheHeaderAndTiesKeepItsOrder() {
        assertThat(ReaderLanguages.fromAcceptLanguage("de, fr;q=0.8")).containsExactly("de", "fr");
        assertThat(ReaderLanguages.fromAcceptLanguage("fr;q=0.5, de-AT, es;q=0.9")).containsExactly("de-AT", "es",
                "fr");
        // equal weights (written or implied) keep the order they were sent in
        assertThat(ReaderLanguages.fromAcceptLanguage("it;q=0.7, pt;q=0.7, en;q=0.700, nl"))
                .containsExactly("nl", "it", "pt", "en");
        assertThat(ReaderLanguages.fromAcceptLanguage("ja;q=1.000, ko;q=1")).containsExactly("ja", "ko");
        assertThat(ReaderLanguages.fromAcceptLanguage("en;q=0.001, sv;q=0.01")).containsExactly("sv", "en");
        // tags come out in their canonical case, each once
        assertThat(ReaderLanguages.fromAcceptLanguage("PT-br, pt-BR;q=0.4, zh-hant")).containsExactly("pt-BR",
                "zh-Hant");
        // weight and parameter spelling: Q= is a q=, spaces around ; are allowed
        assertThat(ReaderLanguages.fromAcceptLanguage("da ; Q=0.3 , fi;q=0.6")).containsExactly("fi", "da");
    }

    @Test
    void theWildcardAndUnacceptableLanguagesAreLeftOut() {
        assertThat(ReaderLanguages.fromAcceptLanguage("*")).isEmpty();
        assertThat(ReaderLanguages.fromAcceptLanguage("fr, *;q=0.5")).containsExactly("fr");
        assertThat(ReaderLanguages.fromAcceptLanguage("de;q=0, fr;q=0.000, es")).containsExactly("es");
    }

    @Test
    void malformedElementsAreSkippedAndTheRestStillCounts() {
        assertThat(ReaderLanguages.fromAcceptLanguage(null)).isEmpty();
        assertThat(ReaderLanguages.fromAcceptLanguage("")).isEmpty();
        assertThat(ReaderLanguages.fromAcceptLanguage("  ,, ")).isEmpty();
        // a weight that is not a qvalue (over 1, four decimals, not a number), another parameter, a bad range
        assertThat(ReaderLanguages.fromAcceptLanguage("de;q=2, it;q=0.1234, nl;q=high, pl;level=1, "
                + "toolongrange, en_US;q=0.2, fr;q=0.5")).containsExactly("fr");
        assertThat(ReaderLanguages.fromAcceptLanguage("es;;q=0.5, sv;q=0.5;q=0.4, ru; q = 0.5, uk")).containsExactly(
                "uk");
        // ranges of no known language, and private use, are not languages to show
        assertThat(ReaderLanguages.fromAcceptLanguage("xx, x-klingon, en")).containsExactly("en");
        // an endless header is read up to its last whole element within the limit, and at most MAX_RANGES kept
        String many = "fr;q=0.9, " + "de;q=0.5, ".repeat(1_000) + "es";
        assertThat(ReaderLanguages.fromAcceptLanguage(many)).containsExactly("fr", "de");
        StringBuilder distinct = new StringBuilder();
        for (String tag : Languages.OFFERED) {
            distinct.append(tag).append(", ");
        }
        assertThat(ReaderLanguages.fromAcceptLanguage(distinct.toString())).hasSize(ReaderLanguages.MAX_RANGES)
                .startsWith("en", "fr", "es");
    }

    @Test
    void theSwitchComesFirstThenTheMembersChoiceThenTheBrowserThenTheUi() {
        assertThat(ReaderLanguages.order("es", "fr", null, "de, fr;q=0.8", "en"))
                .containsExactly("es", "fr", "de", "en");
        assertThat(ReaderLanguages.order(null, "", null, "de-AT, fr;q=0.5", "en"))
                .containsExactly("de-AT", "fr", "en");
        assertThat(ReaderLanguages.order(null, "", "es", "ja", "es")).containsExactly("es", "ja");
        // an invalid ?lang= or a blank choice is skipped, not an error
        assertThat(ReaderLanguages.order("<script>", "", null, null, "en")).containsExactly("en");
    }

    @Test
    void pickTakesTheFirstLanguageTheObjectHas() {
        Translated t = new Translated(new Translation("en", "Citizen panels", null, "<p>en</p>", null), List.of(
                new Translation("fr", "Panels citoyens", null, "<p>fr</p>", null),
                new Translation("de", "Bürgerräte", null, "<p>de</p>", null)));
        assertThat(t.pick(ReaderLanguages.fromAcceptLanguage("fr")).lang()).isEqualTo("fr");
        assertThat(t.pick(ReaderLanguages.fromAcceptLanguage("de-AT, fr;q=0.5")).lang()).isEqualTo("de");
        assertThat(t.pick(ReaderLanguages.fromAcceptLanguage("ja")).lang()).isEqualTo("en");
        assertThat(t.pick(ReaderLanguages.fromAcceptLanguage("ja, fr;q=0.2, de;q=0.1")).lang()).isEqualTo("fr");
        assertThat(t.pick(List.of()).lang()).isEqualTo("en");
        // the single-language form is the list of one
        assertThat(t.pick("de-CH").lang()).isEqualTo("de");
        assertThat(t.pick((String) null).lang()).isEqualTo("en");
    }
}

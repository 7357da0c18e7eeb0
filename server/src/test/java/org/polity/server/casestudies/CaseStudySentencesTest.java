package org.polity.server.casestudies;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.polity.server.service.Message;
import org.polity.server.web.Messages;

/**
 * Every sentence the case study service answers is, verbatim, the English text of exactly one message key,
 * so every language has its text; and the controlled values all have labels.
 */
class CaseStudySentencesTest {
    @Test
    void everyServiceMessageHasATextAndATranslation() throws Exception {
        List<Message> messages = new ArrayList<>();
        for (Field f : CaseStudyChecks.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == Message.class) {
                f.setAccessible(true);
                messages.add((Message) f.get(null));
            }
        }
        assertThat(messages).hasSizeGreaterThan(20);
        for (Message message : messages) {
            String english = Messages.of("en").t(message);
            assertThat(english).as(message.key()).isNotEqualTo(message.key()).isEqualTo(message.english());
            for (String lang : Messages.LANGUAGES) {
                if (!lang.equals("en")) {
                    assertThat(Messages.of(lang).t(message)).as(lang + ": " + message.key()).isNotEqualTo(english)
                            .isNotEqualTo(message.key());
                }
            }
        }
    }

    @Test
    void everyControlledValueHasALabelInEveryLanguage() {
        for (String lang : List.of("en", "fr", "es")) {
            Messages m = Messages.of(lang);
            CaseStudyTerms.LEVELS.forEach(k -> assertThat(m.has("casestudies.level." + k)).as(k).isTrue());
            CaseStudyTerms.SECTORS.forEach(k -> assertThat(m.has("casestudies.sector." + k)).as(k).isTrue());
            CaseStudyTerms.STAGES.forEach(k -> assertThat(m.has("casestudies.stage." + k)).as(k).isTrue());
            CaseStudyTerms.FACETS.forEach(k -> assertThat(m.has("casestudies.facet." + k)).as(k).isTrue());
            for (int n = 1; n <= CaseStudyTerms.SDG_COUNT; n++) {
                assertThat(m.t("casestudies.sdg." + n)).isNotEqualTo("casestudies.sdg." + n);
            }
        }
        assertThat(CaseStudyTerms.sdg("http://metadata.un.org/sdg/3")).isEqualTo(3);
        assertThat(CaseStudyTerms.sdg("18")).isZero();
    }

    @Test
    void theWordDiffMarksWhatChanged() {
        List<WordDiff.Part> parts = WordDiff.diff("Take-up rose to 98%.", "Take-up rose quickly to 99%.");
        assertThat(parts).containsExactly(new WordDiff.Part(WordDiff.Kind.SAME, "Take-up rose "),
                new WordDiff.Part(WordDiff.Kind.ADDED, "quickly "), new WordDiff.Part(WordDiff.Kind.SAME, "to "),
                new WordDiff.Part(WordDiff.Kind.REMOVED, "98%."), new WordDiff.Part(WordDiff.Kind.ADDED, "99%."));
    }
}

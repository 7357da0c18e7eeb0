package org.polity.server.challenges;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.polity.server.service.InvalidInput;
import org.polity.server.text.MessageCatalog;

/** The challenge's field checks, its lifecycle and its stable question ids; every message in three languages. */
class ChallengeChecksTest {
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    static Challenge mexico(List<Challenge.Question> questions, Instant deadline) {
        return new Challenge("Transparency in the energy sector", "How can the energy sector be more open?",
                "Mexico's **energy** agency asks.", "MX", "Secretaría de Energía", questions,
                List.of(new Challenge.Category(null, "Transparent and efficient resource management"),
                        new Challenge.Category(null, "Products and services"),
                        new Challenge.Category(null, "Processes and ways of working"),
                        new Challenge.Category(null, "Civic participation")),
                "energy", List.of("transparency"), List.of(7, 16), deadline, List.of("es", "en"),
                "retos@energia.gob.mx", ChallengeStatus.DRAFT, "", false);
    }

    static List<Challenge.Question> threeQuestions() {
        return List.of(
                new Challenge.Question(null, "How to increase access to a knowledge base on natural resources?"),
                new Challenge.Question(null, "How to make resource management more transparent and efficient?"),
                new Challenge.Question(null, "How can citizens be involved in themes regarding energy sufficiency?"));
    }

    private static java.util.Map<String, String> errors(Challenge c) {
        return assertThrows(InvalidInput.class, () -> ChallengeChecks.validate(c, NOW)).errors();
    }

    @Test
    void theModelCaseIsValid() {
        assertDoesNotThrow(() -> ChallengeChecks.validate(mexico(threeQuestions(), NOW.plus(Duration.ofDays(30))), NOW));
    }

    @Test
    void missingTitleNoQuestionPastDeadlineAndTooManyQuestionsAreRefused() {
        Challenge noTitle = new Challenge(" ", "", "", "MX", "Sener", threeQuestions(), List.of(), "", List.of(),
                List.of(), null, List.of(), "", null, "", false);
        assertTrue(errors(noTitle).containsKey("title"));
        assertTrue(errors(mexico(List.of(), null)).containsKey("questions"));
        assertTrue(errors(mexico(List.of(new Challenge.Question(null, "  ")), null)).containsKey("questions"));
        assertTrue(errors(mexico(threeQuestions(), NOW.minus(Duration.ofDays(1)))).containsKey("deadline"));
        List<Challenge.Question> eleven = Collections.nCopies(11, new Challenge.Question(null, "Why?"));
        assertTrue(errors(mexico(eleven, null)).containsKey("questions"));
    }

    @Test
    void hostileValuesAreRefused() {
        Challenge c = new Challenge("t", "", "", "XX", "", threeQuestions(), List.of(), "not-a-sector", List.of(),
                List.of(0, 18), null, List.of(), "x".repeat(201), null, "", false);
        var e = errors(c);
        for (String field : List.of("country", "organisation", "sector", "sdgs", "contact")) {
            assertTrue(e.containsKey(field), field + " in " + e);
        }
    }

    @Test
    void lifecycleMovesOneStepAndClosingNeedsAnOutcome() {
        assertDoesNotThrow(() -> ChallengeChecks.transition(ChallengeStatus.DRAFT, ChallengeStatus.OPEN, ""));
        assertDoesNotThrow(() -> ChallengeChecks.transition(ChallengeStatus.OPEN, ChallengeStatus.REVIEWING, ""));
        assertTrue(assertThrows(InvalidInput.class, () -> ChallengeChecks.transition(ChallengeStatus.REVIEWING,
                ChallengeStatus.CLOSED, " ")).errors().containsKey("outcome"));
        assertDoesNotThrow(() -> ChallengeChecks.transition(ChallengeStatus.REVIEWING, ChallengeStatus.CLOSED,
                "Three pilots chosen."));
        assertTrue(assertThrows(InvalidInput.class, () -> ChallengeChecks.transition(ChallengeStatus.DRAFT,
                ChallengeStatus.CLOSED, "x")).errors().containsKey("status"));
        assertTrue(assertThrows(InvalidInput.class, () -> ChallengeChecks.transition(ChallengeStatus.CLOSED,
                ChallengeStatus.OPEN, "")).errors().containsKey("status"));
        assertEquals(ChallengeStatus.REVIEWING, ChallengeStatus.ofKey("reviewing").orElseThrow());
    }

    @Test
    void questionIdsAreStableAndNewOnesTakeTheNextNumber() {
        String id = "https://mx.example/objects/abc";
        Challenge stored = mexico(threeQuestions(), null).withIds(id);
        assertEquals(id + "/questions/2", stored.questions().get(1).id());
        assertEquals(id + "/categories/4", stored.categories().get(3).id());
        List<Challenge.Question> edited = new java.util.ArrayList<>(stored.questions());
        edited.remove(0);
        edited.add(new Challenge.Question(null, "A fourth?"));
        Challenge again = mexico(edited, null).withIds(id);
        assertEquals(id + "/questions/2", again.questions().get(0).id());
        assertEquals(id + "/questions/4", again.questions().get(2).id());
    }

    @Test
    void everyMessageIsInThreeLanguages() {
        for (String lang : List.of("en", "fr", "es")) {
            var texts = MessageCatalog.get().texts(lang);
            for (String key : List.of("title", "questions", "question", "deadline", "outcome", "transition",
                    "country", "organisation", "sector", "sdg", "contact", "categories", "category", "tags",
                    "summary", "description")) {
                assertTrue(texts.containsKey("challenges.error." + key), lang + ": " + key);
            }
        }
    }
}

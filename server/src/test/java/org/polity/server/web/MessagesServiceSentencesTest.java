package org.polity.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.polity.server.crypto.Passwords;
import org.polity.server.service.ActorService;
import org.polity.server.service.Message;

/**
 * Services say what is wrong with keyed messages ({@link Message}); the old String forms (for code not converted
 * yet) still give the English of the same keys, and {@link Messages#fromEnglish} (deprecated) still finds a
 * fixed English sentence's translation.
 */
@SuppressWarnings("deprecation")
class MessagesServiceSentencesTest {
    @Test
    void serviceSentencesMatchTheirMessageKeys() {
        Messages en = Messages.of("en");
        assertThat(Passwords.problem("short")).isEqualTo(en.t("svc.password.short"));
        assertThat(Passwords.problem("x".repeat(Passwords.MAX_LENGTH + 1))).isEqualTo(en.t("svc.password.long"));
        assertThat(Passwords.problem(" ".repeat(12))).isEqualTo(en.t("svc.password.spaces"));
        assertThat(ActorService.usernameProblem("")).isEqualTo(en.t("svc.username.empty"));
        assertThat(ActorService.usernameProblem("Not Valid!")).isEqualTo(en.t("svc.username.format"));
        assertThat(ActorService.usernameMessage("Not Valid!")).isEqualTo(Message.of("svc.username.format"));
        assertThat(Passwords.problemMessage("short")).isEqualTo(Message.of("svc.password.short"));
        assertThat(Passwords.problemMessage("a good long passphrase")).isNull();
        assertThat(org.polity.server.activitypub.ContentRules.TOO_LONG).isEqualTo(en.t("svc.content.long"))
                .isEqualTo(en.t("post.error.long", org.polity.server.activitypub.ContentRules.MAX_CONTENT));
        assertThat(Messages.of("fr").fromEnglish(org.polity.server.activitypub.ContentRules.TOO_LONG))
                .isEqualTo(Messages.of("fr").t("post.error.long", org.polity.server.activitypub.ContentRules.MAX_CONTENT));
        int article = org.polity.server.activitypub.ContentRules.MAX_ARTICLE;
        assertThat(org.polity.server.activitypub.ContentRules.ARTICLE_TOO_LONG).isEqualTo(en.t("svc.article.long"))
                .isEqualTo(en.t("blog.error.contentLong", article));
        for (String lang : java.util.List.of("fr", "es")) {
            assertThat(Messages.of(lang).fromEnglish(org.polity.server.activitypub.ContentRules.ARTICLE_TOO_LONG))
                    .isEqualTo(Messages.of(lang).t("blog.error.contentLong", article));
        }
    }

    @Test
    void fromEnglishTranslatesKnownSentencesAndKeepsOthers() {
        Messages fr = Messages.of("fr");
        assertThat(fr.fromEnglish("That username is taken; choose another."))
                .isEqualTo("Ce nom d’utilisateur est pris ; choisissez-en un autre.");
        assertThat(fr.fromEnglish("A sentence nobody translated.")).isEqualTo("A sentence nobody translated.");
        assertThat(Messages.of("es").fromEnglish(Map.of("bio", "Keep the bio under 5000 characters.")))
                .containsEntry("bio", "La biografía debe tener menos de 5000 caracteres.");
        assertThat(fr.fromEnglish((String) null)).isNull();
    }
}

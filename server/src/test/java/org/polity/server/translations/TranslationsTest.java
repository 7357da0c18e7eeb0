package org.polity.server.translations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.polity.server.service.Message;
import org.polity.server.service.InvalidInput;

/** Language maps read from the wire (ApToTranslations), written from input (TranslationsInput), and the form. */
class TranslationsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s.replace('\'', '"'));
    }

    @Test
    void languageTagsAreValidatedAndCanonical() {
        assertThat(Languages.normalise("es-mx")).contains("es-MX");
        assertThat(Languages.normalise("pt_BR")).contains("pt-BR");
        assertThat(Languages.normalise("DE")).contains("de");
        assertThat(Languages.normalise("zh-hant")).contains("zh-Hant");
        assertThat(Languages.normalise("klingon")).isEmpty();
        assertThat(Languages.normalise("xx")).isEmpty();
        assertThat(Languages.normalise("und")).isEmpty();
        assertThat(Languages.normalise("en fr")).isEmpty();
        assertThat(Languages.normalise("")).isEmpty();
        assertThat(Languages.autonym("fr")).isEqualTo("Français");
    }

    @Test
    void mastodonsFormContentAndAOneKeyContentMap() throws Exception {
        Translated t = ApToTranslations.read(json("{'type':'Note','content':'<p>Hola</p>',"
                + "'contentMap':{'es':'<p>Hola</p>'}}"));
        assertThat(t.defaultLang()).isEqualTo("es");
        assertThat(t.primary().contentHtml()).isEqualTo("<p>Hola</p>");
        assertThat(t.translations()).isEmpty();
        assertThat(t.languages()).containsExactly("es");
    }

    @Test
    void anObjectWithOnlyAContentMapShows() throws Exception {
        Translated t = ApToTranslations.read(json("{'type':'Article','nameMap':{'fr':'Titre','en':'Title'},"
                + "'contentMap':{'fr':'<p>Bonjour<script>x()</script></p>','en':'<p>Hello</p>'}}"));
        assertThat(t.defaultLang()).isEqualTo("fr");
        assertThat(t.primary().name()).isEqualTo("Titre");
        assertThat(t.primary().contentHtml()).isEqualTo("<p>Bonjour</p>");
        assertThat(t.pick("en").contentHtml()).isEqualTo("<p>Hello</p>");
        assertThat(t.pick("en").name()).isEqualTo("Title");
        assertThat(t.pick("en-GB").lang()).isEqualTo("en");
        assertThat(t.pick("de").lang()).isEqualTo("fr");
    }

    @Test
    void everyLanguageIsKeptAndSanitisedBadKeysDropped() throws Exception {
        Translated t = ApToTranslations.read(json("{'content':'<p>Hello</p>','name':'Hi',"
                + "'contentMap':{'en':'<p>Hello</p>','es-mx':'<p onclick=\\\"x\\\">Hola</p>','not a tag':'<p>?</p>',"
                + "'pt':5},'summaryMap':{'en':'<p>S</p>','es-MX':'<p>R</p>'}}"));
        assertThat(t.defaultLang()).isEqualTo("en");
        assertThat(t.languages()).containsExactly("en", "es-MX");
        Translation es = t.exactly("es-MX").orElseThrow();
        assertThat(es.contentHtml()).isEqualTo("<p>Hola</p>");
        assertThat(es.summaryHtml()).isEqualTo("<p>R</p>");
        assertThat(t.pick("es").lang()).isEqualTo("es-MX");
    }

    @Test
    void plainContentOfUnknownLanguageKeepsTheMapAsTranslations() throws Exception {
        Translated t = ApToTranslations.read(json("{'content':'<p>Hello</p>','contentMap':{'fr':'<p>Salut</p>'}}"));
        assertThat(t.defaultLang()).isNull();
        assertThat(t.primary().contentHtml()).isEqualTo("<p>Hello</p>");
        assertThat(t.pick("fr").contentHtml()).isEqualTo("<p>Salut</p>");
        assertThat(t.pick("en").contentHtml()).isEqualTo("<p>Hello</p>");
    }

    @Test
    void aPayloadWithoutMapsIsNotParsed() {
        Translated t = ApToTranslations.fromPayload("{\"content\":\"x\"}", "N", "<p>x</p>");
        assertThat(t.isTranslated()).isFalse();
        assertThat(t.defaultLang()).isNull();
        assertThat(t.primary().contentHtml()).isEqualTo("<p>x</p>");
    }

    @Test
    void markdownInputBecomesEveryMapWithTheDefaultInThePlainValues() throws Exception {
        ObjectNode object = JSON.createObjectNode();
        JsonNode input = json("{'name':'Title','nameMap':{'en':'Title','fr':'Titre'},"
                + "'source':{'content':'Hello **you**','mediaType':'text/markdown',"
                + "'contentMap':{'en':'Hello **you**','fr':'Bonjour **vous**'}}}");
        object.put("name", "Title");
        TranslationsInput.apply(object, input, null, 1000, Message.literal("too long"));
        assertThat(object.path("content").asText()).isEqualTo("<p>Hello <strong>you</strong></p>");
        assertThat(object.path("contentMap").path("fr").asText()).isEqualTo("<p>Bonjour <strong>vous</strong></p>");
        assertThat(object.path("nameMap").path("fr").asText()).isEqualTo("Titre");
        assertThat(object.path("source").path("contentMap").path("fr").asText()).isEqualTo("Bonjour **vous**");
        Translated read = ApToTranslations.read(object);
        assertThat(read.defaultLang()).isEqualTo("en");
        assertThat(read.exactly("fr").orElseThrow().contentSource()).isEqualTo("Bonjour **vous**");
    }

    @Test
    void anUpdateWithoutMapsKeepsTranslationsAndRefreshesTheDefault() throws Exception {
        ObjectNode object = (ObjectNode) json("{'content':'<p>new</p>','contentMap':{'en':'<p>old</p>',"
                + "'fr':'<p>vieux</p>'}}");
        TranslationsInput.apply(object, json("{'content':'<p>new</p>'}"), "en", 1000, Message.literal("too long"));
        assertThat(object.path("contentMap").path("en").asText()).isEqualTo("<p>new</p>");
        assertThat(object.path("contentMap").path("fr").asText()).isEqualTo("<p>vieux</p>");
    }

    @Test
    void badMapsAreRefusedAndChangeNothing() throws Exception {
        ObjectNode object = JSON.createObjectNode().put("content", "<p>a</p>");
        String before = object.toString();
        assertThatThrownBy(() -> TranslationsInput.apply(object, json("{'contentMap':{'nope!':'<p>a</p>'}}"), null,
                100, Message.literal("too long"))).isInstanceOf(InvalidInput.class).hasMessage(TranslationsInput.BAD_TAG.english());
        assertThatThrownBy(() -> TranslationsInput.apply(object, json("{'contentMap':{'en':7}}"), null, 100,
                Message.literal("too long"))).hasMessage(TranslationsInput.NOT_TEXT.english());
        assertThatThrownBy(() -> TranslationsInput.apply(object, json("{'contentMap':{'en':'" + "x".repeat(101)
                + "'}}"), null, 100, Message.literal("too long"))).hasMessage("too long");
        assertThatThrownBy(() -> TranslationsInput.apply(object, json("{'content':'<p>a</p>',"
                + "'contentMap':{'fr':'<p>b</p>'}}"), null, 100, Message.literal("too long"))).hasMessage(TranslationsInput.NO_DEFAULT.english());
        assertThat(object.toString()).isEqualTo(before);
    }

    @Test
    void theFormParserChecksEachBlock() {
        Map<String, String> f = new HashMap<>();
        f.put("translation-0-lang", "fr");
        f.put("translation-0-title", "Titre");
        f.put("translation-0-content", "Texte");
        f.put("translation-1-lang", "fr");
        f.put("translation-1-title", "Autre");
        f.put("translation-1-content", "Texte");
        f.put("translation-2-lang", "en");
        f.put("translation-2-title", "");
        f.put("translation-2-content", "");
        f.put("translation-3-lang", "de");
        f.put("translation-3-remove", "on");
        f.put("translation-4-lang", "");
        TranslationForm.Parsed p = TranslationForm.parse(f::get, "en", true, 200, 1000);
        assertThat(p.errors()).containsEntry("translation-1-lang", "translations.error.duplicate")
                .containsEntry("translation-2-lang", "translations.error.sameAsDefault")
                .containsEntry("translation-2-title", "translations.error.titleEmpty")
                .containsEntry("translation-2-content", "translations.error.contentEmpty")
                .doesNotContainKey("translation-0-lang").doesNotContainKey("translation-3-lang");
        // 0, 1, 2 and the empty block 4 are shown again (renumbered 0..3), the removed one is gone; one more added.
        assertThat(p.blocks()).isEqualTo(5);
        assertThat(p.values()).containsEntry("translation-3-lang", "").containsEntry("translation-4-lang", "");
        assertThat(p.entries()).hasSize(3);
    }
}

package org.polity.server.translations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.federation.crypto.RsaKeys;
import org.polity.federation.inbox.Outcome;
import org.polity.federation.vocab.ApReader;
import org.polity.server.activitypub.inbox.InboxContext;
import org.polity.server.activitypub.inbox.InboxHandlers;
import org.polity.server.model.Actor;
import org.polity.server.model.ActorType;
import org.polity.server.model.InboxItem;
import org.polity.server.model.StoredObject;
import org.polity.server.testing.TestInstance;

/**
 * Objects from other servers in several languages, through the inbox's handler table (as if their signatures
 * had verified): an Article with only {@code contentMap}/{@code nameMap} (no plain values) and a Mastodon-style
 * Note ({@code content} with a one-key {@code contentMap}) are stored, shown, and read in the reader's language;
 * an Update brings a new language.
 */
class RemoteTranslationsTest {
    @TempDir
    static Path dataDir;
    static TestInstance instance;
    static final ApReader READER = new ApReader();
    static final String ACTOR = "https://remote.example/users/ines";

    @BeforeAll
    static void start() {
        instance = TestInstance.start(dataDir, Map.of());
        Instant now = Instant.now();
        instance.server().polity().storage().stores().actors().upsertRemote(new Actor(0, ACTOR, ActorType.Person,
                "ines", "remote.example", false, "Inés", "", ACTOR + "/inbox", null, null, ACTOR + "/followers", null,
                ACTOR, ACTOR + "#main-key", RsaKeys.publicKeyPem(RsaKeys.generate().getPublic()), false, now, now));
    }

    @AfterAll
    static void stop() {
        instance.close();
    }

    private static Outcome deliver(String json) throws Exception {
        ObjectNode activity = READER.parse(json.replace('\'', '"').getBytes(java.nio.charset.StandardCharsets.UTF_8));
        InboxItem item = new InboxItem(0, activity.get("id").asText(), activity.get("type").asText(), ACTOR, null,
                activity.toString(), Instant.now(), InboxItem.State.QUEUED, 0, Instant.now(), null, null);
        return InboxHandlers.table().dispatch(new InboxContext(instance.server().polity(), item), activity);
    }

    @Test
    void anArticleWithOnlyLanguageMapsShowsInTheReadersLanguage() throws Exception {
        String id = "https://remote.example/articles/1";
        Outcome created = deliver("{'@context':'https://www.w3.org/ns/activitystreams','id':'" + id + "#create',"
                + "'type':'Create','actor':'" + ACTOR + "','to':['https://www.w3.org/ns/activitystreams#Public'],"
                + "'object':{'id':'" + id + "','type':'Article','attributedTo':'" + ACTOR + "',"
                + "'published':'2026-12-01T10:00:00Z','to':['https://www.w3.org/ns/activitystreams#Public'],"
                + "'nameMap':{'es':'Presupuestos abiertos','en':'Open budgets'},"
                + "'contentMap':{'es':'<p>Publicamos <b>cada</b> línea.</p>','en':'<p>We publish every line.</p>'}}}");
        assertThat(created.kind()).as(created.detail()).isEqualTo(Outcome.Kind.PROCESSED);
        StoredObject stored = instance.server().polity().storage().stores().objects().findObjectByUri(id)
                .orElseThrow();
        assertThat(stored.contentHtml()).contains("Publicamos");

        Document spanish = instance.browser().acceptLanguage("es").page("/blog");
        assertThat(spanish.select("#entries .entry-title").text()).isEqualTo("Presupuestos abiertos");
        assertThat(spanish.select("#entries .entry-title").attr("lang")).isEqualTo("es");
        assertThat(spanish.select("#entries .excerpt").text()).contains("Publicamos cada línea.");
        Document english = instance.browser().acceptLanguage("en").page("/blog");
        assertThat(english.select("#entries .entry-title").text()).isEqualTo("Open budgets");
        assertThat(english.select("#entries .excerpt").attr("lang")).isEqualTo("en");
        Document french = instance.browser().acceptLanguage("fr").page("/blog");
        assertThat(french.select("#entries .entry-title").text()).as("no French: the default")
                .isEqualTo("Presupuestos abiertos");

        // An Update adds Portuguese.
        Outcome updated = deliver("{'@context':'https://www.w3.org/ns/activitystreams','id':'" + id + "#update',"
                + "'type':'Update','actor':'" + ACTOR + "','to':['https://www.w3.org/ns/activitystreams#Public'],"
                + "'object':{'id':'" + id + "','type':'Article','attributedTo':'" + ACTOR + "',"
                + "'updated':'2026-12-02T10:00:00Z','to':['https://www.w3.org/ns/activitystreams#Public'],"
                + "'nameMap':{'es':'Presupuestos abiertos','en':'Open budgets','pt-BR':'Orçamentos abertos'},"
                + "'contentMap':{'es':'<p>Publicamos cada línea.</p>','en':'<p>We publish every line.</p>',"
                + "'pt-BR':'<p>Publicamos cada linha.</p>'}}}");
        assertThat(updated.kind()).as(updated.detail()).isEqualTo(Outcome.Kind.PROCESSED);
        StoredObject after = instance.server().polity().storage().stores().objects().findObjectByUri(id)
                .orElseThrow();
        Translated t = ApToTranslations.fromPayload(after.payload(), after.name(), after.contentHtml());
        assertThat(t.languages()).containsExactly("es", "en", "pt-BR");
        assertThat(t.pick("pt").name()).isEqualTo("Orçamentos abertos");
        assertThat(after.updatedAt()).isEqualTo(Instant.parse("2026-12-02T10:00:00Z"));
    }

    @Test
    void aMastodonNoteKeepsItsLanguage() throws Exception {
        String id = "https://remote.example/statuses/2";
        Outcome created = deliver("{'@context':'https://www.w3.org/ns/activitystreams','id':'" + id + "/activity',"
                + "'type':'Create','actor':'" + ACTOR + "','to':['https://www.w3.org/ns/activitystreams#Public'],"
                + "'object':{'id':'" + id + "','type':'Note','attributedTo':'" + ACTOR + "',"
                + "'to':['https://www.w3.org/ns/activitystreams#Public'],"
                + "'content':'<p>Bom dia</p>','contentMap':{'pt':'<p>Bom dia</p>'}}}");
        assertThat(created.kind()).as(created.detail()).isEqualTo(Outcome.Kind.PROCESSED);
        StoredObject stored = instance.server().polity().storage().stores().objects().findObjectByUri(id)
                .orElseThrow();
        Translated t = ApToTranslations.fromPayload(stored.payload(), stored.name(), stored.contentHtml());
        assertThat(t.defaultLang()).isEqualTo("pt");
        assertThat(t.isTranslated()).isFalse();
        Document results = instance.browser().page("/search?q=" + "Bom");
        assertThat(results.select("#entries .excerpt[lang=pt]").text()).contains("Bom dia");
    }
}

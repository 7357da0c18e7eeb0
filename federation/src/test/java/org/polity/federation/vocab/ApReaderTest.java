package org.polity.federation.vocab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApReaderTest {
    private static final ApReader READER = new ApReader();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ApObject read(String json) {
        return READER.read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void addressingAcceptsStringObjectAndArray() {
        ApObject note = read("""
                {"id": "https://a.example/n/1", "type": "Note",
                 "to": "https://www.w3.org/ns/activitystreams#Public",
                 "cc": [{"id": "https://a.example/u/bob", "type": "Person"}, "https://a.example/u/alice/followers"],
                 "audience": {"id": "https://g.example/c/group", "type": "Group"},
                 "bto": [], "bcc": "https://a.example/u/carol"}
                """);
        assertThat(note.to()).containsExactly(ActivityStreams.PUBLIC);
        assertThat(note.cc()).containsExactly("https://a.example/u/bob", "https://a.example/u/alice/followers");
        assertThat(note.audience()).containsExactly("https://g.example/c/group");
        assertThat(note.bto()).isEmpty();
        assertThat(note.bcc()).containsExactly("https://a.example/u/carol");
        assertThat(note.ccRefs().values().get(0).isEmbedded()).isTrue();
    }

    @Test
    void publicInEverySpelling() {
        for (String value : List.of(ActivityStreams.PUBLIC, "as:Public", "Public")) {
            assertThat(read("{\"type\": \"Note\", \"cc\": [\"" + value + "\"]}").isPublic()).as(value).isTrue();
        }
        assertThat(read("{\"type\": \"Note\", \"to\": \"https://a.example/u/bob\"}").isPublic()).isFalse();
        assertThat(read("{\"type\": \"Note\"}").isPublic()).isFalse();
    }

    @Test
    void firstKnownTypeDecidesAndEveryTypeIsKept() {
        ApObject challenge = read("{\"id\": \"https://p.example/c/1\", \"type\": [\"Article\", \"Challenge\"]}");
        assertThat(challenge.getClass()).isEqualTo(ApObject.class);
        assertThat(challenge.types()).containsExactly("Article", "Challenge");
        assertThat(challenge.firstType()).isEqualTo("Article");
        assertThat(challenge.hasType("Challenge")).isTrue();
        assertThat(READER.toJson(challenge).get("type")).isEqualTo(JSON.createArrayNode().add("Article").add("Challenge"));

        // An unknown type first: the first *known* one decides the class.
        assertThat(read("{\"type\": [\"Vote\", \"Create\"], \"actor\": \"https://a.example/u\"}"))
                .isInstanceOf(Activity.class);
        assertThat(read("{\"type\": [\"ChallengeCollection\", \"OrderedCollection\"]}"))
                .isInstanceOf(OrderedCollection.class);
        // Wholly unknown types read as a plain object.
        ApObject unknown = read("{\"type\": \"Vote\", \"weight\": 3}");
        assertThat(unknown.getClass()).isEqualTo(ApObject.class);
        assertThat(unknown.unknown("weight").asInt()).isEqualTo(3);
    }

    @Test
    void activityKeepsObjectAsIriOrEmbedded() {
        Activity undo = (Activity) read("""
                {"type": "Undo", "actor": {"id": "https://a.example/u/alice", "type": "Person"},
                 "object": {"id": "https://a.example/f/1", "type": "Follow", "actor": "https://a.example/u/alice",
                            "object": "https://b.example/u/bob"}}
                """);
        assertThat(undo.actor()).isEqualTo("https://a.example/u/alice");
        assertThat(undo.object().isEmbedded()).isTrue();
        assertThat(undo.objectId()).isEqualTo("https://a.example/f/1");
        Activity follow = undo.object().as(Activity.class);
        assertThat(follow.firstType()).isEqualTo("Follow");
        assertThat(follow.object().isIri()).isTrue();
        assertThat(follow.objectId()).isEqualTo("https://b.example/u/bob");

        Activity flag = (Activity) read("{\"type\": \"Flag\", \"actor\": \"https://a.example/u\","
                + " \"object\": [\"https://b.example/u/x\", \"https://b.example/n/1\"]}");
        assertThat(flag.objects()).extracting(ObjectRef::id).containsExactly("https://b.example/u/x", "https://b.example/n/1");
    }

    @Test
    void tagsAreTypedLinksAndObjects() {
        ApObject note = read("""
                {"type": "Note", "tag": [
                  {"type": "Mention", "href": "https://a.example/u/bob", "name": "@bob@a.example"},
                  {"type": "Hashtag", "href": "https://a.example/tags/opengov", "name": "#opengov"},
                  {"id": "https://a.example/emoji/1", "type": "Emoji", "name": ":gov:",
                   "icon": {"type": "Image", "url": "https://a.example/e.png"}}],
                 "url": [{"type": "Link", "href": "https://a.example/@bob/1", "mediaType": "text/html"}],
                 "source": {"content": "*hi*", "mediaType": "text/markdown"}}
                """);
        List<ObjectRef> tags = note.tagRefs().values();
        assertThat(tags.get(0).value()).isInstanceOf(Mention.class);
        assertThat(tags.get(1).value()).isInstanceOf(Hashtag.class);
        assertThat(tags.get(2).object().firstType()).isEqualTo("Emoji");
        assertThat(note.tag()).containsExactly("https://a.example/u/bob", "https://a.example/tags/opengov",
                "https://a.example/emoji/1");
        assertThat(note.url()).containsExactly("https://a.example/@bob/1");
        assertThat(note.source().mediaType()).isEqualTo("text/markdown");
    }

    @Test
    void idOfTakesStringOrObject() throws Exception {
        assertThat(ApReader.idOf(JSON.readTree("\"https://a.example/x\""))).isEqualTo("https://a.example/x");
        assertThat(ApReader.idOf(JSON.readTree("{\"id\": \"https://a.example/y\"}"))).isEqualTo("https://a.example/y");
        assertThat(ApReader.idOf(JSON.readTree("{\"href\": \"https://a.example/z\"}"))).isEqualTo("https://a.example/z");
        assertThat(ApReader.idOf(JSON.readTree("42"))).isNull();
        assertThat(ApReader.idOf(null)).isNull();
    }

    @Test
    void writingOmitsNullsAndKeepsUnknownProperties() throws Exception {
        JsonNode input = JSON.readTree("""
                {"id": "https://a.example/n/1", "type": "Note", "inReplyTo": null, "summary": null,
                 "atomUri": "https://a.example/n/1", "inReplyToAtomUri": null, "to": ["https://a.example/u"],
                 "custom": {"nested": [1, 2]}}
                """);
        JsonNode written = READER.toJson(READER.read(input));
        assertThat(written).isEqualTo(JSON.readTree("""
                {"id": "https://a.example/n/1", "type": "Note", "atomUri": "https://a.example/n/1",
                 "to": ["https://a.example/u"], "custom": {"nested": [1, 2]}}
                """));
    }

    @Test
    void buildsAndWritesAnObject() {
        ApObject note = new ApObject().id("https://p.example/n/1").type("Note").content("<p>Hi</p>")
                .to(List.of(ActivityStreams.PUBLIC));
        JsonNode json = READER.toJson(note);
        assertThat(json.get("type").asText()).isEqualTo("Note");
        assertThat(json.get("to").isArray()).isTrue();
        assertThat(json.has("summary")).isFalse();
        assertThat(READER.read(json).isPublic()).isTrue();
    }

    @Test
    void refusesDeepNesting() {
        String deep = "{\"type\": \"Note\", \"x\": " + "[".repeat(70) + "]".repeat(70) + "}";
        assertThatThrownBy(() -> read(deep)).isInstanceOf(InvalidApDocument.class).hasMessageContaining("depth");

        // The same limit for a tree that was parsed elsewhere.
        JsonNode tree = JSON.createObjectNode();
        JsonNode inner = tree;
        for (int i = 0; i < 70; i++) {
            inner = ((com.fasterxml.jackson.databind.node.ObjectNode) inner).putObject("x");
        }
        assertThatThrownBy(() -> READER.read(tree)).isInstanceOf(InvalidApDocument.class)
                .hasMessageContaining("deeper than 64");
    }

    @Test
    void refusesHugeArraysAndStrings() {
        String huge = "{\"type\": \"Note\", \"to\": [" + "\"x\",".repeat(10_000) + "\"x\"]}";
        assertThatThrownBy(() -> read(huge)).isInstanceOf(InvalidApDocument.class)
                .hasMessageContaining("array longer than 10000");
        String longString = "{\"type\": \"Note\", \"content\": \"" + "a".repeat(ApReader.MAX_STRING + 1) + "\"}";
        assertThatThrownBy(() -> read(longString)).isInstanceOf(InvalidApDocument.class)
                .hasMessageContaining("limit");
    }

    @Test
    void refusesWhatIsNotAnObject() {
        assertThatThrownBy(() -> read("[1, 2]")).isInstanceOf(InvalidApDocument.class).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> read("{\"type\": ")).isInstanceOf(InvalidApDocument.class).hasMessageContaining("malformed");
        assertThatThrownBy(() -> read("{\"id\": \"a\", \"id\": \"b\"}")).isInstanceOf(InvalidApDocument.class)
                .hasMessageContaining("Duplicate");
        assertThatThrownBy(() -> read("{\"type\": {\"x\": 1}}")).isInstanceOf(InvalidApDocument.class)
                .hasMessageContaining("type");
    }
}

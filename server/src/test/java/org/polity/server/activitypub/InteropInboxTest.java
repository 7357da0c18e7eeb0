package org.polity.server.activitypub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.polity.federation.crypto.RsaKeys;
import org.polity.federation.inbox.InboxDispatcher;
import org.polity.federation.inbox.Outcome;
import org.polity.federation.testing.SharedInterop;
import org.polity.federation.vocab.ApReader;
import org.polity.server.activitypub.inbox.InboxContext;
import org.polity.server.activitypub.inbox.InboxHandlers;
import org.polity.server.model.Actor;
import org.polity.server.model.ActorType;
import org.polity.server.model.InboxItem;
import org.polity.server.testing.TestInstance;

/**
 * The activities real servers send (../shared/interop/fixtures: Mastodon, Lemmy, Pleroma, Mbin, Mitra,
 * Smithereen, Friendica, PeerTube, WordPress, GNU social, lotide, Fedify) go through the inbox's handler
 * table as if their signatures had verified: what Polity supports is processed (or ignored with a reason),
 * never refused or crashed; what it does not support yet ends as UNSUPPORTED. Follows are re-aimed at a
 * local member, since the fixtures follow people elsewhere.
 */
class InteropInboxTest {
    @TempDir
    static Path dataDir;

    static TestInstance au;
    static Actor alice;
    static final ApReader READER = new ApReader();
    /** Activity types Polity does not handle yet, and why. */
    static final Map<String, String> NOT_YET = Map.of(
            "Dislike", "Polity has no down-votes");
    /** Fixtures whose activity Polity refuses today on purpose, and why. */
    static final Map<String, Outcome.Kind> EXPECTED_BY_FILE = Map.of(
            // A moderator's removal of someone else's comment in a community that is not one of ours: only the
            // group's host decides (its Announce of the removal is applied; see AnnounceGroupHandler).
            "remove_note.json", Outcome.Kind.REJECTED,
            // A moderator updating a community (Group) it is not: only the group updates itself.
            "update_community.json", Outcome.Kind.REJECTED,
            // Restoring a deleted post: a deletion clears the content here, there is nothing to restore.
            "undo_delete_page.json", Outcome.Kind.UNSUPPORTED);

    @BeforeAll
    static void start() {
        au = TestInstance.start(dataDir, Map.of("POLITY_ALLOW_PRIVATE_ADDRESSES", "false"));
        alice = au.member("alice");
    }

    @AfterAll
    static void stop() {
        au.close();
    }

    static List<Path> activityFixtures(Path fixtures) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(fixtures.resolve("lemmy"))) {
            files.filter(p -> p.toString().endsWith(".json") && p.toString().contains("/activities/"))
                    .sorted().forEach(out::add);
        }
        for (String name : List.of("mastodon-question-activity.json", "mastodon-vote.json",
                "mastodon-announce-private.json", "mastodon-undo-announce.json", "mastodon-update.json",
                "mastodon-block-activity.json", "misskey-like.json")) {
            try (Stream<Path> files = Files.walk(fixtures.resolve("pleroma-rebased"))) {
                files.filter(p -> p.getFileName().toString().equals(name)).forEach(out::add);
            }
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> realWorldActivitiesAreHandled() throws IOException {
        Path fixtures = SharedInterop.require("fixtures");
        InboxDispatcher<InboxContext> table = InboxHandlers.table();
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : activityFixtures(fixtures)) {
            tests.add(DynamicTest.dynamicTest(fixtures.relativize(file).toString(), () -> {
                ObjectNode activity = READER.parse(Files.readAllBytes(file));
                if (!activity.has("actor") && activity.has("attributedTo")) {
                    activity = wrapInCreate(activity); // a bare post in the folder: servers send it wrapped
                }
                String type = InboxDispatcher.types(activity).get(0);
                String actorUri = ApReader.idOf(activity.get("actor"));
                knowActor(actorUri);
                if (type.equals("Follow") || (type.equals("Block") && !activity.has("target"))) {
                    activity.put("object", alice.uri());
                }
                InboxItem item = new InboxItem(0, ApReader.idOf(activity.get("id")), type, actorUri, null,
                        activity.toString(), Instant.now(), InboxItem.State.QUEUED, 0, Instant.now(), null, null);
                Outcome outcome = table.dispatch(new InboxContext(au.server().polity(), item), activity);
                Outcome.Kind expected = EXPECTED_BY_FILE.get(file.getFileName().toString());
                if (expected != null) {
                    assertThat(outcome.kind()).as(outcome.detail()).isEqualTo(expected);
                    return;
                }
                if (NOT_YET.containsKey(type)) {
                    assertThat(outcome.kind()).as(outcome.detail()).isEqualTo(Outcome.Kind.UNSUPPORTED);
                    return;
                }
                assertThat(outcome.kind()).as("%s: %s", type, outcome.detail())
                        .isIn(Outcome.Kind.PROCESSED, Outcome.Kind.IGNORED);
                if (type.equals("Follow") || (type.equals("Create") && activity.get("object").isObject())) {
                    assertThat(outcome.kind()).as(outcome.detail()).isEqualTo(Outcome.Kind.PROCESSED);
                }
                if (type.equals("Block") && !activity.has("target")) {
                    // Mastodon's Block of a person: kept, so that person's follows end and stay refused.
                    assertThat(outcome.kind()).as(outcome.detail()).isEqualTo(Outcome.Kind.PROCESSED);
                    var stores = au.server().polity().storage().stores();
                    long blocker = stores.actors().findActorByUri(actorUri).orElseThrow().id();
                    assertThat(stores.blocks().find(blocker, alice.id(), org.polity.server.blocks.Block.Kind.BLOCK))
                            .isPresent();
                }
            }));
        }
        assertThat(tests).hasSizeGreaterThan(30);
        return tests.stream();
    }

    static ObjectNode wrapInCreate(ObjectNode object) {
        ObjectNode create = READER.mapper().createObjectNode();
        create.put("id", object.get("id").asText() + "#create");
        create.put("type", "Create");
        create.put("actor", ApReader.idOf(object.get("attributedTo")));
        create.set("to", object.get("to"));
        create.set("cc", object.get("cc"));
        create.set("object", object);
        return create;
    }

    /** Stores the fixture's actor as if its document had been fetched (its key is not needed here). */
    static void knowActor(String uri) {
        var actors = au.server().polity().storage().stores().actors();
        if (actors.findActorByUri(uri).isPresent()) {
            return;
        }
        java.net.URI u = java.net.URI.create(uri);
        String domain = u.getAuthority(); // getHost() is null for names with underscores (gnusocial fixtures)
        String[] path = u.getPath().split("/");
        Instant now = Instant.now();
        actors.upsertRemote(new Actor(0, uri, ActorType.Person, path[path.length - 1], domain, false, "", "",
                uri + "/inbox", null, null, uri + "/followers", null, uri, uri + "#main-key",
                RsaKeys.publicKeyPem(RsaKeys.generate().getPublic()), false, now, now));
    }
}

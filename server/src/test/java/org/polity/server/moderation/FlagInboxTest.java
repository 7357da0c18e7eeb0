package org.polity.server.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
import org.polity.server.model.StoredObject;
import org.polity.server.testing.TestInstance;

/**
 * Real Flags from Mastodon, Lemmy and Mbin (../shared/interop), their URIs re-aimed at our member and her post,
 * go through the inbox's handler table into the moderation queue: marked as forwarded from the sender's domain,
 * stored once per Flag id; a Flag naming only other servers' things is ignored.
 */
class FlagInboxTest {
    @TempDir
    static Path dataDir;
    static TestInstance au;
    static Actor alice;
    static StoredObject post;
    static final ApReader READER = new ApReader();
    static final InboxDispatcher<InboxContext> TABLE = InboxHandlers.table();

    @BeforeAll
    static void start() {
        au = TestInstance.start(dataDir, Map.of());
        alice = au.member("flag_alice");
        au.loggedIn("flag_alice").submit("/home", "/home/posts", Map.of("content", "Cheap pills, click here."));
        post = au.server().polity().storage().stores().objects().findObjectsByAuthor(alice.id(), Long.MAX_VALUE, 1)
                .get(0);
    }

    @AfterAll
    static void stop() {
        TestInstance.closeAll(au);
    }

    static String fixture(String path) throws Exception {
        return Files.readString(SharedInterop.require("fixtures").resolve(path));
    }

    static Outcome dispatch(String json) {
        ObjectNode activity = READER.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String actorUri = ApReader.idOf(activity.get("actor"));
        knowActor(actorUri);
        InboxItem item = new InboxItem(0, ApReader.idOf(activity.get("id")), "Flag", actorUri, null,
                activity.toString(), Instant.now(), InboxItem.State.QUEUED, 0, Instant.now(), null, null);
        return TABLE.dispatch(new InboxContext(au.server().polity(), item), activity);
    }

    static Report stored(String flagId) {
        return au.server().polity().storage().stores().moderation().findReportByUri(flagId).orElseThrow();
    }

    @Test
    void aMastodonFlagOfOurMemberAndHerPostLandsInTheQueueOnce() throws Exception {
        String json = fixture("lemmy/mastodon/activities/flag.json")
                .replace("https://example.com/users/1", alice.uri())
                .replace("https://example.com/posts/380590", post.uri());
        Outcome first = dispatch(json);
        assertThat(first.kind()).as(first.detail()).isEqualTo(Outcome.Kind.PROCESSED);
        Report r = stored("https://mastodon.example/ccb4f39a-506a-490e-9a8c-71831c7713a4");
        assertThat(r.targetActorId()).isEqualTo(alice.id());
        assertThat(r.objectUris()).containsExactly(post.uri()); // posts/380591 is not ours: left out
        assertThat(r.forwardedFrom()).isEqualTo("mastodon.example");
        assertThat(r.reporterActorId()).isNull();
        assertThat(r.reporterUri()).isEqualTo("https://mastodon.example/actor");
        assertThat(r.comment()).isEqualTo("Please take a look at this user and their posts");
        assertThat(r.status()).isEqualTo(Report.Status.OPEN);
        // Delivered twice (a retry): one report.
        Outcome again = dispatch(json);
        assertThat(again.kind()).isEqualTo(Outcome.Kind.IGNORED);
        assertThat(au.server().polity().storage().stores().moderation().findReports(null, null, 100)
                .stream().filter(x -> x.uri().equals(r.uri()))).hasSize(1);
    }

    @Test
    void aLemmyFlagOfOurPostNamesItsAuthor() throws Exception {
        String json = fixture("lemmy/lemmy/activities/community/report_page.json")
                .replace("http://enterprise.lemmy.ml/post/7", post.uri());
        Outcome outcome = dispatch(json);
        assertThat(outcome.kind()).as(outcome.detail()).isEqualTo(Outcome.Kind.PROCESSED);
        Report r = stored("http://ds9.lemmy.ml/activities/flag/98b0933f-5e45-4a95-a15f-e0dc86361ba4");
        assertThat(r.targetActorUri()).isEqualTo(alice.uri());
        assertThat(r.objectUris()).containsExactly(post.uri());
        assertThat(r.comment()).isEqualTo("report this post");
        assertThat(r.forwardedFrom()).isEqualTo("ds9.lemmy.ml");
    }

    @Test
    void anMbinFlagOfOurMemberAlone() throws Exception {
        String json = fixture("lemmy/mbin/activities/flag.json")
                .replace("https://lemmy-test/u/BentiGorlich", alice.uri());
        Outcome outcome = dispatch(json);
        assertThat(outcome.kind()).as(outcome.detail()).isEqualTo(Outcome.Kind.PROCESSED);
        Report r = stored("https://mbin-test1/reports/45f8a01d-a73e-4575-bffa-c9f24c61f458");
        assertThat(r.targetActorId()).isEqualTo(alice.id());
        assertThat(r.objectUris()).isEmpty();
    }

    @Test
    void aFlagOfOtherServersThingsIsIgnored() throws Exception {
        Outcome outcome = dispatch(fixture("lemmy/mastodon/activities/flag.json")
                .replace("ccb4f39a", "0000aaaa"));
        assertThat(outcome.kind()).as(outcome.detail()).isEqualTo(Outcome.Kind.IGNORED);
        assertThat(au.server().polity().storage().stores().moderation()
                .findReportByUri("https://mastodon.example/0000aaaa-506a-490e-9a8c-71831c7713a4")).isEmpty();
        // Nor may a Flag name our instance actor as the account.
        Outcome instance = dispatch(fixture("lemmy/mastodon/activities/flag.json").replace("ccb4f39a", "1111bbbb")
                .replace("https://example.com/users/1", au.server().polity().uris().instanceActor()));
        assertThat(instance.kind()).as(instance.detail()).isEqualTo(Outcome.Kind.IGNORED);
    }

    /** Stores the fixture's actor as if its document had been fetched (its key is not needed here). */
    static void knowActor(String uri) {
        var actors = au.server().polity().storage().stores().actors();
        if (actors.findActorByUri(uri).isPresent()) {
            return;
        }
        java.net.URI u = java.net.URI.create(uri);
        String[] path = u.getPath().split("/");
        Instant now = Instant.now();
        actors.upsertRemote(new Actor(0, uri, ActorType.Person, path[path.length - 1], u.getAuthority(), false, "", "",
                uri + "/inbox", null, null, uri + "/followers", null, uri, uri + "#main-key",
                RsaKeys.publicKeyPem(RsaKeys.generate().getPublic()), false, now, now));
    }
}

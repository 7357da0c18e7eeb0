package org.polity.server.challenges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.eventually;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.federation.http.DeliveryResult;
import org.polity.server.activitypub.Publisher;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.model.Notification;
import org.polity.server.testing.TestInstance;
import org.polity.server.testing.TestInstance.Browser;

/**
 * Mexico (A) issues a challenge; Australia (B) hears of it through a follower of its issuer, follows the
 * challenge itself, and responds. A collects the response under its challenge and re-sends it; A's shortlist
 * and its closing reach B as Updates; B's followers are notified. A response to the closed challenge is refused:
 * by B's form, and by A's inbox with 422 when sent there anyway.
 */
class ChallengeFederationTest {
    @TempDir
    static Path dirA;
    @TempDir
    static Path dirB;
    @TempDir
    static Path dirC;
    static TestInstance mx;
    static TestInstance au;
    static TestInstance fr;

    @BeforeAll
    static void start() throws Exception {
        mx = TestInstance.federating(dirA, Map.of("POLITY_COUNTRY", "MX"));
        au = TestInstance.federating(dirB, Map.of("POLITY_COUNTRY", "AU"));
        mx.create("adela", Account.Role.ADMIN, Account.Status.ACTIVE);
        mx.account("ana", "ACTIVE");
        au.account("sam", "ACTIVE");
        au.account("kim", "ACTIVE");
        au.follow("kim", mx, "ana");
        fr = TestInstance.federating(dirC, Map.of("POLITY_COUNTRY", "FR"));
        fr.account("lea", "ACTIVE");
        fr.follow("lea", mx, "ana");
    }

    @AfterAll
    static void stop() {
        TestInstance.closeAll(mx, au, fr);
    }

    @Test
    void issueFollowRespondShortlistAndClose() throws Exception {
        ChallengeForms.authorise(mx.loggedIn("adela"), "ana");
        Browser ana = mx.loggedIn("ana");
        HttpResponse<String> saved = ChallengeForms.post(ana, "/challenges/new", ChallengeForms.mexico(),
                List.of("7", "16"));
        long idA = ChallengeForms.idFrom(saved);
        assertThat(ChallengeForms.advance(ana, idA, "open", "").statusCode()).isEqualTo(303);
        ChallengeStore storeA = mx.server().polity().storage().stores().challenges();
        ChallengeStore storeB = au.server().polity().storage().stores().challenges();
        String uri = storeA.findById(idA).orElseThrow().objectUri();

        // B holds it (kim follows its issuer), with its questions' ids, and lists it.
        eventually("the challenge reaches Australia", () -> storeB.findByObjectUri(uri).isPresent());
        ChallengeStore.Entry onB = storeB.findByObjectUri(uri).orElseThrow();
        assertThat(onB.local()).isFalse();
        assertThat(onB.fields().questions()).extracting(Challenge.Question::id)
                .containsExactly(uri + "/questions/1", uri + "/questions/2", uri + "/questions/3");
        assertThat(onB.fields().country()).isEqualTo("MX");
        assertThat(onB.fields().deadline()).isNotNull();
        assertThat(au.browser().page("/challenges?country=MX").select("#entries").text())
                .contains("Transparency in the energy sector");

        eventually("the challenge reaches France", () -> fr.server().polity().storage().stores().challenges()
                .findByObjectUri(uri).isPresent());
        long idC = fr.server().polity().storage().stores().challenges().findByObjectUri(uri).orElseThrow().id();
        assertThat(ChallengeForms.post(fr.loggedIn("lea"), "/challenges/" + idC + "/follow", Map.of("action", "follow"),
                List.of()).statusCode()).isEqualTo(303);
        Actor leaActor = fr.localActor("lea");
        eventually("Mexico accepts lea's follow", () -> fr.server().polity().storage().stores().challenges()
                .findFollower(uri, leaActor.id()).filter(f -> f.state().equals(ChallengeStore.Follower.ACCEPTED))
                .isPresent());

        // kim follows the challenge: a Follow of it, accepted by its issuer's server.
        Browser kim = au.loggedIn("kim");
        assertThat(ChallengeForms.post(kim, "/challenges/" + onB.id() + "/follow", Map.of("action", "follow"),
                List.of()).statusCode()).isEqualTo(303);
        Actor kimActor = au.localActor("kim");
        eventually("Mexico accepts kim's follow of the challenge", () -> storeB.findFollower(uri, kimActor.id())
                .filter(f -> f.state().equals(ChallengeStore.Follower.ACCEPTED)).isPresent());
        assertThat(mx.server().polity().storage().stores().actors().findActorByUri(kimActor.uri())
                .flatMap(k -> storeA.findFollower(uri, k.id()))).isPresent();

        // sam responds from Australia, answering question 1.
        Browser sam = au.loggedIn("sam");
        Map<String, String> response = ChallengeForms.response("A national minerals data portal", "AU");
        response.put("questionId", uri + "/questions/1");
        response.put("categoryId", uri + "/categories/1");
        HttpResponse<String> sent = ChallengeForms.post(sam, "/challenges/" + onB.id() + "/respond", response,
                List.of());
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(303);
        String responseUri = storeB.findResponses(uri, 0, 10).get(0).responseUri();
        eventually("Mexico collects the response", () -> storeA.findResponse(responseUri).isPresent());
        ChallengeStore.Response onA = storeA.findResponse(responseUri).orElseThrow();
        assertThat(onA.country()).isEqualTo("AU");
        assertThat(onA.questionId()).isEqualTo(uri + "/questions/1");
        assertThat(onA.categoryId()).isEqualTo(uri + "/categories/1");
        Document pageA = mx.browser().page("/challenges/" + idA);
        assertThat(pageA.select("#responses").text()).contains("A national minerals data portal").contains("Australia");
        // Comments on a response: ana, on Mexico, comments with the form under the response on the challenge's page;
        // she is back on that page, where the comment shows, and it reaches sam (its author) in Australia, whose
        // copy of the challenge shows it under the response too.
        HttpResponse<String> comment = mx.loggedIn("ana").submit("/challenges/" + idA, "/home/posts",
                Map.of("content", "Could the portal's APIs serve our energy registry too?"));
        assertThat(comment.statusCode()).as(comment.body()).isEqualTo(303);
        assertThat(comment.headers().firstValue("Location").orElseThrow()).startsWith("/challenges/" + idA + "?");
        assertThat(mx.browser().page("/challenges/" + idA).select("#responses .comment").text())
                .contains("Could the portal's APIs serve our energy registry too?");
        var objectsB = au.server().polity().storage().stores().objects();
        eventually("the comment reaches the response's author", () -> !objectsB.findReplies(responseUri, 10).isEmpty());
        assertThat(au.browser().page("/challenges/" + onB.id()).select("#responses .comment").text())
                .contains("Could the portal's APIs serve our energy registry too?");
        // The response's link leads to its page on its own server.
        assertThat(pageA.select("#responses h3 a").attr("href")).startsWith(au.server().baseUrl().toString());
        // The challenge's replies collection lists it.
        String repliesPath = uri.substring(uri.indexOf("/objects/")) + "/replies";
        assertThat(mx.get(repliesPath, "application/activity+json").body()).contains(responseUri);
        // kim, who follows the challenge, hears of the response (the issuer re-sent it).
        eventually("kim is told of the response", () -> au.server().polity().storage().stores().notifications()
                .findNotifications(kimActor.id(), Long.MAX_VALUE, 20).stream()
                .anyMatch(n -> n.kind() == Notification.Kind.CHALLENGE_RESPONSE));
        // France follows the challenge too and follows nobody in Australia: the issuer's Announce of the
        // response brings it, fetched from Australia (its origin), threaded under the challenge.
        ChallengeStore storeC = fr.server().polity().storage().stores().challenges();
        assertThat(storeC.findByObjectUri(uri)).isPresent();
        eventually("the response reaches France through the issuer", () -> storeC.findResponse(responseUri).isPresent());
        assertThat(fr.browser().page("/challenges/" + idC).select("#responses").text())
                .contains("A national minerals data portal");
        // The issuer's announce went out.
        Actor anaActor = mx.localActor("ana");
        assertThat(mx.server().polity().storage().stores().activities().findByActor(anaActor.id(),
                List.of(org.polity.server.model.Visibility.values()), Long.MAX_VALUE, 50).stream()
                .anyMatch(a -> a.type().equals("Announce") && a.payload().contains(responseUri))).isTrue();

        // ana shortlists it: the Update reaches B.
        assertThat(ChallengeForms.post(ana, "/challenges/" + idA + "/mark", Map.of("response", responseUri,
                "what", "shortlist"), List.of()).statusCode()).isEqualTo(303);
        eventually("the shortlist reaches Australia", () -> storeB.findResponse(responseUri)
                .filter(ChallengeStore.Response::shortlisted).isPresent());

        // ana reviews, then closes: B's copy follows, and kim is told.
        assertThat(ChallengeForms.advance(ana, idA, "reviewing", "").statusCode()).isEqualTo(303);
        assertThat(ChallengeForms.advance(ana, idA, "closed", "Australia's portal is the model.").statusCode())
                .isEqualTo(303);
        eventually("the closing reaches Australia", () -> storeB.findByObjectUri(uri).orElseThrow().status()
                == ChallengeStatus.CLOSED);
        assertThat(storeB.findByObjectUri(uri).orElseThrow().fields().outcome()).contains("portal is the model");
        assertThat(storeB.findVersions(onB.id()).size()).isGreaterThanOrEqualTo(3);
        assertThat(au.browser().page("/challenges/" + onB.id()).select("#challenge-status").text()).isEqualTo("Closed");
        assertThat(au.server().polity().storage().stores().notifications().findNotifications(kimActor.id(), Long.MAX_VALUE, 50)
                .stream().anyMatch(n -> n.kind() == Notification.Kind.CHALLENGE_UPDATED)).isTrue();

        // Closed: B's form refuses, and A's inbox answers 422 to a response sent anyway; nothing is stored.
        HttpResponse<String> late = ChallengeForms.post(sam, "/challenges/" + onB.id() + "/respond",
                ChallengeForms.response("Too late", "AU"), List.of());
        assertThat(late.statusCode()).isEqualTo(409);
        Actor samActor = au.localActor("sam");
        var publisher = au.server().polity().federation().publisher();
        ObjectNode create = publisher.activity(samActor, "Create");
        ObjectNode object = create.putObject("object");
        object.put("id", publisher.newObjectId()).putArray("type").add("Article").add("ChallengeResponse");
        object.put("attributedTo", samActor.uri()).put("name", "Sent anyway").put("inReplyTo", uri)
                .put("content", "<p>late</p>");
        object.putArray("to").add("https://www.w3.org/ns/activitystreams#Public");
        create.putArray("to").add("https://www.w3.org/ns/activitystreams#Public");
        DeliveryResult refused = au.server().polity().federation().http().deliver(URI.create(anaActor.inboxUri()),
                create.toString().getBytes(StandardCharsets.UTF_8), au.server().polity().federation().signer(samActor));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(mx.server().polity().storage().stores().objects().findObjectByUri(object.path("id").asText()))
                .isEmpty();
        assertThat(storeA.findResponses(uri, 0, 10)).hasSize(1);
    }
}

package org.polity.server.domains;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.polity.federation.signatures.Cavage;
import org.polity.federation.signatures.HttpMessage;
import org.polity.federation.signatures.Rfc9421;
import org.polity.federation.signatures.SignatureException;
import org.polity.server.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Domain policy at the door, before anything is fetched or stored: an inbox POST whose actor, or whose signature's
 * key id, is on a refused domain, and a signed GET (authorized fetch) by a key on a refused domain, are answered
 * {@code 403} with problem details. The key id is read as claimed, unverified: verifying it would mean fetching
 * the key from the refused server, which is what is being avoided, and a forger gains nothing by naming a refused
 * domain.
 */
public final class DomainGate {
    private static final Logger log = LoggerFactory.getLogger(DomainGate.class);

    private DomainGate() {}

    /** Thrown by the signed-GET check; answered 403. */
    static final class Refused extends RuntimeException {
        final String domain;

        Refused(String domain) {
            super("this server does not federate with " + domain);
            this.domain = domain;
        }
    }

    /** The signed-GET check, on every route, and its 403 answer. */
    public static void install(RoutesConfig routes, DomainPolicy policy) {
        routes.before(ctx -> checkSignedGet(ctx, policy));
        routes.exception(Refused.class, (e, ctx) -> refuse(ctx, e.domain));
    }

    private static void checkSignedGet(Context ctx, DomainPolicy policy) {
        String method = ctx.method().name();
        if (!(method.equals("GET") || method.equals("HEAD"))
                || ctx.header("Signature") == null && ctx.header("Signature-Input") == null) {
            return;
        }
        Optional<String> refused = refusedParty(policy, null, claimedKeyIds(headers(ctx)));
        if (refused.isPresent()) {
            log.info("refused signed {} {} from {}: domain policy", method, ctx.path(), refused.get());
            throw new Refused(refused.get());
        }
    }

    /** Answers an inbox POST or signed GET from a refused domain: 403, problem details, nothing else done. */
    public static void refuse(Context ctx, String domain) {
        Problems.write(ctx, 403, "Domain refused", "This server does not federate with " + domain + ".");
    }

    /**
     * The first refused authority among an activity's actor and the key ids its request claims to be signed with;
     * empty when none is refused.
     */
    public static Optional<String> refusedParty(DomainPolicy policy, String actorUri, List<String> keyIds) {
        List<String> parties = new ArrayList<>();
        if (actorUri != null) {
            parties.add(actorUri);
        }
        parties.addAll(keyIds);
        for (String uri : parties) {
            Optional<String> key = DomainName.ofUri(uri);
            if (key.isPresent() && policy.verdictFor(key.get()) == DomainPolicy.Verdict.REFUSED) {
                return key;
            }
        }
        return Optional.empty();
    }

    /** The key ids an HTTP request's signatures name (RFC 9421 {@code keyid}, draft-cavage {@code keyId}), unchecked. */
    public static List<String> claimedKeyIds(Map<String, List<String>> headers) {
        HttpMessage message = HttpMessage.request("GET", java.net.URI.create("http://signature.invalid/"), headers,
                new byte[0]);
        List<String> ids = new ArrayList<>();
        try {
            for (Rfc9421.Signature s : Rfc9421.parse(message)) {
                s.keyId().ifPresent(ids::add);
            }
        } catch (SignatureException | RuntimeException e) {
            // unreadable: the verifier reports it later
        }
        try {
            Optional<String> cavage = Cavage.headerValue(message);
            if (cavage.isPresent()) {
                ids.add(Cavage.parse(cavage.get()).keyId());
            }
        } catch (SignatureException | RuntimeException e) {
            // unreadable: the verifier reports it later
        }
        return ids;
    }

    /** A request's headers, every value of each. */
    public static Map<String, List<String>> headers(Context ctx) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : ctx.headerMap().keySet()) {
            headers.put(name, ctx.req().getHeaders(name) == null ? List.of(ctx.header(name))
                    : java.util.Collections.list(ctx.req().getHeaders(name)));
        }
        return headers;
    }
}

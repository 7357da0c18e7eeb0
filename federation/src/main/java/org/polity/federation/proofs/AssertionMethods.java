package org.polity.federation.proofs;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Ed25519 Multikeys an actor publishes in {@code assertionMethod} (FEP-521a). Entries of other key types
 * (an RSA Multikey, say), references by id alone, and malformed values are skipped.
 */
public final class AssertionMethods {
    private AssertionMethods() {}

    /** One published Ed25519 Multikey. */
    public record Ed25519Multikey(String id, String controller, String publicKeyMultibase) {
        public PublicKey publicKey() {
            return Multikey.decodePublic(publicKeyMultibase);
        }
    }

    public static List<Ed25519Multikey> ed25519(JsonNode actor) {
        List<Ed25519Multikey> out = new ArrayList<>();
        if (actor == null || !actor.isObject()) {
            return out;
        }
        JsonNode methods = actor.get("assertionMethod");
        if (methods == null) {
            methods = actor.get("sec:assertionMethod");
        }
        if (methods == null) {
            return out;
        }
        List<JsonNode> list = new ArrayList<>();
        if (methods.isArray()) {
            methods.forEach(list::add);
        } else {
            list.add(methods);
        }
        for (JsonNode m : list) {
            if (!m.isObject()) {
                continue;
            }
            String type = m.path("type").asText("");
            String id = m.path("id").asText(null);
            String mb = m.path("publicKeyMultibase").asText(null);
            if (mb == null) {
                mb = m.path("sec:publicKeyMultibase").asText(null);
            }
            if (!("Multikey".equals(type) || "sec:Multikey".equals(type)) || id == null || mb == null) {
                continue;
            }
            try {
                Multikey.decodePublicRaw(mb);
            } catch (IllegalArgumentException e) {
                continue;
            }
            String controller = m.path("controller").asText(m.path("sec:controller").asText(null));
            out.add(new Ed25519Multikey(id, controller, mb));
        }
        return out;
    }

    public static Optional<Ed25519Multikey> find(JsonNode actor, String id) {
        return ed25519(actor).stream().filter(k -> k.id().equals(id)).findFirst();
    }
}

package org.polity.server.activitypub;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.KeyPair;
import org.polity.federation.crypto.RsaKeys;
import org.polity.federation.testing.LocalServer;

/** A minimal remote Person served by a stand-in server, with its RSA key (the inbox tests' senders). */
final class DeferredInboxTestActors {
    private DeferredInboxTestActors() {}

    static ObjectNode actor(LocalServer server, String name, KeyPair keys) {
        String id = server.base() + "/users/" + name;
        ObjectNode doc = Publisher.JSON.createObjectNode();
        doc.putArray("@context").add("https://www.w3.org/ns/activitystreams").add("https://w3id.org/security/v1");
        doc.put("id", id).put("type", "Person").put("preferredUsername", name).put("inbox", id + "/inbox");
        doc.putObject("publicKey").put("id", id + "#main-key").put("owner", id)
                .put("publicKeyPem", RsaKeys.publicKeyPem(keys.getPublic()));
        return doc;
    }
}

package org.polity.federation.vocab;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * An actor's {@code publicKey} (Security Vocabulary v1, as Mastodon uses it): the key id that HTTP
 * signatures name in {@code keyId}, its owner (the actor) and the SubjectPublicKeyInfo PEM.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "type", "owner", "publicKeyPem"})
public final class PublicKey extends Extensible {
    @JsonProperty("id")
    private String id;
    @JsonProperty("type")
    private String type;
    @JsonProperty("owner")
    private String owner;
    @JsonProperty("publicKeyPem")
    private String publicKeyPem;

    public PublicKey() {}

    public PublicKey(String id, String owner, String publicKeyPem) {
        this.id = id;
        this.owner = owner;
        this.publicKeyPem = publicKeyPem;
    }

    public String id() {
        return id;
    }

    public PublicKey id(String value) {
        this.id = value;
        return this;
    }

    /** Usually absent; some servers send {@code Key} or {@code CryptographicKey}. */
    public String type() {
        return type;
    }

    public PublicKey type(String value) {
        this.type = value;
        return this;
    }

    public String owner() {
        return owner;
    }

    public PublicKey owner(String value) {
        this.owner = value;
        return this;
    }

    public String publicKeyPem() {
        return publicKeyPem;
    }

    public PublicKey publicKeyPem(String value) {
        this.publicKeyPem = value;
        return this;
    }
}

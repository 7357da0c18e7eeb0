package org.polity.federation.vocab;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** An actor's {@code endpoints} (ActivityPub, section 4.1); Polity publishes {@code sharedInbox}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class Endpoints extends Extensible {
    @JsonProperty("sharedInbox")
    private String sharedInbox;

    public Endpoints() {}

    public Endpoints(String sharedInbox) {
        this.sharedInbox = sharedInbox;
    }

    public String sharedInbox() {
        return sharedInbox;
    }

    public Endpoints sharedInbox(String value) {
        this.sharedInbox = value;
        return this;
    }
}

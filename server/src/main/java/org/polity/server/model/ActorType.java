package org.polity.server.model;

/** ActivityStreams actor types Polity stores. */
public enum ActorType {
    Person,
    Group,
    Application,
    Service,
    Organization;

    public static ActorType fromWire(String type) {
        for (ActorType t : values()) {
            if (t.name().equals(type)) {
                return t;
            }
        }
        throw new IllegalArgumentException("not an actor type: " + type);
    }
}

package org.polity.server.challenges;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** A challenge's fields as the JSON kept in {@code challenges.document} and each version. */
public final class ChallengeJson {
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private ChallengeJson() {}

    public static String write(Challenge fields) {
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a challenge that cannot be written as JSON", e);
        }
    }

    public static Challenge read(String json) {
        try {
            return JSON.readValue(json, Challenge.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored challenge JSON is unreadable", e);
        }
    }
}

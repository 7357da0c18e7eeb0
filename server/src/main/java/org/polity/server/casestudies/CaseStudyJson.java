package org.polity.server.casestudies;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A case study's fields as the JSON kept in {@code case_studies.document} and each version. */
public final class CaseStudyJson {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private CaseStudyJson() {}

    public static String write(CaseStudy fields) {
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a case study that cannot be written as JSON", e);
        }
    }

    public static CaseStudy read(String json) {
        try {
            return JSON.readValue(json, CaseStudy.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored case study JSON is unreadable", e);
        }
    }
}

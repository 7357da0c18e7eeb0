package org.polity.federation.resolve;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The JSON reader for remote documents: bodies are already size-capped; this caps nesting and strings. */
final class Json {
    /** Real actors and objects nest a handful of levels; 64 leaves room and stops stack-exhausting input. */
    static final int MAX_DEPTH = 64;

    static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .maxStringLength(1024 * 1024)
                            .build())
                    .build())
            .build();

    private Json() {}
}

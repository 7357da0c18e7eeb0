package org.polity.server.service;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Input a person can correct: each entry names a field and says, as a {@link Message} (a key and its values),
 * what is wrong with it. The web UI shows the messages beside the fields in the reader's language; the API
 * answers 422 problem details listing them in English ({@link #errors()}).
 */
public final class InvalidInput extends RuntimeException {
    private final Map<String, Message> problems;

    /**
     * Field to fixed English sentence, translated by the web only when a message file has the sentence verbatim.
     *
     * @deprecated say what is wrong with a {@link Message}: {@link #of(Map)}, {@link #of(String, Message)}
     */
    @Deprecated
    public InvalidInput(Map<String, String> errors) {
        this(literals(errors), true);
    }

    private InvalidInput(Map<String, Message> problems, boolean checked) {
        super(String.join(" ", problems.values().stream().map(Message::english).toList()));
        this.problems = Collections.unmodifiableMap(new LinkedHashMap<>(problems));
    }

    /** Field to message, in the order the fields are shown. */
    public static InvalidInput of(Map<String, Message> problems) {
        return new InvalidInput(problems, true);
    }

    public static InvalidInput of(String field, Message message) {
        return new InvalidInput(Map.of(field, message), true);
    }

    /** @deprecated use {@link #of(String, Message)} */
    @Deprecated
    public static InvalidInput of(String field, String message) {
        return new InvalidInput(Map.of(field, message));
    }

    /** Field to message. */
    public Map<String, Message> problems() {
        return problems;
    }

    /** Field to sentence in English (API problem details, logs). */
    public Map<String, String> errors() {
        Map<String, String> out = new LinkedHashMap<>();
        problems.forEach((field, message) -> out.put(field, message.english()));
        return Collections.unmodifiableMap(out);
    }

    @SuppressWarnings("deprecation")
    private static Map<String, Message> literals(Map<String, String> errors) {
        Map<String, Message> out = new LinkedHashMap<>();
        errors.forEach((field, sentence) -> out.put(field, Message.literal(sentence)));
        return out;
    }

    /** Collects field errors and throws them together. */
    public static final class Collector {
        private final Map<String, Message> problems = new LinkedHashMap<>();

        public Collector add(String field, Message message) {
            problems.putIfAbsent(field, message);
            return this;
        }

        /** @deprecated use {@link #add(String, Message)} */
        @Deprecated
        public Collector add(String field, String message) {
            return add(field, Message.literal(message));
        }

        public boolean has(String field) {
            return problems.containsKey(field);
        }

        public void throwIfAny() {
            if (!problems.isEmpty()) {
                throw InvalidInput.of(problems);
            }
        }
    }
}

package org.polity.server.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a form shows when it is (re-)rendered: the values that were typed (never passwords) and one error
 * sentence per field, keyed by the field's name, which is also its element id. The form templates use the
 * ids {@code NAME-hint} and {@code NAME-error} for {@code aria-describedby}.
 */
public record FormState(Map<String, String> values, Map<String, String> errors) {

    public FormState {
        values = Map.copyOf(values);
        errors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(errors));
    }

    public static FormState empty() {
        return new FormState(Map.of(), Map.of());
    }

    public static FormState of(Map<String, String> values) {
        return new FormState(values, Map.of());
    }

    public FormState withErrors(Map<String, String> newErrors) {
        return new FormState(values, newErrors);
    }

    public String value(String name) {
        return values.getOrDefault(name, "");
    }

    public boolean hasError(String name) {
        return errors.containsKey(name);
    }

    public String error(String name) {
        return errors.get(name);
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** The {@code aria-describedby} value for a field: its hint and its error, or null for neither. */
    public String describedBy(String name, boolean hasHint) {
        String ids = (hasHint ? name + "-hint " : "") + (hasError(name) ? name + "-error" : "");
        return ids.isBlank() ? null : ids.strip();
    }

    /** One choice in a {@code <select>}. */
    public record Option(String value, String label) {}

    /** Options in the order given. */
    public static List<Option> options(Map<String, String> valueToLabel) {
        return valueToLabel.entrySet().stream().map(e -> new Option(e.getKey(), e.getValue())).toList();
    }
}

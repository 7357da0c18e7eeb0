package org.polity.federation.vocab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A profile field as Mastodon shows it: an {@code attachment} of type {@code schema:PropertyValue} with a
 * {@code name} and an HTML {@code value}. The actor's {@code @context} must define {@code PropertyValue}
 * and {@code value} (see {@link Contexts#mastodonExtensions}).
 */
public final class PropertyValue {
    public static final String TYPE = "PropertyValue";

    private PropertyValue() {}

    /** {@code value} is HTML: escape plain text before passing it. */
    public static ObjectNode of(String name, String valueHtml) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("type", TYPE);
        node.put("name", name);
        node.put("value", valueHtml);
        return node;
    }

    /** Whether an attachment is a PropertyValue (what a parser of remote profiles looks for). */
    public static boolean is(JsonNode attachment) {
        return attachment != null && attachment.isObject() && TYPE.equals(attachment.path("type").asText(null));
    }
}

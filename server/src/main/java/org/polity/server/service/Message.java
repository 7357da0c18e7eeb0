package org.polity.server.service;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.polity.server.text.MessageCatalog;

/**
 * A sentence for a person, as a message key and its arguments ({@code {0}}-style, {@link java.text.MessageFormat}):
 * services say what is wrong with it, and each reader gets it in their own language, values included (the web
 * renders it with {@code Messages.t(Message)}; API problem details use {@link #english()}).
 *
 * <p>A message made with {@link #literal} is a fixed English sentence from code not converted yet; the web
 * still finds its translation by its English text ({@code Messages.fromEnglish}).
 */
public record Message(String key, List<Object> args, String literal) {
    public Message {
        if ((key == null) == (literal == null)) {
            throw new IllegalArgumentException("a message has either a key or a literal sentence");
        }
        args = args == null ? List.of() : Collections.unmodifiableList(Arrays.asList(args.toArray()));
    }

    /** The message {@code key} of the message files, with its arguments. */
    public static Message of(String key, Object... args) {
        return new Message(Objects.requireNonNull(key, "key"), Arrays.asList(args.clone()), null);
    }

    /** A fixed English sentence (the way services spoke before keyed messages). */
    @Deprecated
    public static Message literal(String sentence) {
        return new Message(null, List.of(), Objects.requireNonNullElse(sentence, ""));
    }

    public boolean keyed() {
        return key != null;
    }

    /** The sentence in English, arguments filled in: for logs, exception messages and API problem details. */
    public String english() {
        return key == null ? literal : MessageCatalog.get().format(MessageCatalog.DEFAULT, key, args.toArray());
    }

    @Override
    public String toString() {
        return english();
    }
}

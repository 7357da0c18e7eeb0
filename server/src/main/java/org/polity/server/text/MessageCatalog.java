package org.polity.server.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The texts of the message files, {@code web/i18n/<area>.<lang>.properties} (UTF-8; {@code web/i18n/areas.txt}
 * lists the areas), read once from the jar: immutable, shared by every instance in the JVM. The web layer reads
 * them in the reader's language ({@code web.Messages}); services and API problem details use them in English
 * ({@link org.polity.server.service.Message#english}).
 */
public final class MessageCatalog {
    private static final Logger log = LoggerFactory.getLogger(MessageCatalog.class);
    public static final List<String> LANGUAGES = org.polity.server.service.AccountService.LOCALES;
    public static final String DEFAULT = "en";
    private static final MessageCatalog LOADED = load();

    private final Map<String, Map<String, String>> texts;

    private MessageCatalog(Map<String, Map<String, String>> texts) {
        this.texts = texts;
    }

    public static MessageCatalog get() {
        return LOADED;
    }

    /** Key to pattern for one language (empty for a language without files). */
    public Map<String, String> texts(String lang) {
        return texts.getOrDefault(lang, Map.of());
    }

    /**
     * The text for {@code key} in {@code lang} (English when that language lacks it; the key itself when no file
     * has it), with {@code {0}}-style arguments formatted for the language.
     */
    public String format(String lang, String key, Object... args) {
        String pattern = texts(lang).get(key);
        if (pattern == null) {
            pattern = texts(DEFAULT).get(key);
        }
        if (pattern == null) {
            log.warn("no message for key {} ({})", key, lang);
            return key;
        }
        return format(pattern, Locale.forLanguageTag(lang), args);
    }

    /** A pattern with its arguments; a pattern without arguments is the text as written. */
    public static String format(String pattern, Locale locale, Object... args) {
        return args.length == 0 ? pattern : new MessageFormat(pattern, locale).format(args);
    }

    private static MessageCatalog load() {
        Map<String, Map<String, String>> texts = new HashMap<>();
        for (String area : areas()) {
            for (String lang : LANGUAGES) {
                String resource = "/web/i18n/" + area + "." + lang + ".properties";
                try (InputStream in = MessageCatalog.class.getResourceAsStream(resource)) {
                    if (in == null) {
                        continue;
                    }
                    Properties p = new Properties();
                    p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
                    Map<String, String> target = texts.computeIfAbsent(lang, k -> new HashMap<>());
                    for (String key : p.stringPropertyNames()) {
                        if (target.put(key, p.getProperty(key)) != null) {
                            log.warn("message key {} is defined twice for {}", key, lang);
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        texts.replaceAll((lang, map) -> Map.copyOf(map));
        return new MessageCatalog(Map.copyOf(texts));
    }

    /** The areas listed in {@code web/i18n/areas.txt}. */
    public static List<String> areas() {
        try (InputStream in = MessageCatalog.class.getResourceAsStream("/web/i18n/areas.txt")) {
            if (in == null) {
                return List.of();
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.polity.server.search;

import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.polity.server.service.Message;
import org.polity.server.web.Messages;

/**
 * The query and filters of {@code GET /search} as the reader typed them ({@code q}, {@code type},
 * {@code country}, {@code tag}, {@code lang}, {@code from}, {@code to}), kept for the form, and checked: each
 * invalid value gets a keyed {@link Message} ({@link #errors}): the form shows it in the reader's language, the
 * JSON answer as English problem details like every other API. Nothing is searched until all are valid. Dates
 * are days ({@code YYYY-MM-DD}, UTC), both ends included.
 */
public record SearchFilters(String q, String type, String country, String tag, String lang, String from,
        String to, Map<String, Message> errors, SearchQuery query) {
    /** Longest query, in characters. */
    public static final int MAX_QUERY = 200;
    /** Longest value of any filter, in characters (a tag is at most 100). */
    static final int MAX_FILTER = 100;
    private static final Pattern COUNTRY = Pattern.compile("[A-Za-z]{2}");

    /** Reads and checks the request's parameters; cheap: nothing here touches the database. */
    public static SearchFilters read(Context ctx) {
        String q = param(ctx, "q");
        String type = param(ctx, "type");
        String country = param(ctx, "country");
        String tag = param(ctx, "tag");
        String lang = param(ctx, "lang");
        String from = param(ctx, "from");
        String to = param(ctx, "to");
        Map<String, Message> errors = new LinkedHashMap<>();
        if (q.length() > MAX_QUERY) {
            errors.put("q", Message.of("directory.search.error.long", MAX_QUERY));
        }
        Set<SearchType> types = Set.of();
        if (!type.isEmpty()) {
            var t = type.length() > MAX_FILTER ? java.util.Optional.<SearchType>empty() : SearchType.fromParam(type);
            if (t.isEmpty()) {
                errors.put("type", Message.of("search.error.type"));
            } else {
                types = Set.of(t.get());
            }
        }
        if (!country.isEmpty() && !COUNTRY.matcher(country).matches()) {
            errors.put("country", Message.of("search.error.country"));
        }
        String tagValue = null;
        if (!tag.isEmpty()) {
            var t = tag.length() > MAX_FILTER + 1 ? java.util.Optional.<String>empty() : DocumentText.tag(tag);
            if (t.isEmpty()) {
                errors.put("tag", Message.of("search.error.tag"));
            } else {
                tagValue = t.get();
            }
        }
        String langValue = null;
        if (!lang.isEmpty()) {
            var l = lang.length() > MAX_FILTER ? java.util.Optional.<String>empty() : DocumentText.language(lang);
            if (l.isEmpty()) {
                errors.put("lang", Message.of("search.error.lang"));
            } else {
                langValue = l.get();
            }
        }
        LocalDate fromDay = day(from, "from", errors);
        LocalDate toDay = day(to, "to", errors);
        if (fromDay != null && toDay != null && toDay.isBefore(fromDay)) {
            errors.put("to", Message.of("search.error.range"));
        }
        SearchQuery query = errors.isEmpty() ? new SearchQuery(q, types,
                country.isEmpty() ? null : country.toUpperCase(Locale.ROOT), tagValue, langValue,
                fromDay == null ? null : fromDay.atStartOfDay(ZoneOffset.UTC).toInstant(),
                toDay == null ? null : toDay.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()) : null;
        return new SearchFilters(q, type, country, tag, lang, from, to, java.util.Collections.unmodifiableMap(errors),
                query);
    }

    private static String param(Context ctx, String name) {
        return Objects.requireNonNullElse(ctx.queryParam(name), "").strip();
    }

    private static LocalDate day(String value, String field, Map<String, Message> errors) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            if (value.length() == 10) {
                LocalDate d = LocalDate.parse(value);
                if (d.getYear() >= 1970 && d.getYear() <= 9999) {
                    return d;
                }
            }
        } catch (DateTimeParseException e) {
            // answered below
        }
        errors.put(field, Message.of("search.error.date"));
        return null;
    }

    /** The values and errors as the form shows them, the errors in the reader's language. */
    public org.polity.server.web.FormState form(Messages m) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("q", q);
        values.put("type", type);
        values.put("country", country);
        values.put("tag", tag);
        values.put("lang", lang);
        values.put("from", from);
        values.put("to", to);
        return new org.polity.server.web.FormState(values, m.t(errors));
    }

    public boolean valid() {
        return errors.isEmpty();
    }

    /** Whether the reader asked for anything: words or a filter. */
    public boolean asked() {
        return !q.isEmpty() || !type.isEmpty() || !country.isEmpty() || !tag.isEmpty() || !lang.isEmpty()
                || !from.isEmpty() || !to.isEmpty();
    }

    /** Whether any filter is set (the form then offers to clear them). */
    public boolean filtered() {
        return !type.isEmpty() || !country.isEmpty() || !tag.isEmpty() || !lang.isEmpty() || !from.isEmpty()
                || !to.isEmpty();
    }

    /** The search as a path with its parameters, without a cursor: {@code /search?q=...&type=...}. */
    public String path() {
        StringBuilder p = new StringBuilder("/search?q=").append(encode(q));
        Map<String, String> rest = new LinkedHashMap<>();
        rest.put("type", type);
        rest.put("country", country);
        rest.put("tag", tag);
        rest.put("lang", lang);
        rest.put("from", from);
        rest.put("to", to);
        rest.forEach((k, v) -> {
            if (!v.isEmpty()) {
                p.append('&').append(k).append('=').append(encode(v));
            }
        });
        return p.toString();
    }

    /** The search with only its words: where "clear filters" leads. */
    public String clearPath() {
        return "/search?q=" + encode(q);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}

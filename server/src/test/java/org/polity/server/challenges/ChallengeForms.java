package org.polity.server.challenges;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.polity.server.testing.TestInstance;

/** Filling in the challenge and response forms as a browser does (also for the figures tests). */
public final class ChallengeForms {
    private ChallengeForms() {}

    public static final List<String> MEXICO_QUESTIONS = List.of(
            "How to increase access to a knowledge base on natural resources?",
            "How to make resource management more transparent and efficient?",
            "How can citizens be involved in themes regarding energy sufficiency?");
    public static final List<String> MEXICO_CATEGORIES = List.of("Transparent and efficient resource management",
            "Products and services", "Processes and ways of working", "Civic participation");

    /** Mexico's challenge on transparency in the energy sector (issue 10's model case). */
    public static Map<String, String> mexico() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("title", "Transparency in the energy sector");
        f.put("summary", "How can open data and citizens make energy governance more transparent?");
        f.put("description", "Mexico opened its energy sector in 2013. **Open data** is now the law.");
        f.put("organisation", "Secretaría de Energía");
        f.put("sector", "energy");
        f.put("tags", "energy, transparency");
        f.put("deadline", "2099-03-31");
        f.put("languages", "es, en");
        f.put("contact", "retos@energia.gob.mx");
        for (int i = 0; i < MEXICO_QUESTIONS.size(); i++) {
            f.put("question-" + i, MEXICO_QUESTIONS.get(i));
        }
        for (int i = 0; i < MEXICO_CATEGORIES.size(); i++) {
            f.put("category-" + i, MEXICO_CATEGORIES.get(i));
        }
        return f;
    }

    public static Map<String, String> response(String title, String country) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("title", title);
        f.put("country", country);
        f.put("organisation", "Department of Industry, Science and Resources");
        f.put("description", "Australia publishes its resource data openly.");
        f.put("approach", "We built a **national minerals data portal** with open APIs.");
        f.put("results", "Exploration applications doubled.");
        f.put("links", "https://example.gov.au/minerals-portal");
        return f;
    }

    public static HttpResponse<String> post(TestInstance.Browser browser, String path, Map<String, String> fields,
            List<String> sdgs) {
        StringBuilder body = new StringBuilder();
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("_csrf", browser.csrf("/challenges"));
        all.forEach((k, v) -> add(body, k, v));
        sdgs.forEach(v -> add(body, "sdgs", v));
        return browser.post(path, "application/x-www-form-urlencoded", body.toString());
    }

    private static void add(StringBuilder body, String k, String v) {
        if (body.length() > 0) {
            body.append('&');
        }
        body.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
    }

    /** The challenge's row id from the redirect after saving ({@code /challenges/{id}?saved=1}). */
    public static long idFrom(HttpResponse<String> saved) {
        String location = saved.headers().firstValue("Location").orElseThrow();
        return Long.parseLong(location.substring("/challenges/".length(), location.indexOf('?')));
    }

    public static HttpResponse<String> advance(TestInstance.Browser browser, long id, String status, String outcome) {
        return post(browser, "/challenges/" + id + "/status", Map.of("status", status, "outcome", outcome), List.of());
    }

    /** An administrator authorises {@code username} to issue challenges. */
    public static void authorise(TestInstance.Browser admin, String username) {
        HttpResponse<String> r = post(admin, "/challenges/issuers", Map.of("username", username, "action", "add"),
                List.of());
        if (r.statusCode() != 303) {
            throw new AssertionError("authorising " + username + " answered " + r.statusCode());
        }
    }
}

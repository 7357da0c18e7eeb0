package org.polity.server.casestudies;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.polity.server.testing.TestInstance;

/** Filling in the case study form as a browser does: repeated fields for the checked boxes. */
final class CaseStudyForms {
    private CaseStudyForms() {}

    static Map<String, String> valid(String title, String country) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("title", title);
        f.put("summary", "Families get benefits without applying.");
        f.put("country", country);
        f.put("organisation", "Ministry of Social Affairs");
        f.put("levelOfGovernment", "national");
        f.put("sector", "social-services");
        f.put("launchYear", "2021");
        f.put("problem", "Eligible families **did not apply** for the child benefit.");
        f.put("innovation", "The benefit is paid *proactively* from registry data.");
        f.put("lifecycleStage", "implementing");
        f.put("results", "Take-up rose from 70% to 98%.");
        f.put("lessonsLearned", "Start with the data you already hold.");
        f.put("tags", "proactive, benefits");
        f.put("resources", "https://example.org/report.pdf");
        f.put("contact", "innovation@example.gov");
        return f;
    }

    static HttpResponse<String> post(TestInstance.Browser browser, String path, Map<String, String> fields,
            List<String> facets, List<String> sdgs, String action) {
        StringBuilder body = new StringBuilder();
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("_csrf", browser.csrf("/case-studies/new"));
        all.put("action", action);
        all.forEach((k, v) -> add(body, k, v));
        facets.forEach(v -> add(body, "innovationFacets", v));
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

    /** The case study's id from the redirect after saving ({@code /case-studies/{id}?saved=1}). */
    static long idFrom(HttpResponse<String> saved) {
        String location = saved.headers().firstValue("Location").orElseThrow();
        return Long.parseLong(location.substring("/case-studies/".length(), location.indexOf('?')));
    }

    static HttpResponse<String> step(TestInstance.Browser browser, long id, String step, String comment) {
        return browser.post("/case-studies/" + id + "/" + step, Map.of("_csrf", browser.csrf("/case-studies/new"),
                "comment", comment));
    }
}

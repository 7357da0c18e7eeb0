package org.polity.server.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.Map;

/**
 * RFC 9457 problem details: {@code application/problem+json} with {@code type}, {@code title},
 * {@code status} and {@code detail}, plus {@code errors} (field to sentence) for invalid input.
 */
public final class Problems {
    public static final String CONTENT_TYPE = "application/problem+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Problems() {}

    /**
     * JSON text as UTF-8 bytes (RFC 8259 8.1). Javalin encodes a String result in the content type's charset,
     * which JSON media types do not name, so it would fall back to ISO-8859-1 and garble every accent.
     */
    public static byte[] utf8(String json) {
        return json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    public static void write(Context ctx, int status, String title, String detail) {
        write(ctx, status, title, detail, Map.of());
    }

    public static void write(Context ctx, int status, String title, String detail, Map<String, String> errors) {
        ObjectNode body = JSON.createObjectNode();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        if (detail != null && !detail.isEmpty()) {
            body.put("detail", detail);
        }
        body.put("instance", ctx.path());
        if (!errors.isEmpty()) {
            ObjectNode fields = body.putObject("errors");
            errors.forEach(fields::put);
        }
        ctx.status(status).contentType(CONTENT_TYPE).result(utf8(body.toString()));
    }
}

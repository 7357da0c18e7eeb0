package org.polity.server.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.polity.server.crypto.Secrets;

/**
 * CSRF protection for every form, by the signed double-submit cookie pattern (OWASP CSRF cheat sheet):
 * the browser holds a random value in an HttpOnly cookie, and each form carries
 * HMAC-SHA256(instance secret, that value) in its {@code _csrf} field. A forged cross-site form cannot
 * read the cookie, so it cannot produce the field. The cookie is also SameSite=Lax.
 */
public final class Csrf {
    public static final String COOKIE = "polity_csrf";
    public static final String FIELD = "_csrf";
    private static final String ATTRIBUTE = "polity.csrf";

    private final byte[] secret;
    private final boolean secureCookies;

    public Csrf(byte[] secret, boolean secureCookies) {
        this.secret = secret.clone();
        this.secureCookies = secureCookies;
    }

    /** The token for this browser's forms, setting the cookie on first use. */
    public String token(Context ctx) {
        String cached = ctx.attribute(ATTRIBUTE);
        if (cached != null) {
            return cached;
        }
        String value = ctx.cookie(COOKIE);
        if (value == null || value.length() != 43) {
            value = Secrets.newToken();
            ctx.cookie(new Cookie(COOKIE, value, "/", -1, secureCookies, true, null, SameSite.LAX));
        }
        String token = sign(value);
        ctx.attribute(ATTRIBUTE, token);
        return token;
    }

    /** Whether a form submission carries the right token for its cookie. */
    public boolean valid(Context ctx) {
        String value = ctx.cookie(COOKIE);
        String submitted = ctx.formParam(FIELD);
        return value != null && submitted != null && Secrets.constantTimeEquals(sign(value), submitted);
    }

    private String sign(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

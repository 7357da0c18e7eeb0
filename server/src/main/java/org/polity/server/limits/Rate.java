package org.polity.server.limits;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rate limit as written in the configuration: {@code 300/60s} is 300 requests per 60 seconds ({@code s},
 * {@code m}, {@code h} or {@code d}; {@code 10/h} is 10 an hour). {@code off} or {@code 0} turns the limit off.
 */
public record Rate(int requests, Duration period) {
    private static final Pattern FORM = Pattern.compile("(\\d{1,9})\\s*/\\s*(\\d{0,9})\\s*([smhd])");
    public static final Rate OFF = new Rate(0, Duration.ZERO);

    public boolean enabled() {
        return requests > 0;
    }

    /** Parses {@code N/period}, {@code off} or {@code 0}; throws {@link IllegalArgumentException} with a reason. */
    public static Rate parse(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (s.equals("off") || s.equals("0")) {
            return OFF;
        }
        Matcher m = FORM.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a rate; write requests/period such as 300/60s,"
                    + " 10/1h or 5/15m (s, m, h, d), or off");
        }
        int requests = Integer.parseInt(m.group(1));
        long amount = m.group(2).isEmpty() ? 1 : Long.parseLong(m.group(2));
        Duration period = switch (m.group(3)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
        if (requests == 0) {
            return OFF;
        }
        if (period.isZero() || period.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("'" + text + "' has a period outside 1 second to 7 days");
        }
        return new Rate(requests, period);
    }

    @Override
    public String toString() {
        return enabled() ? requests + "/" + period.toSeconds() + "s" : "off";
    }
}

package org.polity.server.config;

import java.util.List;
import java.util.Map;
import org.polity.server.limits.AddressRange;
import org.polity.server.limits.ClientAddress;
import org.polity.server.limits.Limits;
import org.polity.server.limits.Rate;

/**
 * Rate limits and the proxies whose forwarded header is believed (docs/operations.md, "Rate limits and caps").
 *
 * @param trustedProxies {@code trusted.proxies}: peers whose forwarded header names the client; empty trusts none
 * @param forwardedHeader {@code forwarded.header}: which header those proxies maintain
 * @param rates each rule's rate ({@code rate.*}), {@link Rate#OFF} when turned off
 */
public record LimitsConfig(List<AddressRange> trustedProxies, ClientAddress.Header forwardedHeader,
        Map<Limits.Rule, Rate> rates) {
    public LimitsConfig {
        trustedProxies = List.copyOf(trustedProxies);
        rates = Map.copyOf(rates);
    }

    public Rate rate(Limits.Rule rule) {
        return rates.getOrDefault(rule, Rate.OFF);
    }
}

package org.polity.federation.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import okhttp3.Dns;

/** Resolves names and drops every address the {@link AddressPolicy} forbids, so no connection can reach one. */
public final class GuardedDns implements Dns {
    private final AddressPolicy policy;
    private final Dns delegate;

    public GuardedDns(AddressPolicy policy) {
        this(policy, Dns.SYSTEM);
    }

    GuardedDns(AddressPolicy policy, Dns delegate) {
        this.policy = policy;
        this.delegate = delegate;
    }

    @Override
    public List<InetAddress> lookup(String hostname) throws UnknownHostException {
        List<InetAddress> allowed = new ArrayList<>();
        List<InetAddress> all = delegate.lookup(hostname);
        for (InetAddress address : all) {
            if (policy.allows(address)) {
                allowed.add(address);
            }
        }
        if (allowed.isEmpty()) {
            throw new BlockedAddressException(hostname + " resolves only to addresses this server may not contact "
                    + Arrays.toString(all.toArray()) + " (POLITY_ALLOW_PRIVATE_ADDRESSES is false)");
        }
        return allowed;
    }

    /** The host exists but lies in a forbidden network. */
    public static final class BlockedAddressException extends UnknownHostException {
        public BlockedAddressException(String message) {
            super(message);
        }
    }
}

package org.polity.server;

import java.net.URI;
import org.polity.server.config.ConfigException;
import org.polity.server.config.ConfigLoader;
import org.polity.server.model.Actor;

/** First-start and every-start duties shared by the server and the CLI. */
public final class Bootstrap {
    static final String BASE_URL_SETTING = "base_url";

    private Bootstrap() {}

    /**
     * Binds the instance's base URL. The first start records it; later starts must use the same one, because
     * every actor id other servers know is built from it.
     */
    public static void bindBaseUrl(Polity polity, URI baseUrl) {
        String stored = polity.storage().stores().settings().insertIfAbsent(BASE_URL_SETTING, baseUrl.toString());
        if (!stored.equals(baseUrl.toString())) {
            throw new ConfigException(ConfigLoader.envName("base.url"), "this instance was created as " + stored
                    + " and its actor ids use that URL; set POLITY_BASE_URL=" + stored
                    + " (it is " + baseUrl + " now)");
        }
        polity.uris().bind(baseUrl);
    }

    /** The base URL recorded by the first start, if any (the CLI uses it when none is configured). */
    public static java.util.Optional<URI> recordedBaseUrl(Polity polity) {
        return polity.storage().stores().settings().find(BASE_URL_SETTING).map(URI::create);
    }

    /** Creates what every instance has from its first start: the instance actor (FEP-2677). */
    public static Actor ensureInstanceActors(Polity polity) {
        return polity.actors().ensureInstanceActor(polity.config().instanceName());
    }

    /** As above, taking the instance actor's key pair from {@code keys} if it has to be created. */
    public static Actor ensureInstanceActors(Polity polity, java.util.function.Supplier<java.security.KeyPair> keys) {
        return polity.actors().ensureInstanceActor(polity.config().instanceName(), keys);
    }
}

package org.polity.server.web;

import io.javalin.config.RoutesConfig;

/** A set of routes registered together on the server (site, discovery, accounts, admin, ...). */
public interface RouteGroup {
    void register(RoutesConfig routes);
}

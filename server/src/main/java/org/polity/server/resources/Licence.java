package org.polity.server.resources;

import java.util.List;

/**
 * The licences a member can put a resource under: an id for the form, the URI that goes on the wire
 * ({@code license}) and the short name shown ({@code licenseName}).
 */
public record Licence(String id, String uri, String name) {
    public static final List<Licence> ALL = List.of(
            new Licence("cc-by-4.0", "https://creativecommons.org/licenses/by/4.0/", "CC BY 4.0"),
            new Licence("cc-by-sa-4.0", "https://creativecommons.org/licenses/by-sa/4.0/", "CC BY-SA 4.0"),
            new Licence("cc-by-nc-4.0", "https://creativecommons.org/licenses/by-nc/4.0/", "CC BY-NC 4.0"),
            new Licence("cc-by-nd-4.0", "https://creativecommons.org/licenses/by-nd/4.0/", "CC BY-ND 4.0"),
            new Licence("cc0-1.0", "https://creativecommons.org/publicdomain/zero/1.0/", "CC0 1.0"),
            new Licence("ogl-uk-3.0", "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
                    "Open Government Licence v3.0"),
            new Licence("etalab-2.0", "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
                    "Licence Ouverte / Open Licence 2.0"),
            new Licence("all-rights-reserved", "https://w3id.org/polity/ns#allRightsReserved",
                    "All rights reserved"));

    /** The default on the form. */
    public static final String DEFAULT = "cc-by-4.0";

    public static Licence byId(String id) {
        return ALL.stream().filter(l -> l.id().equals(id)).findFirst().orElse(null);
    }

    public static Licence byUri(String uri) {
        return ALL.stream().filter(l -> l.uri().equals(uri)).findFirst().orElse(null);
    }
}

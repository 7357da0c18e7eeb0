package org.polity.federation.vocab;

/** An {@code OrderedCollection}: items in {@code orderedItems}, newest first by ActivityPub convention. */
public class OrderedCollection extends Collection {}

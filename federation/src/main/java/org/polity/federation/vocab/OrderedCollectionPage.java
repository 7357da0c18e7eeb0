package org.polity.federation.vocab;

/**
 * An {@code OrderedCollectionPage}. The vocabulary makes it both an OrderedCollection and a CollectionPage;
 * Java has single inheritance, so it extends {@link CollectionPage} (which has the paging properties) and
 * {@link Collection#items()} reads {@code orderedItems}.
 */
public class OrderedCollectionPage extends CollectionPage {}

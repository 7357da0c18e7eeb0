package org.polity.server.groups;

import org.polity.server.model.Actor;
import org.polity.server.model.GroupThread;

/** Where a post goes: its group and thread ({@code threadUri} null for a new thread). */
public record Placement(Actor group, String threadUri, boolean newThread, GroupThread.Kind kind) {}

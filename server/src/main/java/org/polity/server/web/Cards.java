package org.polity.server.web;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.polity.server.Polity;
import org.polity.server.groups.GroupViews;
import org.polity.server.model.Actor;
import org.polity.server.model.ActorProfile;
import org.polity.server.model.Follow;
import org.polity.server.model.Notification;
import org.polity.server.model.StoredObject;
import org.polity.server.model.Visibility;
import org.polity.server.translations.ApToTranslations;
import org.polity.server.translations.Translated;
import org.polity.server.translations.Translation;

/** What the feed, search, profile and notification pages show, built from the stores for one viewer. */
public final class Cards {
    /** How the viewer relates to an actor on a card: follow button, requested, following, or themselves. */
    public enum FollowState {
        NONE,
        REQUESTED,
        FOLLOWING,
        SELF
    }

    /** An actor with the viewer's follow state and the number of its followers this instance knows of. */
    public record ActorCard(Actor actor, FollowState state, long followersHere) {
        public String profilePath() {
            return "/profiles/" + actor.id();
        }

        public boolean hasSummary() {
            return actor.summaryHtml() != null && !actor.summaryHtml().isBlank();
        }

        public String name() {
            return actor.displayName() == null || actor.displayName().isBlank() ? actor.username()
                    : actor.displayName();
        }

        /** The group page of a group actor (ours or remote), null for anyone else. */
        public String groupPath() {
            return actor.type() == org.polity.server.model.ActorType.Group ? GroupViews.path(actor) : null;
        }

        /** The actor's own profile page (on its server), when it is an http(s) URL. */
        public String profileLink() {
            return httpOrNull(actor.profileUrl());
        }
    }

    /**
     * A post's author as its byline shows them: avatar (their {@code icon}, else initials on a colour derived
     * from the handle), name, handle, organisation and country (flag and code, named for screen readers).
     */
    public record Author(Actor actor, ActorProfile profile) {
        /** Avatar colours: white text on each meets WCAG AA (4.5:1); see {@code .avatar-c*} in polity.css. */
        public static final int COLOURS = 8;

        public String name() {
            return actor.displayName() == null || actor.displayName().isBlank() ? actor.username()
                    : actor.displayName();
        }

        public String handle() {
            return "@" + actor.acct();
        }

        public String profilePath() {
            return "/profiles/" + actor.id();
        }

        /** Up to two letters: the initials of the first two words of the name. */
        public String initials() {
            StringBuilder out = new StringBuilder();
            for (String word : name().strip().split("[\\s._-]+")) {
                if (!word.isEmpty() && out.length() < 2) {
                    out.appendCodePoint(Character.toUpperCase(word.codePointAt(0)));
                }
            }
            return out.length() == 0 ? "?" : out.toString();
        }

        /** The CSS class of the initials circle, the same for a handle on every page and instance. */
        public String colourClass() {
            return "avatar-c" + Math.floorMod(actor.acct().toLowerCase(java.util.Locale.ROOT).hashCode(), COLOURS);
        }

        /** The avatar image, when the actor has an https one (the page's CSP allows https images only). */
        public String iconUrl() {
            return profile.iconUrl() != null && profile.iconUrl().startsWith("https://") ? profile.iconUrl() : null;
        }

        public String organisation() {
            return profile.organisation();
        }

        public String country() {
            return profile.country();
        }

        /** The flag emoji of the country: its two regional indicator letters. */
        public String flag() {
            String c = profile.country();
            if (c == null || c.length() != 2) {
                return "";
            }
            return new StringBuilder().appendCodePoint(0x1F1E6 + c.charAt(0) - 'A')
                    .appendCodePoint(0x1F1E6 + c.charAt(1) - 'A').toString();
        }

        /** "Chile (CL)" in the reader's language, for screen readers and tooltips. */
        public String countryLabel(java.util.Locale locale) {
            String c = profile.country();
            String name = new java.util.Locale("", c).getDisplayCountry(locale);
            return name == null || name.isBlank() || name.equals(c) ? c : name + " (" + c + ")";
        }
    }

    /** A post in a list: the object, its author (null if unknown), and the localized date. */
    public record Post(StoredObject object, Actor author, String published, Author byline, Translated translated,
            Translation shown) {
        public Post(StoredObject object, Actor author, String published, Author byline) {
            this(object, author, published, byline, null, null);
        }

        /** The title in the language shown (the reader's, where the post has it). */
        public String title() {
            return shown != null ? shown.name() : object.name();
        }

        /** The content in the language shown, sanitised HTML. */
        public String contentHtml() {
            return shown != null ? shown.contentHtml() : object.contentHtml();
        }

        /** The language of the text shown (BCP 47), or null when the post does not say. */
        public String lang() {
            return shown == null ? null : shown.lang();
        }

        /** The post's other languages, for "Also in", the default first. */
        public java.util.List<String> otherLanguages() {
            return translated == null ? java.util.List.of()
                    : translated.languages().stream().filter(l -> !l.equals(lang())).toList();
        }

        /** Whether the post was edited after it was published. */
        public boolean edited() {
            return object.updatedAt() != null && object.publishedAt() != null
                    && object.updatedAt().isAfter(object.publishedAt());
        }

        public String link() {
            return object.url() != null ? object.url() : object.uri();
        }

        public boolean isPublic() {
            return object.visibility() == Visibility.PUBLIC || object.visibility() == Visibility.UNLISTED;
        }

        /** The post this one answers, when its id is an http(s) URL. */
        public String inReplyToLink() {
            return httpOrNull(object.inReplyToUri());
        }

        public String authorName() {
            return author == null ? "" : author.displayName() == null || author.displayName().isBlank()
                    ? author.username() : author.displayName();
        }
    }

    public static String httpOrNull(String url) {
        return url != null && (url.startsWith("https://") || url.startsWith("http://")) ? url : null;
    }

    /** A notification as listed: its sentence, where it links to, its date. */
    public record Item(Notification notification, String text, String link, String date) {}

    private final Polity polity;
    private final Map<Long, Optional<Actor>> actors = new HashMap<>();
    private final Map<Long, ActorProfile> profiles = new HashMap<>();

    public Cards(Polity polity) {
        this.polity = polity;
    }

    public Optional<Actor> actor(Long id) {
        if (id == null) {
            return Optional.empty();
        }
        return actors.computeIfAbsent(id, i -> polity.storage().stores().actors().findActorById(i));
    }

    /** Loads the authors of a page's posts and their profiles, two queries for the whole page. */
    public Cards preload(java.util.Collection<StoredObject> objects) {
        java.util.Set<Long> ids = new java.util.HashSet<>();
        for (StoredObject o : objects) {
            if (!actors.containsKey(o.attributedToId())) {
                ids.add(o.attributedToId());
            }
        }
        if (ids.isEmpty()) {
            return this;
        }
        Map<Long, Actor> found = polity.storage().stores().actors().findActorsByIds(ids);
        for (Long id : ids) {
            actors.put(id, Optional.ofNullable(found.get(id)));
        }
        profiles.putAll(polity.storage().stores().actors().findProfiles(ids));
        for (Long id : ids) {
            profiles.putIfAbsent(id, ActorProfile.none(id));
        }
        return this;
    }

    /** The byline of an actor (null if unknown); loaded one by one when not preloaded. */
    public Author author(Long id) {
        Optional<Actor> actor = actor(id);
        if (actor.isEmpty()) {
            return null;
        }
        ActorProfile profile = profiles.computeIfAbsent(id, i -> polity.storage().stores().actors()
                .findProfiles(java.util.List.of(i)).getOrDefault(i, ActorProfile.none(i)));
        return new Author(actor.get(), profile);
    }

    public ActorCard card(Actor viewer, Actor actor) {
        FollowState state;
        if (viewer.id() == actor.id()) {
            state = FollowState.SELF;
        } else {
            state = polity.storage().stores().follows().findFollow(viewer.id(), actor.id())
                    .map(f -> f.state() == Follow.State.ACCEPTED ? FollowState.FOLLOWING : FollowState.REQUESTED)
                    .orElse(FollowState.NONE);
        }
        return new ActorCard(actor, state,
                polity.storage().stores().follows().countFollowers(actor.id(), Follow.State.ACCEPTED));
    }

    /**
     * A post shown in the first of the reader's languages it has ({@code langs}, most wanted first:
     * {@link Web#contentLanguages}), else in its default.
     */
    public Post post(StoredObject object, Messages messages, java.util.List<String> langs) {
        Translated translated = ApToTranslations.fromPayload(object.payload(), object.name(), object.contentHtml());
        return new Post(object, actor(object.attributedToId()).orElse(null), messages.dateTime(object.publishedAt()),
                author(object.attributedToId()), translated, translated.isTranslated() || translated.defaultLang() != null
                        ? translated.pick(langs) : null);
    }

    Item item(Notification n, Messages messages) {
        Optional<Actor> from = actor(n.fromActorId());
        String name = from.map(a -> a.displayName() == null || a.displayName().isBlank() ? a.username()
                : a.displayName()).orElse("?");
        String handle = from.map(a -> "@" + a.acct()).orElse("");
        // {2}: the group a join is about (the notification's object, else its sender), for the group kinds
        String groupName = n.objectUri() == null ? name : polity.storage().stores().actors()
                .findActorByUri(n.objectUri()).map(GroupViews::displayName).orElse(name);
        String text = messages.t(switch (n.kind()) {
            case GROUP_REQUEST, GROUP_INVITE, GROUP_REJECTED, GROUP_ACCEPTED, GROUP_JOINED, GROUP_MEMBER_JOINED,
                    ANSWER_ACCEPTED -> "groups.notifications.kind.";
            case CHALLENGE_RESPONSE, CHALLENGE_UPDATED -> "challenges.notifications.kind.";
            case REPORT_RECEIVED -> "moderation.notifications.kind.";
            default -> "pages.notifications.kind.";
        } + n.kind().name(), name, handle, groupName);
        String link;
        String groupLink = groupLink(n);
        if (groupLink != null) {
            link = groupLink;
        } else if (n.kind() == Notification.Kind.REPORT_RECEIVED) {
            link = polity.storage().stores().moderation().findReportByUri(n.objectUri())
                    .map(r -> "/admin/reports/" + r.id()).orElse("/admin/reports");
        } else if (n.kind() == Notification.Kind.SIGNUP_PENDING) {
            link = "/admin/approvals"; // where it is approved or declined
        } else if (n.kind() == Notification.Kind.FOLLOW_REQUEST) {
            link = "/follow-requests"; // where it is answered
        } else if (n.objectUri() != null) {
            link = polity.storage().stores().objects().findObjectByUri(n.objectUri())
                    .map(o -> o.url() != null ? o.url() : o.uri()).orElse(n.objectUri());
        } else {
            link = from.map(a -> "/profiles/" + a.id()).orElse("/notifications");
        }
        return new Item(n, text, link, messages.dateTime(n.createdAt()));
    }

    /**
     * Where a group notification leads: a request to join to the group's members page, an invitation or a
     * refusal to the group's page, an accepted answer to the answer in its thread; null for other kinds.
     */
    private String groupLink(Notification n) {
        var stores = polity.storage().stores();
        switch (n.kind()) {
            case GROUP_REQUEST, GROUP_INVITE, GROUP_REJECTED, GROUP_ACCEPTED, GROUP_JOINED, GROUP_MEMBER_JOINED -> {
                Optional<Actor> group = n.objectUri() == null ? actor(n.fromActorId())
                        : stores.actors().findActorByUri(n.objectUri());
                if (group.isEmpty()) {
                    return "/groups";
                }
                return n.kind() == Notification.Kind.GROUP_REQUEST && group.get().local()
                        ? "/groups/" + group.get().username() + "/members" : GroupViews.path(group.get());
            }
            case CHALLENGE_UPDATED, CHALLENGE_RESPONSE -> {
                // The challenge's page here (a response leads to its challenge's, where it is listed).
                if (n.objectUri() == null) {
                    return "/challenges";
                }
                String challengeUri = n.kind() == Notification.Kind.CHALLENGE_UPDATED ? n.objectUri()
                        : stores.challenges().findResponse(n.objectUri())
                                .map(org.polity.server.challenges.ChallengeStore.Response::challengeUri).orElse(null);
                return challengeUri == null ? "/challenges" : stores.challenges().findByObjectUri(challengeUri)
                        .map(e -> "/challenges/" + e.id()).orElse("/challenges");
            }
            case ANSWER_ACCEPTED -> {
                if (n.objectUri() == null) {
                    return "/notifications";
                }
                Optional<StoredObject> answer = stores.objects().findObjectByUri(n.objectUri());
                return stores.groups().findPost(n.objectUri())
                        .flatMap(p -> stores.objects().findObjectByUri(p.threadUri()))
                        .map(t -> "/threads/" + t.id() + answer.map(a -> "#post-" + a.id()).orElse(""))
                        .orElse(n.objectUri());
            }
            default -> {
                return null;
            }
        }
    }
}

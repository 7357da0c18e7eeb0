package org.polity.server.groups;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.polity.federation.http.FetchBudget;
import org.polity.federation.vocab.ActivityStreams;
import org.polity.server.Polity;
import org.polity.server.activitypub.ContentRules;
import org.polity.server.activitypub.ObjectService;
import org.polity.server.activitypub.Publisher;
import org.polity.server.activitypub.RemoteActors;
import org.polity.server.model.Actor;
import org.polity.server.model.GroupPost;
import org.polity.server.model.GroupThread;
import org.polity.server.model.StoredActivity;
import org.polity.server.model.StoredObject;
import org.polity.server.service.Message;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.NotFound;
import org.polity.server.storage.Stores;
import org.polity.server.translations.Languages;
import org.polity.server.translations.TranslationForm;
import org.polity.server.translations.TranslationsInput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our members post in groups, ours or remote: a thread (a {@code Page} with a {@code name}) addressed to its
 * group ({@code audience} and {@code to}); a reply (a {@code Note} inside the thread, whose {@code context},
 * FEP-7888, is the thread). Both are created through {@link ObjectService}, which places them in the group
 * ({@link Placements}) and has our group re-send them ({@link GroupDistribution}).
 */
public final class Posting {
    private static final Logger log = LoggerFactory.getLogger(Posting.class);
    private static final Pattern MENTION = Pattern.compile("(?<![\\w/])@([a-zA-Z0-9_]{1,30})@([a-zA-Z0-9.-]+(?::\\d+)?)");

    private final Polity polity;
    private final RemoteActors actors;
    private final GroupAddressing addressing;
    private final Hashtags hashtags;

    Posting(Polity polity, RemoteActors actors, GroupAddressing addressing, Hashtags hashtags) {
        this.polity = polity;
        this.actors = actors;
        this.addressing = addressing;
        this.hashtags = hashtags;
    }

    private Stores stores() {
        return polity.storage().stores();
    }

    /**
     * Our member starts a thread (a discussion or a question) in a group, ours or remote: a {@code Page} with a
     * title and Markdown content; {@code #tags} in the text and the given tags become hashtags.
     */
    public StoredActivity startThread(Actor author, Actor group, String title, String markdown, GroupThread.Kind kind,
            List<String> extraTags) {
        return startThread(author, group, null, title, markdown, List.of(), kind, extraTags);
    }

    /**
     * As {@link #startThread(Actor, Actor, String, String, GroupThread.Kind, List)}, in language {@code lang} (a
     * BCP 47 tag; null when unsaid) with {@code translations} (their language, title and Markdown text; a
     * summary is not used): the {@code Page} carries {@code nameMap} and {@code source.contentMap}, from which
     * {@code contentMap} is written ({@code TranslationsInput}), the plain {@code name} and {@code content} being
     * the default language's. The group's Announce carries the Page as it is, every language kept.
     */
    public StoredActivity startThread(Actor author, Actor group, String lang, String title, String markdown,
            List<TranslationForm.Entry> translations, GroupThread.Kind kind, List<String> extraTags) {
        InvalidInput.Collector errors = new InvalidInput.Collector();
        String defaultLang = null;
        if (lang != null) {
            defaultLang = Languages.normalise(lang).orElse(null);
            if (defaultLang == null) {
                errors.add("lang", TranslationsInput.BAD_TAG);
            }
        }
        if (!translations.isEmpty() && lang == null) {
            errors.add("lang", TranslationsInput.NO_DEFAULT);
        }
        if (translations.size() >= Languages.MAX_LANGUAGES) {
            errors.add("contentMap", TranslationsInput.TOO_MANY);
        }
        String t = title == null ? "" : title.strip();
        if (t.isEmpty()) {
            errors.add("name", Message.of("groups.service.threadTitle"));
        } else if (t.length() > ContentRules.MAX_NAME) {
            errors.add("name", Message.of("blog.error.titleLong", ContentRules.MAX_NAME));
        }
        String text = markdown == null ? "" : markdown.strip();
        if (text.isEmpty()) {
            errors.add("content", Message.of("groups.service.threadText"));
        } else if (text.length() > ContentRules.MAX_CONTENT) {
            errors.add("content", Message.of("post.error.long", ContentRules.MAX_CONTENT));
        }
        errors.throwIfAny();
        ObjectNode page = Publisher.JSON.createObjectNode();
        page.put("type", "Page");
        page.put("name", t);
        ObjectNode source = page.putObject("source");
        source.put("content", text);
        source.put("mediaType", "text/markdown");
        StringBuilder allText = new StringBuilder(text);
        if (defaultLang != null) {
            ObjectNode names = page.putObject("nameMap");
            ObjectNode sources = source.putObject("contentMap");
            names.put(defaultLang, t);
            sources.put(defaultLang, text);
            for (TranslationForm.Entry e : translations) {
                String tag = Languages.normalise(e.lang()).orElseThrow(() -> InvalidInput.of("contentMap",
                        TranslationsInput.BAD_TAG));
                if (!sources.has(tag)) { // the default's language, or one given already: the first is kept
                    names.put(tag, e.title().strip());
                    sources.put(tag, e.content().strip());
                    allText.append('\n').append(e.content());
                }
            }
        }
        addressing.addressThread(page, group);
        if (kind == GroupThread.Kind.QUESTION) {
            page.put("threadKind", "question");
        }
        page.set("tag", hashtags.hashtags(allText.toString(), extraTags));
        return polity.federation().objects().create(author, page, null);
    }

    /**
     * Our member replies to a post in a group's thread (the thread itself or a comment in it): a {@code Note}
     * with {@code inReplyTo}, the thread as its {@code context}, addressed to the group and the parent's
     * author. Mentions ({@code @name@host}) in the text are resolved, addressed and notified.
     */
    public StoredActivity reply(Actor author, String parentUri, String markdown) {
        return reply(author, parentUri, markdown, null);
    }

    /**
     * As {@link #reply(Actor, String, String)}, written in {@code lang} (a BCP 47 tag; null when unsaid): the
     * {@code Note}'s {@code source.contentMap} and {@code contentMap} then have that one key.
     */
    public StoredActivity reply(Actor author, String parentUri, String markdown, String lang) {
        String tag = lang == null || lang.isBlank() ? null : Languages.normalise(lang)
                .orElseThrow(() -> InvalidInput.of("lang", TranslationsInput.BAD_TAG));
        StoredObject parent = stores().objects().findObjectByUri(parentUri).filter(o -> !o.deleted())
                .filter(o -> polity.federation().objects().visibleTo(o.uri(), o.attributedToId(), o.visibility(),
                        Optional.of(author)))
                .orElseThrow(() -> new NotFound(Message.of("svc.object.notVisible")));
        String text = markdown == null ? "" : markdown.strip();
        if (text.isEmpty()) {
            throw InvalidInput.of("content", Message.of("groups.service.replyEmpty"));
        }
        if (text.length() > ContentRules.MAX_CONTENT) {
            throw InvalidInput.of("content", Message.of("post.error.long", ContentRules.MAX_CONTENT));
        }
        ObjectNode note = Publisher.JSON.createObjectNode();
        note.put("type", "Note");
        ObjectNode source = note.putObject("source");
        source.put("content", text);
        source.put("mediaType", "text/markdown");
        if (tag != null) {
            source.putObject("contentMap").put(tag, text);
        }
        note.put("inReplyTo", parent.uri());
        Optional<GroupPost> place = stores().groups().findPost(parent.uri());
        Set<String> to = new LinkedHashSet<>();
        Set<String> cc = new LinkedHashSet<>();
        Actor parentAuthor = stores().actors().findActorById(parent.attributedToId()).orElseThrow();
        if (place.isPresent()) {
            Actor group = actors.known(place.get().groupUri()).orElseThrow();
            note.put("audience", group.uri());
            note.put("context", place.get().threadUri());
            addressing.address(group, true).forEach(n -> to.add(n.asText()));
            addressing.address(group, false).forEach(n -> cc.add(n.asText()));
        } else {
            if (parent.contextUri() != null) {
                note.put("context", parent.contextUri());
            }
            to.add(ActivityStreams.PUBLIC);
            if (author.followersUri() != null) {
                cc.add(author.followersUri());
            }
        }
        if (parentAuthor.id() != author.id()) {
            cc.add(parentAuthor.uri());
        }
        ArrayNode tags = hashtags.hashtags(text, List.of());
        for (Actor mentioned : mentions(text)) {
            ObjectNode m = tags.addObject();
            m.put("type", "Mention");
            m.put("href", mentioned.uri());
            m.put("name", "@" + mentioned.acct());
            if (!mentioned.uri().equals(author.uri())) {
                cc.add(mentioned.uri());
            }
        }
        note.set("tag", tags);
        note.set("to", GroupAddressing.array(to));
        note.set("cc", GroupAddressing.array(cc));
        return polity.federation().objects().create(author, note, null);
    }


    /** Actors mentioned as {@code @name@host} in the text that can be resolved (at most 10). */
    private List<Actor> mentions(String text) {
        List<Actor> out = new ArrayList<>();
        Matcher m = MENTION.matcher(text);
        FetchBudget budget = FetchBudget.perRequest();
        while (m.find() && out.size() < 10) {
            try {
                Actor a = actors.lookup("@" + m.group(1) + "@" + m.group(2), budget);
                if (out.stream().noneMatch(x -> x.id() == a.id())) {
                    out.add(a);
                }
            } catch (Exception e) {
                log.debug("mention {} not resolved: {}", m.group(), e.getMessage());
            }
        }
        return out;
    }
}

package org.polity.server.resources;

import org.polity.server.service.Message;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.polity.server.Polity;
import org.polity.server.groups.GroupSetup;
import org.polity.server.groups.Hashtags;
import org.polity.server.activitypub.ContentRules;
import org.polity.server.activitypub.ObjectService;
import org.polity.server.model.Actor;
import org.polity.server.model.MediaItem;
import org.polity.server.model.StoredActivity;
import org.polity.server.model.StoredObject;
import org.polity.server.model.ActorType;
import org.polity.server.model.Visibility;
import org.polity.server.groups.Groups;
import org.polity.server.groups.Placements;
import org.polity.server.service.Forbidden;
import org.polity.server.service.NotFound;
import org.polity.server.service.InvalidInput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resources: a member uploads a file or shares a link, with a title, a description (Markdown), a licence, a
 * language and tags, and it is published as a public {@code Document} or {@code Page} of type
 * {@code Resource} through {@link ObjectService}'s create path, so it is stored, indexed for search, delivered
 * to the author's followers, listed at {@code /resources} and in the Atom feeds as any other object is.
 *
 * <p>A resource is posted on the author's profile (public, to their followers) or in a group they are a member
 * of, ours or remote: then it is a thread of that group, addressed as every thread is
 * ({@link org.polity.server.groups.GroupAddressing#addressThread}), placed in it and re-sent by the group
 * (FEP-1b12) through the same create path; in a members-only group only its members read it and download its
 * file ({@link #open}). Whether the author may post there is checked before anything is stored.
 *
 * <p>Nothing is stored half-way: a refused file (its type detected from its bytes, {@link ContentDetector};
 * too large; an image too large to decode) or link (unreachable, private address) leaves no row and no file.
 * An accepted file is written to the {@link MediaStore} first, then its row in a transaction, then the object
 * is published; when a later step fails, what the earlier ones wrote is removed.
 */
public final class ResourceService {
    private static final Logger log = LoggerFactory.getLogger(ResourceService.class);
    public static final Message TOO_LARGE = Message.of("svc.resources.tooLarge");
    public static final Message NO_FILE = Message.of("svc.resources.noFile");
    public static final Message TITLE_EMPTY = Message.of("svc.resources.titleEmpty");
    public static final Message TITLE_LONG = Message.of("svc.resources.titleLong");
    public static final String DESCRIPTION_LONG = ContentRules.TOO_LONG;
    public static final Message BAD_LICENCE = Message.of("svc.resources.badLicence");
    public static final Message BAD_LANGUAGE = Message.of("svc.resources.badLanguage");
    public static final Message TOO_MANY_TAGS = Message.of("svc.resources.tooManyTags");
    public static final Message BAD_TAG = Message.of("svc.resources.badTag");
    public static final Message NO_SUCH_GROUP = Message.of("svc.resources.noSuchGroup");
    /** Languages a resource can be marked with (ISO 639-1). */
    public static final List<String> LANGUAGES = List.of("en", "fr", "es", "de", "it", "pt", "nl", "sv", "da", "fi",
            "no", "pl", "cs", "el", "hu", "ro", "ja", "ko", "zh", "ar");

    /** What every resource has besides its file or link. */
    public record Details(String title, String description, String licenceId, String language, List<String> tags) {}

    /** An uploaded file, staged on disk by the caller (deleted by the caller afterwards). */
    public record Upload(Path staged, long size, String fileName) {}

    private final Polity polity;
    private final MediaStore store;
    private final ContentDetector detector = new ContentDetector();

    public ResourceService(Polity polity, MediaStore store) {
        this.polity = polity;
        this.store = store;
    }

    public long maxUploadBytes() {
        return polity.config().media().maxUploadBytes();
    }

    /**
     * Where a resource goes: null for the author's profile ({@code groupUri} empty), else the group (ours or a
     * remote one we know, by its id) that {@code author} may post a new thread in.
     *
     * @throws NotFound when there is no such group here
     * @throws Forbidden when the author may not post in it (not a member, banned)
     */
    public Actor postingGroup(Actor author, String groupUri) {
        if (groupUri == null || groupUri.isBlank()) {
            return null;
        }
        Groups groups = polity.federation().groups();
        Actor group = polity.storage().stores().actors().findActorByUri(groupUri.strip())
                .filter(a -> a.type() == ActorType.Group)
                .orElseThrow(() -> new NotFound(NO_SUCH_GROUP));
        groups.placements().checkPosting(author, Placements.newThread(group));
        return group;
    }

    /** Checks the details; title may be empty when {@code titleOptional} (a link names itself). */
    private Licence check(Details d, boolean titleOptional) {
        InvalidInput.Collector errors = new InvalidInput.Collector();
        if (d.title().isBlank() && !titleOptional) {
            errors.add("title", TITLE_EMPTY);
        } else if (d.title().strip().length() > GroupSetup.MAX_TITLE) {
            errors.add("title", TITLE_LONG);
        }
        if (d.description().length() > ContentRules.MAX_CONTENT) {
            errors.add("description", DESCRIPTION_LONG);
        }
        Licence licence = Licence.byId(d.licenceId());
        if (licence == null) {
            errors.add("licence", BAD_LICENCE);
        }
        if (!LANGUAGES.contains(d.language())) {
            errors.add("language", BAD_LANGUAGE);
        }
        if (d.tags().size() > Hashtags.MAX_TAGS) {
            errors.add("tags", TOO_MANY_TAGS);
        } else if (d.tags().stream().anyMatch(t -> Hashtags.normaliseTag(t) == null)) {
            errors.add("tags", BAD_TAG);
        }
        errors.throwIfAny();
        return licence;
    }

    /**
     * Publishes an uploaded file as a resource. Refusals are {@link InvalidInput} on {@code file} (or the
     * detail fields), and leave nothing stored.
     */
    public StoredActivity upload(Actor author, Actor group, Upload upload, Details details) {
        checkGroup(author, group);
        if (upload == null || upload.size() == 0 && upload.fileName().isBlank()) {
            throw InvalidInput.of("file", NO_FILE);
        }
        if (upload.size() > maxUploadBytes()) {
            throw InvalidInput.of("file", TOO_LARGE);
        }
        String fileName = FileNames.sanitise(upload.fileName());
        Details d = details.title().isBlank() ? new Details(FileNames.title(fileName), details.description(),
                details.licenceId(), details.language(), details.tags()) : details;
        Licence licence = check(d, false);
        ContentDetector.Accepted type;
        byte[] thumbnail;
        String sha256;
        try {
            type = detector.detect(upload.staged());
            thumbnail = type.image() ? Thumbnails.thumbnail(upload.staged()) : null;
            sha256 = sha256(upload.staged());
        } catch (IOException e) {
            throw new UncheckedIOException("reading the uploaded file", e);
        }
        String key = MediaStore.newKey();
        String thumbKey = thumbnail == null ? null : MediaStore.newKey();
        List<String> written = new ArrayList<>();
        MediaItem item = null;
        try {
            try (InputStream in = Files.newInputStream(upload.staged())) {
                written.add(key);
                store.put(key, in, upload.size(), type.mediaType());
            }
            if (thumbnail != null) {
                written.add(thumbKey);
                store.put(thumbKey, new ByteArrayInputStream(thumbnail), thumbnail.length, "image/png");
            }
            MediaItem row = new MediaItem(0, key, sha256, type.mediaType(), upload.size(), fileName, author.id(),
                    thumbKey, null, polity.clock().instant());
            item = polity.storage().transaction(tx -> tx.media().insert(row));
            ObjectNode vouched = ResourceToAp.uploadProperties(polity.uris(), item, type, thumbnail != null,
                    licence, d.language());
            long mediaId = item.id();
            // The object and the file's link to it in one transaction: a file is served only once it is published.
            return polity.federation().objects().create(author,
                    ResourceToAp.object(polity, author, group, List.of("Document", "Resource"), d), null, vouched,
                    (tx, uri) -> tx.media().linkObject(mediaId, uri));
        } catch (IOException | RuntimeException e) {
            undo(item, written);
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new UncheckedIOException("storing the uploaded file", (IOException) e);
        }
    }

    /** Refuses, before anything is stored, a group the author may not post in (null: their profile). */
    private void checkGroup(Actor author, Actor group) {
        if (group != null) {
            polity.federation().groups().placements().checkPosting(author, Placements.newThread(group));
        }
    }

    /** Removes what a failed upload stored: the row, then the files. */
    private void undo(MediaItem item, List<String> written) {
        if (item != null) {
            try {
                polity.storage().stores().media().delete(item.id());
            } catch (RuntimeException e) {
                log.warn("could not remove media row {} after a failed upload: {}", item.id(), e.toString());
            }
        }
        for (String key : written) {
            try {
                store.delete(key);
            } catch (IOException | RuntimeException e) {
                log.warn("could not remove media {} after a failed upload: {}", key, e.toString());
            }
        }
    }

    /** Publishes a shared link as a resource, its title and description read from the page. */
    public StoredActivity shareLink(Actor author, Actor group, String url, Details details) {
        checkGroup(author, group);
        URI uri = LinkPreview.parse(url);
        Licence licence = check(details, true);
        LinkPreview.Preview preview = LinkPreview.fetch(polity.federation().http(), uri);
        String title = details.title().isBlank() ? preview.title() : details.title().strip();
        if (title.isBlank()) {
            throw InvalidInput.of("title", TITLE_EMPTY);
        }
        Details d = new Details(title, details.description(), details.licenceId(), details.language(),
                details.tags());
        ObjectNode object = ResourceToAp.object(polity, author, group, List.of("Page", "Resource"), d);
        if (!preview.description().isBlank()) {
            object.put("summary", org.polity.server.text.Html.escape(preview.description()));
        }
        return polity.federation().objects().create(author, object, null,
                ResourceToAp.linkProperties(preview, licence, d.language()), (tx, objectUri) -> { });
    }

    /**
     * A stored file to serve: its row, whether the thumbnail is asked for, its bytes, and whether anyone may
     * read it (its resource is public or unlisted; otherwise only those the resource is visible to, and no
     * shared cache may keep it).
     */
    public record Served(MediaItem item, boolean thumbnail, InputStream content, boolean open) {
        public String contentType() {
            return thumbnail ? "image/png" : item.contentType();
        }
    }

    /**
     * The file (or thumbnail) stored under {@code key}, when it belongs to a published resource that is not
     * deleted and that {@code reader} (empty: anonymous) may see by the rules every object follows
     * ({@link org.polity.server.activitypub.ReadAccess}: a members-only group's resource to its members only);
     * empty otherwise (never an in-flight or orphaned upload, and the same answer as for an unknown key).
     */
    public Optional<Served> open(String key, Optional<Actor> reader) {
        if (key == null || !MediaStore.KEY.matcher(key).matches()) {
            return Optional.empty();
        }
        Optional<MediaItem> item = polity.storage().stores().media().findMediaByKey(key)
                .filter(m -> m.objectUri() != null);
        Optional<StoredObject> object = item.flatMap(m -> polity.storage().stores().objects()
                .findObjectByUri(m.objectUri()))
                .filter(o -> !o.deleted())
                .filter(o -> polity.federation().objects().visibleTo(o.uri(), o.attributedToId(), o.visibility(),
                        reader));
        if (object.isEmpty()) {
            return Optional.empty();
        }
        boolean open = object.get().visibility() == Visibility.PUBLIC
                || object.get().visibility() == Visibility.UNLISTED;
        try {
            boolean thumb = key.equals(item.get().thumbnailKey());
            return store.open(key).map(in -> new Served(item.get(), thumb, in, open));
        } catch (IOException e) {
            throw new UncheckedIOException("reading media " + key, e);
        }
    }

    /** The resource a stored object shows, or null when it is no resource. */
    public static ResourceView view(StoredObject object) {
        return ApToResource.view(object);
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.polity.server.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.polity.server.model.ObjectKind;
import org.polity.server.model.StoredObject;
import org.polity.server.text.Html;

/**
 * A resource as the pages show it, read from the stored document (ours or another server's): its
 * {@code attachment}s (Document, Image, Audio, Video, Link: name as plain text, media type, size, an http(s)
 * address), its {@code url}, {@code license}/{@code licenseName} and {@code language}. Remote addresses are
 * only linked to, never embedded; the thumbnail is shown for our own files only.
 */
public final class ApToResource {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_.+-]{0,99}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})?");
    static final int MAX_ATTACHMENTS = 20;

    private ApToResource() {}

    /** The resource shown for {@code object}, or null when it is not a resource (or its document is unreadable). */
    public static ResourceView view(StoredObject object) {
        if (object == null || object.kind() != ObjectKind.RESOURCE || object.deleted()) {
            return null;
        }
        JsonNode doc;
        try {
            doc = JSON.readTree(object.payload());
        } catch (java.io.IOException e) {
            return null;
        }
        List<ResourceView.Attachment> attachments = new ArrayList<>();
        JsonNode list = doc.get("attachment");
        if (list != null && !list.isNull()) {
            for (JsonNode a : list.isArray() ? list : JSON.createArrayNode().add(list)) {
                if (attachments.size() == MAX_ATTACHMENTS) {
                    break;
                }
                ResourceView.Attachment attachment = attachment(a, object.local());
                if (attachment != null) {
                    attachments.add(attachment);
                }
            }
        }
        String url = http(doc.get("url"));
        // The shared page of a link resource; a url that is the object itself or one of its files is not a link.
        String link = url == null || url.equals(object.uri())
                || attachments.stream().anyMatch(x -> x.url().equals(url) && !x.mediaType().equals("text/html")
                        && !x.mediaType().isEmpty()) ? null : url;
        attachments.removeIf(x -> x.url().equals(link)); // the link is shown once, as the link
        String licenceUri = http(doc.get("license"));
        String licenceName = text(doc.get("licenseName"), 100);
        if (licenceName.isEmpty() && licenceUri != null) {
            Licence known = Licence.byUri(licenceUri);
            licenceName = known != null ? known.name() : licenceUri;
        }
        if (licenceUri == null && doc.path("license").isTextual()) {
            licenceName = text(doc.get("license"), 100);
        }
        String language = doc.path("language").asText("");
        if (!LANGUAGE.matcher(language).matches()) {
            language = doc.get("contentMap") != null && doc.get("contentMap").fieldNames().hasNext()
                    ? doc.get("contentMap").fieldNames().next() : "";
            if (!LANGUAGE.matcher(language).matches()) {
                language = "";
            }
        }
        String thumbnail = null;
        if (object.local()) {
            String icon = http(doc.path("icon").get("url"));
            if (icon != null) {
                String path = URI.create(icon).getRawPath();
                thumbnail = path != null && path.matches("/media/[0-9a-f]{32}") ? path : null;
            }
        }
        String host = link == null ? null : URI.create(link).getHost();
        return new ResourceView(List.copyOf(attachments), link, host, licenceUri, licenceName, language, thumbnail);
    }

    /** The file attachments of a resource of ours, as its document carries them (for a case study to attach). */
    public static List<JsonNode> fileNodes(StoredObject object) {
        return fileEntries(object).stream().filter(a -> attachment(a, true) != null).limit(MAX_ATTACHMENTS).toList();
    }

    /**
     * The files of the linked resources that are ours (an uploaded PDF, say), as the resources carry them: a case
     * study or a challenge response attaches them itself, so another server receives the file with it and shows it
     * even when it never saw the resource. Remote resources stay links: their files are their server's to state.
     */
    public static List<JsonNode> localResourceFiles(org.polity.server.storage.ObjectStore objects, List<String> urls) {
        List<JsonNode> files = new ArrayList<>();
        for (String url : urls) {
            objects.findObjectByUri(url)
                    .filter(o -> o.local() && !o.deleted() && o.kind() == org.polity.server.model.ObjectKind.RESOURCE)
                    .ifPresent(o -> fileNodes(o).forEach(files::add));
        }
        return files;
    }

    /**
     * The files (not links) any object carries, e.g. the PDF a case study attaches, for its page; the object's
     * own server is named by {@code local} (ours are downloaded here, others' linked to their server).
     */
    public static List<ResourceView.Attachment> files(StoredObject object) {
        if (object == null || object.deleted()) {
            return List.of();
        }
        return fileEntries(object).stream().map(a -> attachment(a, object.local()))
                .filter(java.util.Objects::nonNull).limit(MAX_ATTACHMENTS).toList();
    }

    /** The attachment entries of an object's document that are objects other than Links. */
    private static List<JsonNode> fileEntries(StoredObject object) {
        List<JsonNode> out = new ArrayList<>();
        try {
            JsonNode list = JSON.readTree(object.payload()).get("attachment");
            if (list != null && !list.isNull()) {
                for (JsonNode a : list.isArray() ? list : JSON.createArrayNode().add(list)) {
                    if (a.isObject() && !"Link".equals(a.path("type").asText())) {
                        out.add(a);
                    }
                }
            }
        } catch (java.io.IOException e) {
            // an unreadable document has no files
        }
        return out;
    }

    private static ResourceView.Attachment attachment(JsonNode a, boolean local) {
        if (!a.isObject()) {
            String url = http(a);
            return url == null ? null : new ResourceView.Attachment(tail(url), "", "", -1, url, local);
        }
        String type = a.path("type").asText("");
        if (!List.of("Document", "Image", "Audio", "Video", "Link").contains(type)) {
            return null; // PropertyValue and friends are not files
        }
        String url = http(a.get("url"));
        if (url == null) {
            url = http(a.get("href"));
        }
        if (url == null) {
            return null;
        }
        String mediaType = a.path("mediaType").asText("").toLowerCase(Locale.ROOT).strip();
        if (!MEDIA_TYPE.matcher(mediaType).matches()) {
            mediaType = "";
        }
        String name = text(a.get("name"), 200);
        if (name.isEmpty()) {
            name = tail(url);
        }
        long size = a.path("size").canConvertToLong() && a.path("size").asLong() >= 0 ? a.path("size").asLong() : -1;
        ContentDetector.Accepted known = ContentDetector.Accepted.ofMediaType(mediaType);
        String label = known != null ? known.label() : mediaType;
        return new ResourceView.Attachment(name, mediaType, label, size, url, local);
    }

    private static String tail(String url) {
        String path = URI.create(url).getPath();
        if (path == null || path.isEmpty() || path.equals("/")) {
            return URI.create(url).getHost();
        }
        String[] parts = path.split("/");
        return parts.length == 0 ? url : parts[parts.length - 1];
    }

    /** The first http(s) address in a value: a string, a Link ({@code href}), an object ({@code url}), an array. */
    static String http(JsonNode node) {
        return http(node, 0);
    }

    private static String http(JsonNode node, int depth) {
        if (node == null || node.isNull() || depth > 3) {
            return null;
        }
        if (node.isTextual()) {
            String s = node.asText().strip();
            if (s.length() > 2048 || !(s.startsWith("https://") || s.startsWith("http://"))) {
                return null;
            }
            try {
                return URI.create(s).getHost() == null ? null : s;
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        if (node.isArray()) {
            for (JsonNode each : node) {
                String url = http(each, depth + 1);
                if (url != null) {
                    return url;
                }
            }
            return null;
        }
        String href = http(node.get("href"), depth + 1);
        return href != null ? href : http(node.get("url"), depth + 1);
    }

    private static String text(JsonNode node, int max) {
        if (node == null || !node.isTextual()) {
            return "";
        }
        String plain = Html.toPlainText(node.asText(), max).strip();
        return plain.length() <= max ? plain : plain.substring(0, max);
    }
}

package org.polity.server.moderation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.polity.server.activitypub.Publisher;
import org.polity.server.model.Actor;

/**
 * The {@code Flag}s a report sends (docs/vocabulary.md, "Reports"), always by the instance actor (FEP-2677), so
 * the reporter stays anonymous, as Mastodon does: to the reported account's server in Mastodon's form, and to the
 * server of the group the content was posted in in Lemmy's form.
 */
final class ReportToAp {
    private ReportToAp() {}

    /**
     * Mastodon's form: {@code object} the account and then the reported posts, {@code content} the comment,
     * {@code to} the account (so the Flag reaches its server's inbox).
     */
    static ObjectNode toAccountHost(Publisher publisher, Actor instance, String accountUri, List<String> objects,
            String comment) {
        ObjectNode flag = publisher.activity(instance, "Flag");
        ArrayNode object = flag.putArray("object");
        object.add(accountUri);
        objects.forEach(object::add);
        flag.put("content", comment);
        flag.set("to", Publisher.array(accountUri));
        return flag;
    }

    /**
     * Lemmy's form: {@code object} the post or comment, {@code to}, {@code audience} and {@code target} the group,
     * {@code summary} the reason (Lemmy shows it), {@code content} the same for servers that read that.
     */
    static ObjectNode toGroupHost(Publisher publisher, Actor instance, String groupUri, String objectUri,
            String comment) {
        ObjectNode flag = publisher.activity(instance, "Flag");
        flag.put("object", objectUri);
        flag.set("to", Publisher.array(groupUri));
        flag.put("audience", groupUri);
        flag.put("target", groupUri);
        flag.put("summary", comment);
        flag.put("content", comment);
        return flag;
    }
}

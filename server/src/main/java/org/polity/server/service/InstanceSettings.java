package org.polity.server.service;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.polity.server.config.PolityConfig;
import org.polity.server.model.Account;
import org.polity.server.storage.Storage;

/**
 * The instance settings administrators change on the web: the sign-up e-mail domain allowlist, whether
 * sign-ups need approval, and the home page's description. Each one, once saved in {@code instance_settings},
 * overrides the value from the configuration; until then the configuration's value holds. Sign-up and the
 * pages read the effective values here only.
 */
public final class InstanceSettings {
    public static final String SIGNUP_EMAIL_DOMAINS = "signup_email_domains";
    public static final String SIGNUP_APPROVAL = "signup_approval";
    public static final String INSTANCE_DESCRIPTION = "instance_description";
    public static final String MEMBERS_CREATE_GROUPS = "members_create_groups";
    /** Whether members (not only administrators) may create invitation links (accounts.Invitations). */
    public static final String MEMBERS_INVITE = "members_invite";
    public static final int MAX_DESCRIPTION = 1000;
    public static final int MAX_DOMAINS = 200;

    private final Storage storage;
    private final PolityConfig config;

    private final org.polity.server.audit.AuditLog audit;

    public InstanceSettings(Storage storage, PolityConfig config) {
        this(storage, config, new org.polity.server.audit.AuditLog(storage, java.time.Clock.systemUTC()));
    }

    public InstanceSettings(Storage storage, PolityConfig config, org.polity.server.audit.AuditLog audit) {
        this.storage = storage;
        this.config = config;
        this.audit = audit;
    }

    /** The e-mail domain patterns that may sign up on the web; empty when sign-up on the web is closed. */
    public List<String> signupEmailDomains() {
        return find(SIGNUP_EMAIL_DOMAINS)
                .map(v -> v.lines().map(String::strip).filter(s -> !s.isEmpty()).toList())
                .orElse(config.signupEmailDomains());
    }

    public boolean signupApproval() {
        return find(SIGNUP_APPROVAL).map(Boolean::parseBoolean).orElse(config.signupApproval());
    }

    /** Whether members (not only administrators) may create topic groups; true unless an administrator says not. */
    public boolean membersCreateGroups() {
        return find(MEMBERS_CREATE_GROUPS).map(Boolean::parseBoolean).orElse(true);
    }

    /** Whether members may create invitation links; false unless an administrator allows it. */
    public boolean membersInvite() {
        return find(MEMBERS_INVITE).map(Boolean::parseBoolean).orElse(false);
    }

    public String description() {
        return find(INSTANCE_DESCRIPTION).orElse(config.instanceDescription());
    }

    /** Whether an e-mail address may sign up on the web, by its domain, under the effective allowlist. */
    public boolean emailDomainAllowed(String email) {
        return PolityConfig.emailDomainAllowed(signupEmailDomains(), email);
    }

    /** Whether an administrator has saved the settings (otherwise they come from the configuration). */
    public boolean saved() {
        return find(SIGNUP_EMAIL_DOMAINS).isPresent();
    }

    /**
     * An administrator's new settings. {@code domains} has one pattern per line (blank lines ignored), each
     * a domain or {@code *.domain}, the rule the configuration follows. Nothing is stored unless all is valid.
     */
    public void save(Account admin, String domains, boolean approval, String description) {
        save(admin, domains, approval, description, membersCreateGroups());
    }

    /** As above, and whether members may create groups. */
    public void save(Account admin, String domains, boolean approval, String description, boolean memberGroups) {
        if (admin == null || !admin.isAdmin() || !admin.isActive()) {
            throw new Forbidden(Message.of("svc.settings.adminsOnly"));
        }
        InvalidInput.Collector errors = new InvalidInput.Collector();
        List<String> patterns = parseDomains(domains == null ? "" : domains, errors);
        String text = description == null ? "" : description.strip();
        if (text.length() > MAX_DESCRIPTION) {
            errors.add("description", Message.of("admin.settings.descriptionLong"));
        }
        errors.throwIfAny();
        storage.transaction(tx -> {
            tx.settings().upsert(SIGNUP_EMAIL_DOMAINS, String.join("\n", patterns));
            tx.settings().upsert(SIGNUP_APPROVAL, Boolean.toString(approval));
            tx.settings().upsert(INSTANCE_DESCRIPTION, text);
            tx.settings().upsert(MEMBERS_CREATE_GROUPS, Boolean.toString(memberGroups));
            audit.record(tx, admin.actorId(), org.polity.server.audit.AuditLog.SETTINGS_SAVE, "settings",
                    "sign-up domains: " + String.join(" ", patterns) + "; approval: " + approval
                    + "; members create groups: " + memberGroups);
            return null;
        });
    }

    /** The first line (from 1) of a one-per-line list that is not a domain pattern; 0 when all are. */
    public static int badLine(String text) {
        List<String> lines = Arrays.asList(text.split("\\R", -1));
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip().toLowerCase(Locale.ROOT);
            if (!line.isEmpty() && !PolityConfig.isDomainPattern(line)) {
                return i + 1;
            }
        }
        return 0;
    }

    /** The patterns of a one-per-line list, lower-cased and without repeats; a bad line is a field error. */
    static List<String> parseDomains(String text, InvalidInput.Collector errors) {
        int bad = badLine(text);
        if (bad > 0) {
            errors.add("domains", Message.of("admin.settings.domainsInvalid", bad, text.split("\\R", -1)[bad - 1].strip()));
            return List.of();
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String raw : text.split("\\R")) {
            String line = raw.strip().toLowerCase(Locale.ROOT);
            if (!line.isEmpty()) {
                out.add(line);
            }
        }
        if (out.size() > MAX_DOMAINS) {
            errors.add("domains", Message.of("svc.settings.domainsMany", MAX_DOMAINS));
        }
        return new ArrayList<>(out);
    }

    private Optional<String> find(String name) {
        return storage.stores().settings().find(name);
    }
}

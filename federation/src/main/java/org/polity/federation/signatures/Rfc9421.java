package org.polity.federation.signatures;

import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.greenbytes.http.sfv.ByteSequenceItem;
import org.greenbytes.http.sfv.Dictionary;
import org.greenbytes.http.sfv.InnerList;
import org.greenbytes.http.sfv.IntegerItem;
import org.greenbytes.http.sfv.Item;
import org.greenbytes.http.sfv.ListElement;
import org.greenbytes.http.sfv.Parameters;
import org.greenbytes.http.sfv.Parser;
import org.greenbytes.http.sfv.StringItem;

/**
 * RFC 9421 HTTP Message Signatures: parsing {@code Signature-Input} / {@code Signature}, building the
 * signature base (section 2.5), signing and verifying. Derived components supported: {@code @method},
 * {@code @target-uri}, {@code @authority}, {@code @scheme}, {@code @request-target}, {@code @path},
 * {@code @query}, {@code @query-param}, {@code @status}; header fields with {@code sf}, {@code key} and
 * {@code bs} parameters.
 */
public final class Rfc9421 {
    private Rfc9421() {}

    /** One signature of a message: its label, covered components, parameters and value. */
    public record Signature(String label, InnerList input, byte[] value) {
        public List<Item<?>> components() {
            return input.get();
        }

        public Parameters params() {
            return input.getParams();
        }

        public Optional<String> keyId() {
            return stringParam("keyid");
        }

        public Optional<String> alg() {
            return stringParam("alg");
        }

        public Optional<Instant> created() {
            return longParam("created").map(Instant::ofEpochSecond);
        }

        public Optional<Instant> expires() {
            return longParam("expires").map(Instant::ofEpochSecond);
        }

        /** The covered component identifiers as serialised ({@code "@method"}, {@code "host"}, ...). */
        public List<String> componentNames() {
            List<String> names = new ArrayList<>();
            for (Item<?> item : components()) {
                names.add(String.valueOf(item.get()).toLowerCase(Locale.ROOT));
            }
            return names;
        }

        private Optional<String> stringParam(String name) {
            Item<?> item = params().get(name);
            return item instanceof StringItem s ? Optional.of(s.get()) : Optional.empty();
        }

        private Optional<Long> longParam(String name) {
            Item<?> item = params().get(name);
            return item instanceof IntegerItem i ? Optional.of(i.get()) : Optional.empty();
        }
    }

    /** Every signature the message carries, paired by label. */
    public static List<Signature> parse(HttpMessage message) throws SignatureException {
        Optional<String> inputHeader = message.combined("signature-input");
        Optional<String> signatureHeader = message.combined("signature");
        if (inputHeader.isEmpty() || signatureHeader.isEmpty()) {
            throw new SignatureException("Signature-Input and Signature headers are both required");
        }
        Dictionary inputs;
        Dictionary values;
        try {
            inputs = Parser.parseDictionary(inputHeader.get());
            values = Parser.parseDictionary(signatureHeader.get());
        } catch (IllegalArgumentException e) {
            throw new SignatureException("malformed Signature-Input or Signature header: " + e.getMessage());
        }
        List<Signature> out = new ArrayList<>();
        for (Map.Entry<String, ListElement<?>> entry : inputs.get().entrySet()) {
            if (!(entry.getValue() instanceof InnerList list)) {
                throw new SignatureException("Signature-Input member " + entry.getKey() + " is not an inner list");
            }
            ListElement<?> value = values.get().get(entry.getKey());
            if (!(value instanceof ByteSequenceItem bytes)) {
                throw new SignatureException("no Signature value for label " + entry.getKey());
            }
            out.add(new Signature(entry.getKey(), list, toBytes(bytes.get())));
        }
        if (out.isEmpty()) {
            throw new SignatureException("Signature-Input lists no signature");
        }
        return out;
    }

    /** The signature base (RFC 9421 section 2.5) for the covered components and parameters of {@code input}. */
    public static String signatureBase(HttpMessage message, InnerList input) throws SignatureException {
        StringBuilder base = new StringBuilder();
        List<String> seen = new ArrayList<>();
        for (Item<?> component : input.get()) {
            if (!(component instanceof StringItem)) {
                throw new SignatureException("component identifiers must be strings");
            }
            String identifier = component.serialize();
            if (seen.contains(identifier)) {
                throw new SignatureException("component " + identifier + " is covered twice");
            }
            seen.add(identifier);
            base.append(identifier).append(": ").append(componentValue(message, (StringItem) component)).append('\n');
        }
        base.append("\"@signature-params\": ").append(input.serialize());
        return base.toString();
    }

    public static boolean verify(HttpMessage message, Signature signature, Key key, SignatureAlgorithm alg)
            throws SignatureException {
        return alg.verify(key, signatureBase(message, signature.input()), signature.value());
    }

    /**
     * Signs {@code message} with one signature labelled {@code sig1} over {@code components} and returns
     * the message with {@code Signature-Input} and {@code Signature} added.
     */
    public static HttpMessage sign(HttpMessage message, List<String> components, String keyId, Key key,
            SignatureAlgorithm alg, Instant created) throws SignatureException {
        List<Item<?>> items = new ArrayList<>();
        for (String c : components) {
            items.add(StringItem.valueOf(c));
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("created", created.getEpochSecond());
        params.put("keyid", keyId);
        params.put("alg", alg.wireName());
        InnerList input = InnerList.valueOf(items).withParams(Parameters.valueOf(params));
        byte[] signature = alg.sign(key, signatureBase(message, input));
        return message
                .withHeader("Signature-Input", "sig1=" + input.serialize())
                .withHeader("Signature", "sig1=" + ByteSequenceItem.valueOf(signature).serialize());
    }

    private static String componentValue(HttpMessage m, StringItem component) throws SignatureException {
        String name = component.get();
        Parameters params = component.getParams();
        if (!name.equals(name.toLowerCase(Locale.ROOT))) {
            throw new SignatureException("component names must be lower case: " + name);
        }
        if (name.startsWith("@")) {
            return derived(m, name, params);
        }
        List<String> values = m.all(name);
        if (values.isEmpty()) {
            throw new SignatureException("covered header " + name + " is absent");
        }
        if (params.containsKey("bs")) {
            List<String> parts = new ArrayList<>();
            for (String v : values) {
                parts.add(ByteSequenceItem.valueOf(v.strip().getBytes(StandardCharsets.US_ASCII)).serialize());
            }
            return String.join(", ", parts);
        }
        String combined = m.combined(name).orElseThrow();
        try {
            if (params.get("key") instanceof StringItem key) {
                ListElement<?> member = Parser.parseDictionary(combined).get().get(key.get());
                if (member == null) {
                    throw new SignatureException("dictionary " + name + " has no member " + key.get());
                }
                return member.serialize();
            }
            if (params.containsKey("sf")) {
                return reserialize(combined);
            }
        } catch (IllegalArgumentException e) {
            throw new SignatureException("header " + name + " is not a structured field: " + e.getMessage());
        }
        return combined;
    }

    private static String reserialize(String value) {
        try {
            return Parser.parseDictionary(value).serialize();
        } catch (IllegalArgumentException notDictionary) {
            try {
                return Parser.parseList(value).serialize();
            } catch (IllegalArgumentException notList) {
                return Parser.parseItem(value).serialize();
            }
        }
    }

    private static String derived(HttpMessage m, String name, Parameters params) throws SignatureException {
        String query = m.targetUri().getRawQuery();
        return switch (name) {
            case "@method" -> m.method();
            case "@target-uri" -> m.targetUri().toString();
            case "@authority" -> m.authority();
            case "@scheme" -> m.targetUri().getScheme().toLowerCase(Locale.ROOT);
            case "@request-target" -> m.requestTarget();
            case "@path" -> m.targetUri().getRawPath() == null || m.targetUri().getRawPath().isEmpty()
                    ? "/" : m.targetUri().getRawPath();
            case "@query" -> "?" + (query == null ? "" : query);
            case "@query-param" -> queryParam(query, params);
            case "@status" -> {
                if (m.status() == 0) {
                    throw new SignatureException("@status is only for responses");
                }
                yield Integer.toString(m.status());
            }
            default -> throw new SignatureException("unsupported derived component " + name);
        };
    }

    private static String queryParam(String query, Parameters params) throws SignatureException {
        if (!(params.get("name") instanceof StringItem nameItem)) {
            throw new SignatureException("@query-param needs a name parameter");
        }
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                if (key.equals(nameItem.get())) {
                    return eq < 0 ? "" : pair.substring(eq + 1);
                }
            }
        }
        throw new SignatureException("query parameter " + nameItem.get() + " is absent");
    }

    private static byte[] toBytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}

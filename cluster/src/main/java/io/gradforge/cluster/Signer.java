package io.gradforge.cluster;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Signs and checks the cluster's messages with HMAC-SHA256 under the shared secret. Open-source Hazelcast has no
 * member authentication, so anyone who reaches a member's port with the cluster name can join; what such a member
 * cannot do without the secret is pass the join proof, hand out tasks, post results or register as a worker: a
 * message whose signature does not verify is ignored.
 *
 * <p>A signed message is {@code <64 hex digits of HMAC(kind + "\n" + payload)>\n<payload>}; the kind (task,
 * result, ...) is signed with it, so a message of one kind is never accepted as another.
 *
 * @implNote Thread-safe: one {@link Mac}, keyed once, is reused under this object's lock ({@code doFinal} resets it)
 *     rather than a provider looked up and a Mac keyed per message (not one per thread: the driver's evaluation
 *     threads, each of which signs one task, are new threads).
 */
final class Signer {
    private static final String ALGORITHM = "HmacSHA256";
    private static final int HEX = 64;
    private final Mac mac; // guarded by this

    Signer(String secret) {
        try {
            mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    String sign(String kind, String payload) {
        return mac(kind, payload) + "\n" + payload;
    }

    /** The payload of {@code message} if it is a {@code kind} message signed with this secret, else null. */
    @Nullable String open(String kind, @Nullable String message) {
        if (message == null || message.length() <= HEX || message.charAt(HEX) != '\n') return null;
        String payload = message.substring(HEX + 1);
        byte[] given = message.substring(0, HEX).getBytes(StandardCharsets.US_ASCII);
        byte[] expected = mac(kind, payload).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(given, expected) ? payload : null; // constant time
    }

    private synchronized String mac(String kind, String payload) {
        mac.update((kind + "\n").getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    }
}

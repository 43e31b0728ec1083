package dev.tollgate.shared.secrets;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets at rest with AES-256-GCM under the configured master key. A sealed secret reads
 * {@code v1:<key id>:<base64 of nonce and ciphertext>}: the key id (a hash prefix of the key) picks the key to open it
 * with, so a rotated key still opens what it sealed. The context (for example {@code app/<id>/stripe-api-key}) is
 * authenticated with the secret, so a sealed value copied to another row or column does not open there.
 */
@ApplicationScoped
public class SecretBox {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Key(String id, SecretKeySpec spec) {
    }

    private final Key current;
    private final List<Key> all = new ArrayList<>();

    public SecretBox(SecretsConfig config) {
        this.current = config.masterKey().filter(k -> !k.isBlank()).map(SecretBox::key).orElse(null);
        if (current != null) {
            all.add(current);
        }
        config.previousMasterKeys().orElse(List.of()).stream().filter(k -> !k.isBlank()).map(SecretBox::key)
                .forEach(all::add);
    }

    /** Whether a master key is configured: without one nothing can be sealed. */
    public boolean canSeal() {
        return current != null;
    }

    public String seal(String secret, String context) {
        if (current == null) {
            throw new IllegalStateException("tollgate.secrets.master-key is not configured");
        }
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, current.spec(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[nonce.length + sealed.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
            return "v1:" + current.id() + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a secret", e);
        }
    }

    public String open(String sealed, String context) {
        String[] parts = sealed.split(":", 3);
        if (parts.length != 3 || !parts[0].equals("v1")) {
            throw new IllegalStateException("not a sealed secret");
        }
        Key key = all.stream().filter(k -> k.id().equals(parts[1])).findFirst()
                .orElseThrow(() -> new IllegalStateException("secret sealed with key " + parts[1]
                        + ", which is not configured (tollgate.secrets.master-key, previous-master-keys)"));
        try {
            byte[] in = Base64.getDecoder().decode(parts[2]);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.spec(), new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // Never the secret or the key in the message.
            throw new IllegalStateException("cannot decrypt a secret (wrong key or context, or tampered)");
        }
    }

    private static Key key(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("tollgate.secrets master keys must be base64");
        }
        if (bytes.length != 32) {
            throw new IllegalStateException(
                    "tollgate.secrets master keys must be 32 bytes (base64 of 32 random bytes)");
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return new Key(HexFormat.of().formatHex(digest, 0, 4), new SecretKeySpec(bytes, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

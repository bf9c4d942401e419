package dev.discovery.internal.wire;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Turns a configured key into 32 AES bytes for the authenticated scheme: {@code base64:} followed by exactly 32 raw
 * bytes, or a passphrase stretched with PBKDF2-HMAC-SHA256. The salt is fixed because every node must derive the same
 * key from the same passphrase with nothing exchanged first.
 */
public final class KeyMaterial {

    static final String BASE64_PREFIX = "base64:";
    private static final byte[] SALT = "dev.discovery/aes-256-gcm/v1".getBytes(StandardCharsets.US_ASCII);
    private static final int ITERATIONS = 100_000;
    private static final Map<String, byte[]> DERIVED = new ConcurrentHashMap<>();

    private KeyMaterial() {
    }

    /** @throws IllegalArgumentException saying what a {@code base64:} key must hold (never the key itself) */
    public static void validate(String key) {
        if (key.startsWith(BASE64_PREFIX)) {
            decodeRaw(key);
        }
    }

    static byte[] aesKey(String key) {
        return DERIVED.computeIfAbsent(key, KeyMaterial::derive).clone();
    }

    /** A short public id of a key, so a receiver knows which of its keys to try. */
    static byte[] keyId(byte[] aesKey) {
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(aesKey), 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static byte[] derive(String key) {
        if (key.startsWith(BASE64_PREFIX)) {
            return decodeRaw(key);
        }
        try {
            PBEKeySpec spec = new PBEKeySpec(key.toCharArray(), SALT, ITERATIONS, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JVM", e);
        }
    }

    private static byte[] decodeRaw(String key) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(key.substring(BASE64_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must hold valid base64 of 32 bytes after 'base64:' (for example the "
                    + "output of 'openssl rand -base64 32')");
        }
        if (raw.length != 32) {
            throw new IllegalArgumentException("must hold 32 bytes after 'base64:', this key holds " + raw.length);
        }
        return raw;
    }
}

package dev.discovery.internal.wire;

import dev.discovery.DropReason;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * node-discover's {@code aes256}: AES-256-CBC with PKCS#7 padding, key and IV from OpenSSL's EVP_BytesToKey (MD5, one
 * round, no salt), the ciphertext carried as a Latin-1 string written in UTF-8. Kept only to talk to keyed
 * node-discover peers: it has no authentication and the same IV for every packet.
 */
public final class LegacyAesFraming implements Framing {

    private final SecretKeySpec key;
    private final IvParameterSpec iv;
    private final Cipher encryptor;
    private final Cipher decryptor;

    public LegacyAesFraming(String passphrase) {
        byte[][] keyAndIv = evpBytesToKey(passphrase.getBytes(StandardCharsets.UTF_8));
        this.key = new SecretKeySpec(keyAndIv[0], "AES");
        this.iv = new IvParameterSpec(keyAndIv[1]);
        try {
            this.encryptor = Cipher.getInstance("AES/CBC/PKCS5Padding");
            this.decryptor = Cipher.getInstance("AES/CBC/PKCS5Padding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CBC is missing from this JVM", e);
        }
    }

    /** D1 = MD5(pass), D2 = MD5(D1 ‖ pass), D3 = MD5(D2 ‖ pass); key = D1 ‖ D2, IV = D3. */
    public static byte[][] evpBytesToKey(byte[] passphrase) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            byte[] d1 = md5.digest(passphrase);
            md5.update(d1);
            byte[] d2 = md5.digest(passphrase);
            md5.update(d2);
            byte[] d3 = md5.digest(passphrase);
            byte[] aesKey = new byte[32];
            System.arraycopy(d1, 0, aesKey, 0, 16);
            System.arraycopy(d2, 0, aesKey, 16, 16);
            return new byte[][] {aesKey, d3};
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 is missing from this JVM", e);
        }
    }

    @Override
    public byte[] seal(byte[] json, long wallMillis) {
        try {
            byte[] cipherText;
            synchronized (encryptor) {
                encryptor.init(Cipher.ENCRYPT_MODE, key, iv);
                cipherText = encryptor.doFinal(json);
            }
            // Each ciphertext byte becomes one Latin-1 char, then the string goes out as UTF-8.
            return new String(cipherText, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CBC encryption failed", e);
        }
    }

    /**
     * The Latin-1-in-UTF-8 carriage makes the length depend on the ciphertext: each byte of 0x80 or more takes two. Any
     * change of the text (the master's hello, another weight) gives another ciphertext, so the bound is the worst case,
     * every byte doubled: about half of what the cipher text takes on average.
     */
    @Override
    public int maxSealedLength(int jsonLength) {
        return 2 * (jsonLength / 16 + 1) * 16; // PKCS#7 always pads, a whole block when the text fills the last one
    }

    @Override
    public byte[] open(byte[] datagram, long wallMillis) throws DroppedDatagram {
        String text = new String(datagram, StandardCharsets.UTF_8);
        byte[] cipherText = new byte[text.length()];
        for (int i = 0; i < cipherText.length; i++) {
            char c = text.charAt(i);
            if (c > 0xFF) {
                throw notOurs(datagram);
            }
            cipherText[i] = (byte) c;
        }
        if (cipherText.length == 0 || cipherText.length % 16 != 0) {
            throw notOurs(datagram);
        }
        try {
            synchronized (decryptor) {
                decryptor.init(Cipher.DECRYPT_MODE, key, iv);
                return decryptor.doFinal(cipherText);
            }
        } catch (GeneralSecurityException e) {
            throw notOurs(datagram);
        }
    }

    private static DroppedDatagram notOurs(byte[] datagram) {
        return Framing.looksLikeJson(datagram)
                ? new DroppedDatagram(DropReason.PLAINTEXT_REFUSED, "plain JSON while a key is configured")
                : new DroppedDatagram(DropReason.DECRYPT_FAILED, "not encrypted with our aes256 key");
    }
}

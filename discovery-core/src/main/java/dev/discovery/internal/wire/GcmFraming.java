package dev.discovery.internal.wire;

import dev.discovery.DropReason;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticated encryption: AES-256-GCM with a fresh random nonce per datagram.
 *
 * <pre>
 * datagram  = version(1) ‖ keyId(4) ‖ nonce(12) ‖ GCM(plaintext) with version ‖ keyId as associated data
 * plaintext = sender(8) ‖ sequence(8) ‖ wall-clock ms(8) ‖ JSON
 * </pre>
 * The first key encrypts; every key is kept for decryption, found by its id. The sender's random id, its sequence
 * numbers and the timestamp feed the {@link ReplayGuard}.
 */
public final class GcmFraming implements Framing {

    static final byte VERSION = (byte) 0xD1;
    private static final int HEADER = 1 + 4 + 12;
    private static final int TAG_BITS = 128;
    private static final int PREFIX = 8 + 8 + 8;

    private final List<SecretKeySpec> keys = new ArrayList<>();
    private final List<byte[]> keyIds = new ArrayList<>();
    private final Cipher sealer;
    private final Cipher opener; // guarded by itself: the receive path may run on several threads
    private final SecureRandom random = new SecureRandom();
    private final long sender;
    private final ReplayGuard replayGuard;
    private long sequence; // sealing is serialised by the caller (the node's outbox)

    public GcmFraming(List<String> configuredKeys, long replayWindowMillis) {
        for (String key : configuredKeys) {
            byte[] aesKey = KeyMaterial.aesKey(key);
            keys.add(new SecretKeySpec(aesKey, "AES"));
            keyIds.add(KeyMaterial.keyId(aesKey));
        }
        try {
            sealer = Cipher.getInstance("AES/GCM/NoPadding");
            opener = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is missing from this JVM", e);
        }
        sender = random.nextLong();
        replayGuard = new ReplayGuard(replayWindowMillis);
    }

    @Override
    public byte[] seal(byte[] json, long wallMillis) {
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        ByteBuffer plain = ByteBuffer.allocate(PREFIX + json.length);
        plain.putLong(sender).putLong(++sequence).putLong(wallMillis).put(json);
        try {
            sealer.init(Cipher.ENCRYPT_MODE, keys.get(0), new GCMParameterSpec(TAG_BITS, nonce));
            ByteBuffer out = ByteBuffer.allocate(sealedLength(json));
            out.put(VERSION).put(keyIds.get(0)).put(nonce);
            sealer.updateAAD(out.array(), 0, 5);
            sealer.doFinal(plain.flip(), out);
            return out.array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    @Override
    public int sealedLength(byte[] json) {
        return HEADER + PREFIX + json.length + TAG_BITS / 8;
    }

    @Override
    public byte[] open(byte[] datagram, long wallMillis) throws DroppedDatagram {
        if (datagram.length < HEADER + PREFIX + TAG_BITS / 8 || datagram[0] != VERSION) {
            throw Framing.looksLikeJson(datagram)
                    ? new DroppedDatagram(DropReason.PLAINTEXT_REFUSED, "plain JSON while a key is configured")
                    : new DroppedDatagram(DropReason.DECRYPT_FAILED, "not an authenticated datagram");
        }
        SecretKeySpec key = keyFor(Arrays.copyOfRange(datagram, 1, 5));
        if (key == null) {
            throw new DroppedDatagram(DropReason.DECRYPT_FAILED, "encrypted with a key we do not have");
        }
        byte[] plain;
        try {
            synchronized (opener) {
                opener.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, datagram, 5, 12));
                opener.updateAAD(datagram, 0, 5);
                plain = opener.doFinal(datagram, HEADER, datagram.length - HEADER);
            }
        } catch (AEADBadTagException e) {
            throw new DroppedDatagram(DropReason.DECRYPT_FAILED, "authentication failed: tampered, truncated or wrong key");
        } catch (GeneralSecurityException e) {
            throw new DroppedDatagram(DropReason.DECRYPT_FAILED, "cannot decrypt: " + e.getMessage());
        }
        ByteBuffer prefix = ByteBuffer.wrap(plain, 0, PREFIX);
        long from = prefix.getLong();
        long seq = prefix.getLong();
        long sentAt = prefix.getLong();
        String replay = replayGuard.check(from, seq, sentAt, wallMillis);
        if (replay != null) {
            throw new DroppedDatagram(DropReason.REPLAYED, replay);
        }
        return Arrays.copyOfRange(plain, PREFIX, plain.length);
    }

    private SecretKeySpec keyFor(byte[] id) {
        for (int i = 0; i < keyIds.size(); i++) {
            if (Arrays.equals(keyIds.get(i), id)) {
                return keys.get(i);
            }
        }
        return null;
    }
}

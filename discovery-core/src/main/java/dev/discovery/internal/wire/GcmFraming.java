package dev.discovery.internal.wire;

import dev.discovery.DiscoveryOptions;
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
 * plaintext = sender(8) ‖ sequence(8) ‖ wall-clock ms(8) ‖ echo count(1) ‖ echoed senders(8 each) ‖ JSON
 * </pre>
 * The first key encrypts; every key is kept for decryption, found by its id. The sender's random id (new at each
 * start), its sequence numbers, the timestamp and the senders it names back ({@link Echoes}) feed the
 * {@link ReplayGuard}.
 */
public final class GcmFraming implements Framing {

    /** 0xD2 since echoes were added; 0xD1 datagrams (no echoes) are refused as not ours. */
    static final byte VERSION = (byte) 0xD2;
    private static final int HEADER = 1 + 4 + 12;
    private static final int TAG_BITS = 128;
    private static final int PREFIX = 8 + 8 + 8 + 1;

    private final List<SecretKeySpec> keys = new ArrayList<>();
    private final List<byte[]> keyIds = new ArrayList<>();
    private final Cipher sealer;
    private final Cipher opener; // guarded by itself, with openBuffer: the receive path may run on several threads
    /** Where datagrams are decrypted: only the JSON after the prefix is copied out, once. */
    private byte[] openBuffer = new byte[DiscoveryOptions.MAX_DATAGRAM_BYTES];
    private final SecureRandom random = new SecureRandom();
    private final ReplayGuard replayGuard;
    private final Echoes echoes = new Echoes();
    /** This run's sender id: written at start, read by the threads that open datagrams. */
    private volatile long sender;
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

    /** A new sender id and sequence, and a replay guard that knows this node just started. */
    @Override
    public void start(long wallMillis) {
        sender = random.nextLong();
        sequence = 0;
        echoes.clear();
        replayGuard.start(wallMillis);
    }

    @Override
    public boolean awaitingProof() {
        return replayGuard.takeRefusedBeforeStart();
    }

    @Override
    public int maxSealedLength(int jsonLength) {
        return HEADER + PREFIX + jsonLength + TAG_BITS / 8; // echoes only go where they fit
    }

    @Override
    public byte[] seal(byte[] json, long wallMillis) {
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        long[] echoed = echoes.next((DiscoveryOptions.MAX_DATAGRAM_BYTES - maxSealedLength(json.length)) / 8);
        ByteBuffer plain = ByteBuffer.allocate(PREFIX + echoed.length * 8 + json.length);
        plain.putLong(sender).putLong(++sequence).putLong(wallMillis).put((byte) echoed.length);
        for (long echo : echoed) {
            plain.putLong(echo);
        }
        plain.put(json);
        try {
            sealer.init(Cipher.ENCRYPT_MODE, keys.get(0), new GCMParameterSpec(TAG_BITS, nonce));
            ByteBuffer out = ByteBuffer.allocate(HEADER + plain.capacity() + TAG_BITS / 8);
            out.put(VERSION).put(keyIds.get(0)).put(nonce);
            sealer.updateAAD(out.array(), 0, 5);
            sealer.doFinal(plain.flip(), out);
            return out.array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** Whether the datagram has the version and the least length of one of ours: it may be, or junk that starts so. */
    static boolean hasShape(byte[] datagram) {
        return datagram.length >= HEADER + PREFIX + TAG_BITS / 8 && datagram[0] == VERSION;
    }

    @Override
    public byte[] open(byte[] datagram, long wallMillis) throws DroppedDatagram {
        if (!hasShape(datagram)) {
            throw Framing.looksLikeJson(datagram)
                    ? new DroppedDatagram(DropReason.PLAINTEXT_REFUSED, "plain JSON while a key is configured")
                    : new DroppedDatagram(DropReason.DECRYPT_FAILED, "not an authenticated datagram");
        }
        SecretKeySpec key = keyFor(datagram);
        if (key == null) {
            throw new DroppedDatagram(DropReason.DECRYPT_FAILED, "encrypted with a key we do not have");
        }
        long from;
        long seq;
        long sentAt;
        boolean namesUs = false;
        byte[] json;
        synchronized (opener) {
            int length;
            try {
                opener.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, datagram, 5, 12));
                opener.updateAAD(datagram, 0, 5);
                if (openBuffer.length < datagram.length) {
                    openBuffer = new byte[datagram.length];
                }
                length = opener.doFinal(datagram, HEADER, datagram.length - HEADER, openBuffer, 0);
            } catch (AEADBadTagException e) {
                throw new DroppedDatagram(DropReason.DECRYPT_FAILED,
                        "authentication failed: tampered, truncated or wrong key");
            } catch (GeneralSecurityException e) {
                throw new DroppedDatagram(DropReason.DECRYPT_FAILED, "cannot decrypt: " + e.getMessage());
            }
            ByteBuffer prefix = ByteBuffer.wrap(openBuffer, 0, length);
            from = prefix.getLong();
            seq = prefix.getLong();
            sentAt = prefix.getLong();
            int echoCount = prefix.get() & 0xFF;
            if (prefix.remaining() < echoCount * 8) {
                throw new DroppedDatagram(DropReason.INVALID, "echo list longer than the datagram");
            }
            for (int i = 0; i < echoCount; i++) {
                namesUs |= prefix.getLong() == sender;
            }
            json = Arrays.copyOfRange(openBuffer, prefix.position(), length);
        }
        String replay = replayGuard.check(from, seq, sentAt, wallMillis, namesUs);
        if (replay == ReplayGuard.NEW_SENDER) {
            echoes.add(from);
        } else if (replay != null) {
            throw new DroppedDatagram(DropReason.REPLAYED, replay);
        }
        return json;
    }

    /** The key whose id the datagram names (bytes 1 to 4), or null. */
    private SecretKeySpec keyFor(byte[] datagram) {
        for (int i = 0; i < keyIds.size(); i++) {
            if (Arrays.equals(keyIds.get(i), 0, 4, datagram, 1, 5)) {
                return keys.get(i);
            }
        }
        return null;
    }
}

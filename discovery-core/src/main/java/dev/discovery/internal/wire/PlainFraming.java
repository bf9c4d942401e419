package dev.discovery.internal.wire;

import dev.discovery.DropReason;

/** No key: the datagram is the JSON text, as node-discover sends it. */
public final class PlainFraming implements Framing {

    @Override
    public byte[] seal(byte[] json, long wallMillis) {
        return json;
    }

    @Override
    public int maxSealedLength(int jsonLength) {
        return jsonLength;
    }

    /**
     * Refuses what cannot be a JSON object before the parser sees it: a parser that fails builds an exception with a
     * stack trace and a message, which under a flood of junk costs more than everything else on the receive path. JSON
     * text starts with {@code {} and ends with {@code }} (whitespace aside), never holds a raw control character (they
     * are escaped in strings) and, being UTF-8, never a byte 0xC0, 0xC1 or 0xF5-0xFF; random bytes fail this at once.
     */
    @Override
    public byte[] open(byte[] datagram, long wallMillis) throws DroppedDatagram {
        // Say why a keyed peer is invisible, rather than calling its datagrams bad JSON.
        if (datagram.length > 0 && datagram[0] == GcmFraming.VERSION) {
            throw new DroppedDatagram(DropReason.DECRYPT_FAILED, "an encrypted datagram, but no key is configured");
        }
        if (!Framing.looksLikeJson(datagram) || !endsAnObject(datagram) || !couldBeJsonText(datagram)) {
            throw new DroppedDatagram(DropReason.MALFORMED, "not a JSON object (" + datagram.length + " bytes)");
        }
        return datagram;
    }

    private static boolean couldBeJsonText(byte[] datagram) {
        for (byte b : datagram) {
            int u = b & 0xFF;
            if ((u < 0x20 && u != ' ' && u != '\t' && u != '\r' && u != '\n') || u == 0xC0 || u == 0xC1 || u >= 0xF5) {
                return false;
            }
        }
        return true;
    }

    private static boolean endsAnObject(byte[] datagram) {
        for (int i = datagram.length - 1; i >= 0; i--) {
            byte b = datagram[i];
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return b == '}';
            }
        }
        return false;
    }
}

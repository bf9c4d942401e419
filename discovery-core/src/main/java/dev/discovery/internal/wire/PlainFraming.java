package dev.discovery.internal.wire;

import dev.discovery.DropReason;

/** No key: the datagram is the JSON text, as node-discover sends it. */
public final class PlainFraming implements Framing {

    @Override
    public byte[] seal(byte[] json, long wallMillis) {
        return json;
    }

    @Override
    public int sealedLength(byte[] json) {
        return json.length;
    }

    @Override
    public byte[] open(byte[] datagram, long wallMillis) throws DroppedDatagram {
        // Say why a keyed peer is invisible, rather than calling its datagrams bad JSON.
        if (datagram.length > 0 && datagram[0] == GcmFraming.VERSION) {
            throw new DroppedDatagram(DropReason.DECRYPT_FAILED, "an encrypted datagram, but no key is configured");
        }
        return datagram;
    }
}

package dev.discovery;

/** No key: the datagram is the JSON text, as node-discover sends it. */
final class PlainFraming implements Framing {

    @Override
    public byte[] seal(byte[] json, long wallMillis) {
        return json;
    }

    @Override
    public byte[] open(byte[] datagram, long wallMillis) {
        return datagram;
    }
}

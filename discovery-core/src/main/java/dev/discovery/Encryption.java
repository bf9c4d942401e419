package dev.discovery;

/**
 * How datagrams are protected when a key is configured.
 */
public enum Encryption {
    /**
     * AES-256-GCM with a fresh random nonce per datagram and replay protection: tampered, truncated, replayed or
     * wrongly keyed datagrams are dropped. The default whenever a key is set.
     */
    AES_256_GCM,
    /**
     * node-discover's {@code aes256} scheme (AES-256-CBC, key and IV derived with MD5, the same IV for every packet),
     * for talking to keyed node-discover peers. It is not authenticated: anyone who can send to the port can forge
     * or replay packets.
     */
    AES256_LEGACY
}

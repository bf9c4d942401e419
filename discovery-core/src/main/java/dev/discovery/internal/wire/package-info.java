/**
 * Internal: node-discover's wire format. Envelopes and hellos to and from JSON bytes, with limits on hostile
 * input, and the framings (plain, AES-256-GCM with replay protection, node-discover's legacy aes256). Not an API.
 */
@NullMarked
package dev.discovery.internal.wire;

import org.jspecify.annotations.NullMarked;

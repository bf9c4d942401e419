/**
 * Internal: real networking. The UDP transport (one socket for broadcast, multicast and unicast), the
 * destination guard that keeps tests on loopback, and host-name defaults. Not an API.
 */
@NullMarked
package dev.discovery.internal.net;

import org.jspecify.annotations.NullMarked;

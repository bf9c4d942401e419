/**
 * Internal: helpers that several feature packages share (finding and calling the annotated methods of beans; the one
 * {@code ServiceDiscovery} that annotations act on). Public only so that sibling packages can reach them; not an API,
 * it changes without notice.
 */
@NullMarked
package dev.discovery.spring.internal;

import org.jspecify.annotations.NullMarked;

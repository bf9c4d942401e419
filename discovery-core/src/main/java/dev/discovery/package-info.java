/**
 * The public API: {@link dev.discovery.Discovery} (one node: membership, election, channels), {@link
 * dev.discovery.ServiceDiscovery} (named services, needs, setup hooks, readiness), their options, events and value
 * types. Everything a user of the library calls lives here.
 */
@NullMarked
package dev.discovery;

import org.jspecify.annotations.NullMarked;

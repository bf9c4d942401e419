/**
 * Test doubles for whole clusters without a network: {@link dev.discovery.testing.InMemoryNetwork} (a seeded
 * medium with loss, duplication, delay and partitions) and {@link dev.discovery.testing.VirtualScheduler} (time that
 * moves only when a test advances it).
 */
@NullMarked
package dev.discovery.testing;

import org.jspecify.annotations.NullMarked;

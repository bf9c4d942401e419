/**
 * Internal: the state machine behind {@code Discovery} (local state, node table, failure detector, election,
 * event hand-off) and the real scheduler. Public only so that sibling packages and the benchmarks can reach it; not an
 * API, it changes without notice.
 */
@NullMarked
package dev.discovery.internal.engine;

import org.jspecify.annotations.NullMarked;

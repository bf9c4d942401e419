/**
 * The service-provider interfaces the engine is built on: {@link dev.discovery.spi.Transport} moves datagrams
 * and {@link dev.discovery.spi.Scheduler} gives time, timers and ordered event delivery. Implement them to run a node
 * on a network or clock of your own; {@code dev.discovery.testing} holds the in-memory ones.
 */
@NullMarked
package dev.discovery.spi;

import org.jspecify.annotations.NullMarked;

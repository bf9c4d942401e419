/**
 * Internal: logging that hostile traffic cannot flood, shared by the core and the Spring module. Not an API.
 */
@NullMarked
package dev.discovery.internal.logging;

import org.jspecify.annotations.NullMarked;

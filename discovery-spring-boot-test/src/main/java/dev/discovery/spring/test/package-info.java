/**
 * Test support for Spring Boot applications that use discovery. With this module on the test class path every Spring
 * test context puts its node on an in-memory network ({@link dev.discovery.spring.test.AutoConfigureTestDiscovery}
 * says otherwise); {@link dev.discovery.spring.test.TestDiscoveryNetwork} runs several applications and fake peers on
 * one such network, in real or virtual time, and {@link dev.discovery.spring.test.DiscoveryAssertions} checks them.
 */
@NullMarked
package dev.discovery.spring.test;

import org.jspecify.annotations.NullMarked;

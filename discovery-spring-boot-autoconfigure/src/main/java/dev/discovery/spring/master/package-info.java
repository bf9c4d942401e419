/**
 * Work on the leader: {@link dev.discovery.spring.master.MasterOnly} methods and lifecycles,
 * {@link dev.discovery.spring.master.OnMasterStart} / {@link dev.discovery.spring.master.OnMasterStop} methods, the
 * {@code MasterWork} and {@code Ownership} beans, their meters, and Spring Integration leader events
 * ({@link dev.discovery.spring.master.DiscoveryIntegrationProperties}), all from
 * {@link dev.discovery.spring.master.MasterWorkAutoConfiguration}. The annotations are the API; the proxies and
 * registrations behind them are package-private, and {@code IntegrationLeaderEvents} is public only for the registry
 * backend's tests: not API.
 */
@NullMarked
package dev.discovery.spring.master;

import org.jspecify.annotations.NullMarked;

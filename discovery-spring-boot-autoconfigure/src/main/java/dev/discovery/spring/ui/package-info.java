/**
 * The cluster page ({@code discovery.ui.enabled=true}): a live, read-only view of the cluster as this node sees it,
 * served as the actuator endpoint {@code cluster} ({@link dev.discovery.spring.ui.ClusterPageEndpoint}) with a stream
 * of changes, configured by {@link dev.discovery.spring.ui.DiscoveryUiAutoConfiguration} from
 * {@link dev.discovery.spring.ui.DiscoveryUiProperties}. The page's model and stream are package-private.
 */
@NullMarked
package dev.discovery.spring.ui;

import org.jspecify.annotations.NullMarked;

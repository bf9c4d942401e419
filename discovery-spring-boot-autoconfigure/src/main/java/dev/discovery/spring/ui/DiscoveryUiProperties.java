package dev.discovery.spring.ui;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the cluster page, under {@code discovery.ui.}. The page is served as the actuator endpoint
 * {@code cluster}, so it also has to be exposed like any other endpoint.
 */
@ConfigurationProperties("discovery.ui")
public class DiscoveryUiProperties {

    /** Whether the cluster page (the actuator endpoint 'cluster', a live read-only view of the cluster) is on. */
    private boolean enabled = false;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }
}

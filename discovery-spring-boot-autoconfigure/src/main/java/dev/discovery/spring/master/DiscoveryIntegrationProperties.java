package dev.discovery.spring.master;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** How the election is published to Spring Integration, when it is on the class path. */
@ConfigurationProperties("discovery.integration")
public class DiscoveryIntegrationProperties {

    /**
     * Role whose endpoints run on the leader only: leadership is published as Spring Integration's OnGrantedEvent and
     * OnRevokedEvent for it.
     */
    private String role = "leader";

    public String getRole() {
        return role;
    }

    public void setRole(String role) {
        this.role = role;
    }
}

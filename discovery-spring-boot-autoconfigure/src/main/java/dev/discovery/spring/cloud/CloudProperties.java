package dev.discovery.spring.cloud;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.cloud.client.discovery.DiscoveryClient;

/** How discovery takes part in Spring Cloud, under {@code discovery.cloud.}. */
@ConfigurationProperties("discovery.cloud")
public class CloudProperties {

    /** Whether discovery provides Spring Cloud's DiscoveryClient, ReactiveDiscoveryClient and load-balancer lists. */
    private boolean enabled = true;

    /** Order of the DiscoveryClient among the others (the composite client asks the lowest first). */
    private int order = DiscoveryClient.DEFAULT_ORDER;

    /** Spring Cloud LoadBalancer. */
    private final LoadBalancer loadBalancer = new LoadBalancer();

    /** Spring Cloud LoadBalancer's instance lists. */
    public static class LoadBalancer {

        /**
         * Whether load-balanced clients take their instances from discovery's membership, without Spring Cloud
         * LoadBalancer's time-based cache. When false Spring Cloud's default list applies (cached 35 s).
         */
        private boolean enabled = true;

        /**
         * Whether a call that cannot reach an instance (connection refused or reset, a connect timeout, closed before
         * any byte of the response) takes it out of this application's lists at once and has discovery check it with
         * the other members, who remove it everywhere within about 300 ms if nobody gets an answer.
         */
        private boolean reportUnreachable = true;

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public boolean isReportUnreachable() { return reportUnreachable; }
        public void setReportUnreachable(boolean reportUnreachable) { this.reportUnreachable = reportUnreachable; }
    }

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public int getOrder() { return order; }
    public void setOrder(int order) { this.order = order; }
    public LoadBalancer getLoadBalancer() { return loadBalancer; }
}

package dev.discovery.spring.ui;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The cluster page's stream, {@code <endpoint path>/events}, served by Spring MVC where the actuator's endpoints are:
 * in the application's context, or in the management context when {@code management.server.port} gives the
 * actuator a server of its own. It exists only while the {@code cluster} endpoint is available (on and exposed).
 */
@ManagementContextConfiguration(value = ManagementContextType.ANY, proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(RouterFunction.class)
@ConditionalOnBooleanProperty("discovery.ui.enabled")
class ClusterStreamConfiguration {

    /** After this long the stream ends and the page's EventSource opens a new one (which starts with a snapshot). */
    static final Duration STREAM_TIMEOUT = Duration.ofMinutes(10);

    /** How soon a page reconnects after the stream broke. */
    static final Duration RECONNECT = Duration.ofSeconds(1);

    @Bean
    @ConditionalOnAvailableEndpoint(endpoint = ClusterPageEndpoint.class)
    RouterFunction<ServerResponse> discoveryClusterPageStream(ObjectProvider<ClusterFeed> feeds,
            PathMappedEndpoints endpoints) {
        String endpointPath = Objects.requireNonNullElse(endpoints.getPath(EndpointId.of(ClusterPageEndpoint.ID)),
                endpoints.getBasePath() + "/" + ClusterPageEndpoint.ID);
        return RouterFunctions.route().GET(endpointPath + ClusterPageEndpoint.EVENTS, request -> {
            ClusterFeed feed = feeds.getIfAvailable();
            if (feed == null || !feed.isRunning()) {
                return ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE).build();
            }
            return ServerResponse.sse(sse -> stream(feed, sse), STREAM_TIMEOUT);
        }).build();
    }

    private static void stream(ClusterFeed feed, ServerResponse.SseBuilder sse) {
        sse.retry(RECONNECT);
        Runnable unsubscribe = feed.subscribe(new ClusterFeed.Subscriber() {
            @Override
            public void send(String name, String json) throws IOException {
                sse.event(name).data(json);
            }

            @Override
            public void close() {
                sse.complete();
            }
        });
        sse.onComplete(unsubscribe);
        sse.onError(error -> unsubscribe.run());
        sse.onTimeout(() -> {
            unsubscribe.run();
            sse.complete();
        });
    }
}

package dev.discovery.spring.registration;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Tells {@link ServiceRegistration} which ports the web servers bound: the application's, and the management server's
 * when it has one (its context is a child, whose events reach this one).
 */
final class WebServerPorts implements ApplicationListener<WebServerInitializedEvent> {

    private final ServiceRegistration registration;

    WebServerPorts(ServiceRegistration registration) {
        this.registration = registration;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        registration.webServerStarted(event.getApplicationContext().getServerNamespace(),
                event.getWebServer().getPort());
    }
}

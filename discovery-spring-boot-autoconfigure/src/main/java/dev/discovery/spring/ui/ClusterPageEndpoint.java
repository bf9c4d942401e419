package dev.discovery.spring.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;

/**
 * {@code /actuator/cluster}: the cluster page, one self-contained HTML file (its style and script inline, nothing
 * loaded from elsewhere). Its data comes from {@code /actuator/cluster/events}, a stream of server-sent events that
 * lives under the same path, so the endpoint's exposure, access and security rules cover both.
 */
@WebEndpoint(id = ClusterPageEndpoint.ID)
public class ClusterPageEndpoint {

    /** The endpoint id, which is also its path under the actuator base path unless mapped elsewhere. */
    public static final String ID = "cluster";

    /** The path of the stream below the endpoint's path. */
    static final String EVENTS = "/events";

    private static final String PAGE = "cluster.html";

    private final String page;

    public ClusterPageEndpoint() {
        try (InputStream in = ClusterPageEndpoint.class.getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new IllegalStateException(PAGE + " is missing from the discovery starter's jar");
            }
            this.page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ReadOperation(produces = "text/html;charset=UTF-8")
    public String page() {
        return page;
    }
}

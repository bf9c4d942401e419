package dev.discovery.bench.spring;

import dev.discovery.spring.event.NodeRemovedEvent;
import java.util.Map;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * Writes a line to the JVM's log whenever its discovery node removes a node that advertised a port, with the reason
 * and the wall-clock time: the driver reads these to tell when a killed callee was out of every node's table.
 */
@Configuration(proxyBeanMethods = false)
class NodeRemovals {

    static final String PREFIX = "bench-removed ";

    @EventListener
    void onRemoved(NodeRemovedEvent event) {
        if (event.getNode().advertisement() instanceof Map<?, ?> advertisement
                && advertisement.get("port") instanceof Number port) {
            System.out.println(PREFIX + "port=" + port.intValue() + " reason=" + event.getReason() + " at="
                    + System.currentTimeMillis());
        }
    }
}

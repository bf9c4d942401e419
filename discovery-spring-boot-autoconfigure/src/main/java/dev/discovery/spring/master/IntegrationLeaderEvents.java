package dev.discovery.spring.master;

import dev.discovery.Discovery;
import dev.discovery.MasterLifecycle;
import dev.discovery.MasterWork;
import org.springframework.core.Ordered;
import org.springframework.integration.leader.Context;
import org.springframework.integration.leader.event.LeaderEventPublisher;

/**
 * Publishes the lead as Spring Integration's leader events, so that endpoints started by role
 * ({@code SmartLifecycleRoleController}, {@code @Role}) run on the leader only. As a master lifecycle of the last
 * position, it grants after the application's own master lifecycles started and revokes before they stop.
 */
public final class IntegrationLeaderEvents implements MasterLifecycle, Ordered {

    private final Discovery discovery;
    private final LeaderEventPublisher publisher;
    private final String role;
    private final Context context;

    IntegrationLeaderEvents(Discovery discovery, MasterWork work, LeaderEventPublisher publisher, String role) {
        this.discovery = discovery;
        this.publisher = publisher;
        this.role = role;
        this.context = new Context() {
            @Override
            public boolean isLeader() {
                return work.isLeader();
            }

            /** Steps down; the election may make this node master again if it still outranks the others. */
            @Override
            public void yield() {
                discovery.demote(false);
            }

            @Override
            public String getRole() {
                return role;
            }

            @Override
            public String toString() {
                return "discovery leader context{role=" + role + ", node=" + discovery.id() + "}";
            }
        };
    }

    @Override
    public void start() {
        publisher.publishOnGranted(discovery, context, role);
    }

    @Override
    public void stop() {
        publisher.publishOnRevoked(discovery, context, role);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public String toString() {
        return "Spring Integration leader events for role '" + role + "'";
    }
}

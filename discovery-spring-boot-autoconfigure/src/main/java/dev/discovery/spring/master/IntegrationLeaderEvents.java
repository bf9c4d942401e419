package dev.discovery.spring.master;

import dev.discovery.Discovery;
import dev.discovery.MasterLifecycle;
import dev.discovery.MasterWork;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.core.Ordered;
import org.springframework.integration.leader.Context;
import org.springframework.integration.leader.event.LeaderEventPublisher;
import org.springframework.integration.support.SmartLifecycleRoleController;

/**
 * Publishes the lead as Spring Integration's leader events, so that endpoints started by role
 * ({@code SmartLifecycleRoleController}, {@code @Role}) run on the leader only. As a master lifecycle of the last
 * position, it grants after the application's own master lifecycles started and revokes before they stop.
 */
public final class IntegrationLeaderEvents implements MasterLifecycle, Ordered,
        ApplicationListener<ContextRefreshedEvent> {

    private final Discovery discovery;
    private final MasterWork work;
    private final ObjectProvider<SmartLifecycleRoleController> roles;
    private final LeaderEventPublisher publisher;
    private final String role;
    private final Context context;

    IntegrationLeaderEvents(Discovery discovery, MasterWork work, ObjectProvider<SmartLifecycleRoleController> roles,
            LeaderEventPublisher publisher, String role) {
        this.discovery = discovery;
        this.work = work;
        this.roles = roles;
        this.publisher = publisher;
        this.role = role;
        this.context = new Context() {
            @Override
            public boolean isLeader() {
                return work.isLeader();
            }

            /** Steps down and stands aside for takeoverTimeout, so that another instance takes the lead. */
            @Override
            public void yield() {
                work.yieldLead();
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

    /** Reporting the lead is not work; endpoints in the role are (see {@link #onApplicationEvent}). */
    @Override
    public boolean isWork() {
        return false;
    }

    /** Once the endpoints have their roles: endpoints in this role are master-only work, so this node offers to lead. */
    @Override
    public void onApplicationEvent(ContextRefreshedEvent event) {
        SmartLifecycleRoleController controller = roles.getIfAvailable();
        if (controller != null && controller.getRoles().contains(role)) {
            work.offerToLead();
        }
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

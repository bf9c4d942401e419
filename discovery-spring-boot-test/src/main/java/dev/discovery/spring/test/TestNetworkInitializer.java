package dev.discovery.spring.test;

import dev.discovery.Discovery;
import dev.discovery.ServiceDiscovery;
import dev.discovery.spring.node.DiscoveryFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Puts an application context on a {@link TestDiscoveryNetwork}: its {@link DiscoveryFactory} creates the node there,
 * its discovery events are recorded, and a node created any other way stops the context before it can open a socket.
 * A network the context owns is a bean, closed with the context.
 */
final class TestNetworkInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private final TestDiscoveryNetwork network;
    private final boolean owned;

    TestNetworkInitializer(TestDiscoveryNetwork network, boolean owned) {
        this.network = network;
        this.owned = owned;
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableListableBeanFactory beans = context.getBeanFactory();
        if (owned) {
            beans.registerSingleton("discoveryTestNetwork", network);
            if (beans instanceof DefaultSingletonBeanRegistry registry) {
                registry.registerDisposableBean("discoveryTestNetwork", network::close);
            }
        }
        beans.registerSingleton("discoveryTestFactory", network.factory());
        beans.registerSingleton("discoveryTestEvents", new RecordedDiscoveryEvents());
        beans.addBeanPostProcessor(new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                Discovery discovery = bean instanceof ServiceDiscovery services ? services.discovery()
                        : bean instanceof Discovery node ? node : null;
                if (discovery != null && !network.contains(discovery)) {
                    throw new IllegalStateException("The bean '" + name + "' holds a discovery node that was not "
                            + "created by the DiscoveryFactory bean, so this test would run it on real UDP. Create "
                            + "the node with the DiscoveryFactory bean (inject it into the @Bean method), or let the "
                            + "test use the configured network: @AutoConfigureTestDiscovery(network = CONFIGURED).");
                }
                return bean;
            }
        });
    }
}

package dev.discovery.spring.test;

import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * After each test method, undoes what it did to a test context that later tests may share from the context cache:
 * fake peers and applications it added to the context's network go, partitions heal, and recorded events are cleared.
 */
class DiscoveryTestExecutionListener implements TestExecutionListener, Ordered {

    @Override
    public void afterTestMethod(TestContext testContext) {
        if (!testContext.hasApplicationContext()) {
            return;
        }
        ApplicationContext context = testContext.getApplicationContext();
        context.getBeanProvider(TestDiscoveryNetwork.class).ifAvailable(TestDiscoveryNetwork::reset);
        context.getBeanProvider(RecordedDiscoveryEvents.class).ifAvailable(RecordedDiscoveryEvents::clear);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 100;
    }
}

package dev.discovery.spring;

import org.springframework.beans.factory.config.BeanDefinitionHolder;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.beans.factory.config.DependencyDescriptor;
import org.springframework.beans.factory.support.AutowireCandidateResolver;

/**
 * Supplies the {@link ServiceHandle} of {@link NeedsService} injection points: fields, and constructor or method
 * parameters alike. The bean factory has a single resolver, so this one wraps the resolver that was there and hands
 * it everything else.
 */
final class NeedsServiceAutowireCandidateResolver implements AutowireCandidateResolver {

    private final AutowireCandidateResolver delegate;
    private final ServiceHandles handles;
    private final ConfigurableBeanFactory beanFactory;

    NeedsServiceAutowireCandidateResolver(AutowireCandidateResolver delegate, ServiceHandles handles,
            ConfigurableBeanFactory beanFactory) {
        this.delegate = delegate;
        this.handles = handles;
        this.beanFactory = beanFactory;
    }

    @Override
    public Object getSuggestedValue(DependencyDescriptor descriptor) {
        NeedsService needs = descriptor.getAnnotation(NeedsService.class);
        if (needs == null) {
            return delegate.getSuggestedValue(descriptor);
        }
        if (descriptor.getDependencyType() != ServiceHandle.class) {
            throw new IllegalStateException("@NeedsService(\"" + needs.value() + "\") is on a "
                    + descriptor.getDependencyType().getName() + " but goes on a ServiceHandle: "
                    + descriptor.getResolvableType());
        }
        return handles.handle(beanFactory.resolveEmbeddedValue(needs.value()));
    }

    @Override
    public boolean isAutowireCandidate(BeanDefinitionHolder holder, DependencyDescriptor descriptor) {
        return delegate.isAutowireCandidate(holder, descriptor);
    }

    @Override
    public boolean isRequired(DependencyDescriptor descriptor) {
        return delegate.isRequired(descriptor);
    }

    @Override
    public boolean hasQualifier(DependencyDescriptor descriptor) {
        return delegate.hasQualifier(descriptor);
    }

    @Override
    public String getSuggestedName(DependencyDescriptor descriptor) {
        return delegate.getSuggestedName(descriptor);
    }

    @Override
    public Object getLazyResolutionProxyIfNecessary(DependencyDescriptor descriptor, String beanName) {
        return delegate.getLazyResolutionProxyIfNecessary(descriptor, beanName);
    }

    @Override
    public Class<?> getLazyResolutionProxyClass(DependencyDescriptor descriptor, String beanName) {
        return delegate.getLazyResolutionProxyClass(descriptor, beanName);
    }

    @Override
    public AutowireCandidateResolver cloneIfNecessary() {
        return new NeedsServiceAutowireCandidateResolver(delegate.cloneIfNecessary(), handles, beanFactory);
    }
}

package io.acomm.testing.spring;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.acomm.testing.AcommTestUtils;
import io.acomm.testing.StubProvider;
import io.acomm.transport.UnixTransport;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Gives the context it customizes a new socket directory (see {@link AutoConfigureAcommTest}). A value: test
 * classes with the same settings share a cached context, and each context made gets a directory of its own.
 * @param stubProvider whether the context gets a {@link StubProvider} bean
 */
record AcommTestContextCustomizer(boolean stubProvider) implements ContextCustomizer {

    /** The name of the property source with the socket properties. */
    static final String PROPERTY_SOURCE_NAME = "acommTestSockets";

    /** The bean that deletes the directory when the context closes, after everything that used it stopped. */
    static final String SOCKET_DIR_BEAN = "acommTestSocketDir";

    static final String STUB_PROVIDER_BEAN = "acommStubProvider";

    /** The property sources of the test's own properties, which stay above ours. */
    private static final List<String> TEST_PROPERTY_SOURCES = List.of("Inlined Test Properties",
            "Dynamic Test Properties");

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
        Path dir = AcommTestUtils.newSocketDir();
        BeanDefinitionRegistry registry = (BeanDefinitionRegistry) context.getBeanFactory();
        // registered before the application's beans: made first, so destroyed last
        registry.registerBeanDefinition(SOCKET_DIR_BEAN, new RootBeanDefinition(SocketDir.class,
                () -> new SocketDir(dir)));
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(AutoConfigureAcommTest.SOCKET_DIR_PROPERTY, dir.toString());
        properties.put("acomm.tracker.socket-path", dir.resolve("tracker.sock").toString());
        properties.put("acomm.provider.socket-path", dir.resolve("provider.sock").toString());
        if (context.getEnvironment().containsProperty("acomm.provider.socket-dir")) {
            properties.put("acomm.provider.socket-dir", dir.resolve("tasks").toString());
        }
        if (this.stubProvider) {
            Path stubSocket = dir.resolve("stub.sock");
            properties.put(AutoConfigureAcommTest.STUB_PROVIDER_URL_PROPERTY, UnixTransport.url(stubSocket).toString());
            RootBeanDefinition stub = new RootBeanDefinition(StubProvider.class, () -> StubProvider.start(stubSocket));
            stub.setDependsOn(SOCKET_DIR_BEAN);
            registry.registerBeanDefinition(STUB_PROVIDER_BEAN, stub);
        }
        addBelowTestProperties(context.getEnvironment().getPropertySources(),
                new MapPropertySource(PROPERTY_SOURCE_NAME, properties));
    }

    private static void addBelowTestProperties(MutablePropertySources sources, PropertySource<?> socketProperties) {
        String lowestTestSource = null;
        for (PropertySource<?> source : sources) {
            if (TEST_PROPERTY_SOURCES.contains(source.getName())) {
                lowestTestSource = source.getName();
            }
        }
        if (lowestTestSource == null) {
            sources.addFirst(socketProperties);
        }
        else {
            sources.addAfter(lowestTestSource, socketProperties);
        }
    }

    /**
     * A context's socket directory, deleted with whatever is left in it when the context closes.
     * @param dir the directory
     */
    record SocketDir(Path dir) implements AutoCloseable {

        @Override
        public void close() {
            AcommTestUtils.deleteSocketDir(this.dir);
        }
    }
}

package io.acomm.testing.spring;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.acomm.testing.StubProvider;
import org.junit.jupiter.api.Test;

import org.springframework.context.support.GenericApplicationContext;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.support.TestPropertySourceUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The customizer applied to plain contexts: a directory per context, deleted when it closes, and the test's own
 * properties above the socket properties.
 */
class AcommTestContextCustomizerTests {

    @Test
    void eachContextGetsADirectoryOfItsOwnThatGoesWithIt() {
        ContextCustomizer customizer = customizer(AnnotatedWithStub.class);
        GenericApplicationContext first = new GenericApplicationContext();
        try (GenericApplicationContext second = new GenericApplicationContext()) {
            customizer.customizeContext(first, null);
            customizer.customizeContext(second, null);
            first.refresh();
            second.refresh();
            Path firstDir = socketDir(first);
            assertThat(firstDir).isNotEqualTo(socketDir(second)).isDirectory();
            StubProvider stub = first.getBean(StubProvider.class);
            assertThat(stub.socketPath()).exists();
            assertThat(first.getEnvironment().getProperty("acomm.provider.socket-path"))
                    .isEqualTo(firstDir.resolve("provider.sock").toString());
            assertThat(first.getEnvironment().getProperty("acomm.tracker.socket-path"))
                    .isEqualTo(firstDir.resolve("tracker.sock").toString());

            first.close();

            assertThat(Files.exists(stub.socketPath())).isFalse();
            assertThat(Files.exists(firstDir)).isFalse();
            assertThat(socketDir(second)).isDirectory();
        }
        finally {
            first.close();
        }
    }

    @Test
    void theTestsOwnPropertiesWin() {
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            TestPropertySourceUtils.addInlinedPropertiesToEnvironment(context,
                    "acomm.provider.socket-path=/run/mine.sock");
            customizer(Annotated.class).customizeContext(context, null);

            assertThat(context.getEnvironment().getProperty("acomm.provider.socket-path"))
                    .isEqualTo("/run/mine.sock");
            assertThat(context.getEnvironment().getProperty("acomm.tracker.socket-path"))
                    .startsWith(socketDir(context).toString());
            assertThat(context.getEnvironment().containsProperty(AutoConfigureAcommTest.STUB_PROVIDER_URL_PROPERTY))
                    .isFalse();
            context.refresh();
            assertThat(context.getBeanNamesForType(StubProvider.class)).isEmpty();
        }
    }

    @Test
    void aProviderSocketDirOfTheApplicationIsMovedToo() {
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            context.getEnvironment().getSystemProperties().put("acomm.provider.socket-dir", "/run/tasks");
            try {
                customizer(Annotated.class).customizeContext(context, null);
                assertThat(context.getEnvironment().getProperty("acomm.provider.socket-dir"))
                        .isEqualTo(socketDir(context).resolve("tasks").toString());
            }
            finally {
                System.clearProperty("acomm.provider.socket-dir");
            }
            context.refresh();
        }
    }

    @Test
    void classesWithTheSameSettingsShareTheirContext() {
        assertThat(customizer(Annotated.class)).isEqualTo(customizer(AlsoAnnotated.class))
                .isNotEqualTo(customizer(AnnotatedWithStub.class));
        assertThat(new AcommTestContextCustomizerFactory().createContextCustomizer(Object.class, List.of())).isNull();
    }

    private static ContextCustomizer customizer(Class<?> testClass) {
        return new AcommTestContextCustomizerFactory().createContextCustomizer(testClass, List.of());
    }

    private static Path socketDir(GenericApplicationContext context) {
        return Path.of(context.getEnvironment().getRequiredProperty(AutoConfigureAcommTest.SOCKET_DIR_PROPERTY));
    }

    @AutoConfigureAcommTest
    static class Annotated {
    }

    @AutoConfigureAcommTest
    static class AlsoAnnotated {
    }

    @AutoConfigureAcommTest(stubProvider = true)
    static class AnnotatedWithStub {
    }
}

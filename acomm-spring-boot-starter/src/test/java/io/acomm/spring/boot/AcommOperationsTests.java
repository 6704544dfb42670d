package io.acomm.spring.boot;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.acomm.AcommOperations;
import io.acomm.Tracker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.Mockito;
import tools.jackson.core.type.TypeReference;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.acomm.spring.boot.AcommTestSupport.provider;
import static io.acomm.spring.boot.AcommTestSupport.providerRunner;
import static io.acomm.test.TestSupport.resultOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application injects {@link AcommOperations}: the context's {@link Tracker}, whose typed calls reach the
 * context's {@code @AcommTask} methods over real sockets, or the application's own {@link AcommOperations} or
 * {@link Tracker} bean. ({@link AcommOperationsMockitoBeanTests} replaces it with {@code @MockitoBean}.)
 */
class AcommOperationsTests {

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path socketDir;

    private ApplicationContextRunner runner() {
        return providerRunner(this.socketDir).withUserConfiguration(VmConfiguration.class);
    }

    @Test
    void theApplicationGetsTheTrackerAsAcommOperationsAndItsTypedCallsReachTheTasks() {
        runner().run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(Tracker.class);
            AcommOperations acomm = context.getBean(VmClient.class).acomm;
            assertThat(acomm).isSameAs(context.getBean(Tracker.class)).isSameAs(context.getBean(AcommOperations.class));
            URI provider = provider(context).url();

            assertThat(context.getBean(VmClient.class).create(provider, 2)).isEqualTo(new VmInfo("vm-2", 2));
            assertThat(resultOf(acomm.request(provider, "vm.list", null, new TypeReference<List<VmInfo>>() {
            }, TIMEOUT))).containsExactly(new VmInfo("vm-1", 1), new VmInfo("vm-4", 4));
        });
    }

    @Test
    void anAcommOperationsOfTheApplicationsIsInjectedAndTheTrackerStillServesAcomm() {
        AcommOperations own = Mockito.mock(AcommOperations.class);
        runner().withBean("ownOperations", AcommOperations.class, () -> own).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean("acommOperations");
            assertThat(context.getBean(VmClient.class).acomm).isSameAs(own);
            assertThat(context.getBean(AcommOperations.class)).isSameAs(own);
            Tracker tracker = context.getBean(Tracker.class);
            assertThat(tracker.isListening()).isTrue();
            assertThat(tracker.syncRequest(provider(context).url(), "vm.create", new VmSpec(1), VmInfo.class,
                    TIMEOUT)).isEqualTo(new VmInfo("vm-1", 1));
        });
    }

    @Test
    void aTrackerOfTheApplicationsIsItsAcommOperations() {
        Tracker own = Tracker.builder().socketDir(this.socketDir).build();
        runner().withBean(Tracker.class, () -> own).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(Tracker.class);
            assertThat(context.getBean(VmClient.class).acomm).isSameAs(own);
            assertThat(context.getBean(VmClient.class).create(provider(context).url(), 3))
                    .isEqualTo(new VmInfo("vm-3", 3));
        });
        assertThat(own.isListening()).isFalse();
    }

    /** The arguments of {@code vm.create}. */
    record VmSpec(int cpus) {
    }

    /** The result of {@code vm.create}, and the elements of that of {@code vm.list}. */
    record VmInfo(String id, int cpus) {
    }

    static class VmTasks {

        @AcommTask("vm.create")
        VmInfo create(VmSpec spec) {
            return new VmInfo("vm-" + spec.cpus(), spec.cpus());
        }

        @AcommTask("vm.list")
        List<VmInfo> list() {
            return List.of(new VmInfo("vm-1", 1), new VmInfo("vm-4", 4));
        }
    }

    /**
     * Application code that has tasks done through the {@link AcommOperations} it is given.
     */
    static class VmClient {

        final AcommOperations acomm;

        VmClient(AcommOperations acomm) {
            this.acomm = acomm;
        }

        VmInfo create(URI provider, int cpus) {
            return this.acomm.syncRequest(provider, "vm.create", new VmSpec(cpus), VmInfo.class, TIMEOUT);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class VmConfiguration {

        @Bean
        VmTasks vmTasks() {
            return new VmTasks();
        }

        @Bean
        VmClient vmClient(AcommOperations acomm) {
            return new VmClient(acomm);
        }
    }
}

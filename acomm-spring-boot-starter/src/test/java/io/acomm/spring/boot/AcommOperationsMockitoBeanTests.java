package io.acomm.spring.boot;

import java.net.URI;
import java.nio.file.Path;

import io.acomm.AcommOperations;
import io.acomm.Tracker;
import io.acomm.spring.boot.AcommOperationsTests.VmClient;
import io.acomm.spring.boot.AcommOperationsTests.VmInfo;
import io.acomm.spring.boot.AcommOperationsTests.VmSpec;
import io.acomm.test.TestSupport;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * {@code @MockitoBean AcommOperations} in a {@code @SpringBootTest}: the application's code gets the mock, while
 * acomm's own beans keep the real {@link Tracker}, which still listens.
 */
@SpringBootTest(classes = { AcommTestApplication.class, AcommOperationsTests.VmConfiguration.class },
        properties = "acomm.tracker.shutdown-timeout=1s")
class AcommOperationsMockitoBeanTests {

    private static final Path SOCKET_DIR = TestSupport.newSocketDir();

    private static final URI VMD = URI.create("unix:///run/vmd/provider.sock");

    @MockitoBean
    AcommOperations acomm;

    @Autowired
    VmClient client;

    @Autowired
    Tracker tracker;

    @DynamicPropertySource
    static void acommProperties(DynamicPropertyRegistry registry) {
        registry.add("acomm.tracker.socket-dir", SOCKET_DIR::toString);
    }

    @Test
    void theApplicationGetsTheMockAndAcommKeepsItsTracker() {
        when(this.acomm.syncRequest(eq(VMD), eq("vm.create"), any(), eq(VmInfo.class), any()))
                .thenReturn(new VmInfo("vm-42", 2));

        assertThat(this.client.create(VMD, 2)).isEqualTo(new VmInfo("vm-42", 2));

        verify(this.acomm).syncRequest(VMD, "vm.create", new VmSpec(2), VmInfo.class, AcommOperationsTests.TIMEOUT);
        assertThat(this.client.acomm).isSameAs(this.acomm);
        assertThat(this.tracker).isNotSameAs(this.acomm);
        assertThat(this.tracker.isListening()).isTrue();
    }
}

package io.acomm.spring.boot;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.context.reactive.ReactiveWebApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every test of {@link AcommHttpEndpointsTests}, over real HTTP, against the shared test application run as a
 * reactive web application on Reactor Netty: WebFlux serves the same endpoints with the same answers as Spring MVC.
 */
@TestPropertySource(properties = "spring.main.web-application-type=reactive")
class AcommWebFluxEndpointsTests extends AcommHttpEndpointsTests {

    @Autowired
    ApplicationContext context;

    @Test
    void endpointsAreServedByWebFlux() {
        assertThat(this.context).isInstanceOf(ReactiveWebApplicationContext.class);
        assertThat(this.context.getBeanNamesForType(AcommWebFluxHandler.class)).hasSize(1);
        assertThat(this.context.getBeanNamesForType(AcommHttpController.class)).isEmpty();
    }
}

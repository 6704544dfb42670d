package io.acomm.spring.boot;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.context.reactive.ReactiveWebApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every hostile input of {@link AcommHttpIntakeHostileTests}, over real HTTP, against the responses intake of a
 * reactive web application on Reactor Netty: the same limits and refusals as with Spring MVC.
 */
@TestPropertySource(properties = "spring.main.web-application-type=reactive")
class AcommWebFluxIntakeHostileTests extends AcommHttpIntakeHostileTests {

    @Autowired
    ApplicationContext context;

    @Test
    void intakeIsServedByWebFlux() {
        assertThat(this.context).isInstanceOf(ReactiveWebApplicationContext.class);
        assertThat(this.context.getBeanNamesForType(AcommWebFluxHandler.class)).hasSize(1);
    }
}

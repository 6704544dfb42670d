package io.acomm.testing.spring;

import io.acomm.testing.StubProvider;

import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Resets the {@link StubProvider} beans of a test's application context after each test method, so that a cached
 * context's stub starts every test without answers or recorded requests; registered in
 * {@code META-INF/spring.factories}.
 */
final class StubProviderResetListener extends AbstractTestExecutionListener {

    @Override
    public void afterTestMethod(TestContext testContext) {
        if (testContext.hasApplicationContext()) {
            testContext.getApplicationContext().getBeanProvider(StubProvider.class).forEach(StubProvider::reset);
        }
    }
}

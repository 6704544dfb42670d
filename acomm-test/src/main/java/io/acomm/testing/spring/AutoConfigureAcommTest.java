package io.acomm.testing.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives each application context of a Spring test class (a {@code @SpringBootTest}, say) a socket directory of its
 * own in the temp directory, so that contexts the test framework caches side by side never share a socket. The
 * context's environment gets:
 * <ul>
 * <li>{@value #SOCKET_DIR_PROPERTY}: the directory;</li>
 * <li>{@code acomm.tracker.socket-path}: {@code tracker.sock} in it (the tracker's streams go there too);</li>
 * <li>{@code acomm.provider.socket-path}: {@code provider.sock} in it;</li>
 * <li>{@code acomm.provider.socket-dir}: {@code tasks} in it, only when the application sets that property;</li>
 * <li>{@value #STUB_PROVIDER_URL_PROPERTY}: the URL of the {@link io.acomm.testing.StubProvider} bean, with
 *     {@link #stubProvider()}.</li>
 * </ul>
 * These win over the application's configuration but not over the test's own properties
 * ({@code @SpringBootTest(properties = …)}, {@code @TestPropertySource}, {@code @DynamicPropertySource}). The
 * directory is deleted when the context closes.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface AutoConfigureAcommTest {

    /** The property holding the context's socket directory. */
    String SOCKET_DIR_PROPERTY = "acomm.test.socket-dir";

    /** The property holding the {@code unix://} URL of the stub provider bean. */
    String STUB_PROVIDER_URL_PROPERTY = "acomm.test.stub-provider-url";

    /**
     * @return whether the context gets a running {@link io.acomm.testing.StubProvider} bean on {@code stub.sock} in
     *     its socket directory; its answers and recorded requests are reset after each test method
     */
    boolean stubProvider() default false;
}

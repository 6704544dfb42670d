package io.acomm.testing.spring;

import io.acomm.spring.boot.AcommTask;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.stereotype.Component;

/**
 * A small application with the starter for the Spring tests: it serves one task.
 */
@SpringBootApplication
class AcommTestApplication {

    /** The application's task. */
    @Component
    static class Greeter {

        @AcommTask("greet")
        String greet(String name) {
            return "hello " + name;
        }
    }
}

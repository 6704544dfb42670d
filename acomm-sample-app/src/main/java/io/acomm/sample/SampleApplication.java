package io.acomm.sample;

import io.acomm.sample.bench.Benchmark;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The acomm sample application: serves the tasks of {@link SampleTasks} on its provider socket and calls them
 * through its tracker from the HTTP API of {@link TaskController}.
 */
@SpringBootApplication
@EnableConfigurationProperties(SampleProperties.class)
public class SampleApplication {

    /**
     * Runs the application, or with {@code bench} as first argument the benchmark, which exits when done.
     * @param args the command line
     * @throws Exception if the benchmark fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("bench")) {
            Benchmark.main(args);
            System.exit(0);
        }
        SpringApplication.run(SampleApplication.class, args);
    }
}

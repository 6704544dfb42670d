package io.acomm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.acomm.test.TestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Go-produced fixtures are copied into this module's test resources so that the build needs nothing beside the
 * repository. When the shared protocol folder sits beside the checkout, as on CI and development machines, this
 * checks that the copies are still the shared files.
 */
class SharedFixturesTests {

    private static final Path SHARED = Path.of("..", "..", "shared", "protocol", "fixtures");

    @Test
    void theCopiedFixturesAreTheSharedOnes() throws IOException {
        assumeTrue(Files.isDirectory(SHARED), "../shared/protocol/fixtures is not beside this checkout: "
                + "the copies in src/test/resources/fixtures are tested as they are");
        try (Stream<Path> shared = Files.list(SHARED)) {
            for (Path file : shared.filter(path -> path.toString().endsWith(".json")).toList()) {
                String name = file.getFileName().toString();
                assertThat(TestSupport.fixtureNames()).as("copied fixtures").contains(name);
                assertThat(TestSupport.tree(TestSupport.fixture(name))).as(name)
                        .isEqualTo(TestSupport.tree(Files.readAllBytes(file)));
            }
        }
    }
}

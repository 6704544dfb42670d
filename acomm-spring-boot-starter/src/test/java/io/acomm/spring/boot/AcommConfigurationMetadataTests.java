package io.acomm.spring.boot;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata the starter ships for IDEs: generated from {@link AcommProperties} and merged with
 * {@code additional-spring-configuration-metadata.json}.
 */
class AcommConfigurationMetadataTests {

    private static final Map<String, JsonNode> properties = new HashMap<>();

    @BeforeAll
    static void readTheStartersMetadata() throws IOException, URISyntaxException {
        Path classes = Path.of(AcommProperties.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (InputStream in = Files.newInputStream(classes.resolve("META-INF/spring-configuration-metadata.json"))) {
            new JsonMapper().readTree(in).get("properties")
                    .forEach(property -> properties.put(property.get("name").asString(), property));
        }
    }

    @Test
    void everyPropertyIsDescribed() {
        assertThat(properties).isNotEmpty().allSatisfy((name, property) -> {
            assertThat(property.path("type").asString()).as("type of %s", name).isNotEmpty();
            assertThat(property.path("description").asString()).as("description of %s", name).isNotEmpty();
        });
    }

    @Test
    void httpClientPropertiesHaveTheirTypesAndDefaults() {
        assertProperty("acomm.http.client", AcommProperties.Http.Client.class.getName(), "rest-template");
        assertProperty("acomm.http.connect-timeout", "java.time.Duration", "10s");
        assertProperty("acomm.http.read-timeout", "java.time.Duration", "30s");
    }

    @Test
    void tracePropagationSwitchIsDescribedAndOnByDefault() {
        JsonNode propagation = properties.get("acomm.observation.propagation");
        assertThat(propagation.get("type").asString()).isEqualTo("java.lang.Boolean");
        assertThat(propagation.get("defaultValue").asBoolean()).isTrue();
        assertThat(propagation.get("sourceType").asString())
                .isEqualTo(AcommProperties.ObservationProperties.class.getName());
    }

    @Test
    void healthIndicatorSwitchIsDescribed() {
        assertThat(properties.get("management.health.acomm.enabled").get("type").asString())
                .isEqualTo("java.lang.Boolean");
        assertThat(properties.get("management.health.acomm.enabled").get("defaultValue").asBoolean()).isTrue();
    }

    private static void assertProperty(String name, String type, String defaultValue) {
        assertThat(properties).containsKey(name);
        JsonNode property = properties.get(name);
        assertThat(property.get("type").asString()).as("type of %s", name).isEqualTo(type);
        assertThat(property.get("defaultValue").asString()).as("default of %s", name).isEqualTo(defaultValue);
        assertThat(property.get("sourceType").asString()).isEqualTo(AcommProperties.Http.class.getName());
    }
}

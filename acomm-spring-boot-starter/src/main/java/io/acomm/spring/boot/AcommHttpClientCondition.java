package io.acomm.spring.boot;

import io.acomm.spring.boot.AcommProperties.Http.Client;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code acomm.http.client} selects a given HTTP client, or when it is not set and that client is the
 * default. The property is bound as {@link AcommProperties} binds it, so every spelling it accepts matches
 * ({@code rest-client}, {@code REST_CLIENT}, {@code restClient}); a value that is no client fails start-up naming
 * the property.
 */
abstract class AcommHttpClientCondition extends SpringBootCondition {

    private static final String PROPERTY = "acomm.http.client";

    private final Client client;

    AcommHttpClientCondition(Client client) {
        this.client = client;
    }

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Client selected = Binder.get(context.getEnvironment()).bind(PROPERTY, Client.class)
                .orElseGet(() -> new AcommProperties.Http().getClient());
        return selected == this.client ? ConditionOutcome.match(ConditionMessage.of(PROPERTY + " is " + selected))
                : ConditionOutcome.noMatch(ConditionMessage.of(PROPERTY + " is " + selected + ", not " + this.client));
    }

    /** Matches when the {@code RestTemplate} client is selected. */
    static final class RestTemplateSelected extends AcommHttpClientCondition {

        RestTemplateSelected() {
            super(Client.REST_TEMPLATE);
        }
    }

    /** Matches when the {@code RestClient} client is selected. */
    static final class RestClientSelected extends AcommHttpClientCondition {

        RestClientSelected() {
            super(Client.REST_CLIENT);
        }
    }
}

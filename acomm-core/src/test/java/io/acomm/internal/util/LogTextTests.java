package io.acomm.internal.util;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogTextTests {

    @Test
    void lineBreaksAndControlCharactersAreEscaped() {
        assertThat(LogText.oneLine("no tracked request: x\r\nWARN forged\u2028line\u0000"))
                .isEqualTo("no tracked request: x\\u000d\\u000aWARN forged\\u2028line\\u0000");
    }

    @Test
    void longTextIsCut() {
        assertThat(LogText.oneLine("a".repeat(600))).isEqualTo("a".repeat(500) + "... (600 chars)");
    }

    @Test
    void plainTextIsLeftAlone() {
        assertThat(LogText.oneLine("invalid request: missing id")).isEqualTo("invalid request: missing id");
    }
}

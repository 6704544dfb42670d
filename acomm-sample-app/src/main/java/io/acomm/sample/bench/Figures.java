package io.acomm.sample.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The figures of one benchmark run, in the order they were measured: rates, latencies and ratios as decimals,
 * counts as whole numbers, checks as booleans. Printed as a table, and written as a JSON object.
 */
final class Figures {

    private final Map<String, Object> values = new LinkedHashMap<>();

    void put(String name, double value) {
        this.values.put(name, value);
    }

    void count(String name, long value) {
        this.values.put(name, value);
    }

    void check(String name, boolean value) {
        this.values.put(name, value);
    }

    /**
     * @return a figure measured before, as a decimal
     */
    double get(String name) {
        return ((Number) this.values.get(name)).doubleValue();
    }

    /**
     * Adds the ratio of two figures measured before.
     */
    void ratio(String name, String numerator, String denominator) {
        put(name, get(numerator) / get(denominator));
    }

    void print(PrintStream out) {
        int width = this.values.keySet().stream().mapToInt(String::length).max().orElse(0);
        String row = "%-" + width + "s %14s%n";
        out.println();
        out.printf(Locale.ROOT, row, "acomm benchmark", "median of runs");
        this.values.forEach((name, value) -> out.printf(Locale.ROOT, row, name, format(value)));
    }

    private static String format(Object value) {
        return value instanceof Double decimal ? String.format(Locale.ROOT, "%.2f", decimal) : value.toString();
    }

    void write(Path json) {
        JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValue(json.toFile(), this.values);
    }
}

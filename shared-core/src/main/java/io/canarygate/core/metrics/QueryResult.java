package io.canarygate.core.metrics;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The result of one query: a vector (instant), a matrix (range) or a scalar. An empty result is no data. */
public sealed interface QueryResult {

    /** True when the query matched nothing. */
    boolean isEmpty();

    /** Instant vector: one sample per series. */
    record Vector(List<Series> series) implements QueryResult {
        public Vector {
            series = List.copyOf(series);
        }

        @Override
        public boolean isEmpty() {
            return series.isEmpty();
        }
    }

    /** Range matrix: many samples per series. */
    record Matrix(List<Series> series) implements QueryResult {
        public Matrix {
            series = List.copyOf(series);
        }

        @Override
        public boolean isEmpty() {
            return series.isEmpty();
        }
    }

    /** A scalar ({@code scalar(...)}, a literal). */
    record Scalar(Sample sample) implements QueryResult {
        @Override
        public boolean isEmpty() {
            return false;
        }
    }

    /**
     * A labelled series; vectors hold exactly one sample in it.
     *
     * @param labels the series labels ({@code __name__} included when present)
     * @param samples time-ordered samples
     */
    record Series(Map<String, String> labels, List<Sample> samples) {
        public Series {
            labels = Map.copyOf(labels);
            samples = List.copyOf(samples);
        }
    }

    /** One value at one time; the value may be NaN or ±Infinity as Prometheus reports them. */
    record Sample(Instant time, double value) {}
}

package io.github.inventorycallback.function.log;

/** One line to the function's log; tests collect the lines. */
@FunctionalInterface
public interface Log {
    void line(String message);
}

package com.example.inventory;

/** One line to the function's log; tests collect the lines. */
@FunctionalInterface
interface Log {
    void line(String message);
}

package io.github.inventorycallback.function.benchmark;

/** The benchmark's floor: a JVM that starts and exits. */
public final class Noop {
    private Noop() {
    }

    public static void main(String[] args) {
        System.out.println("bench: noop");
    }
}

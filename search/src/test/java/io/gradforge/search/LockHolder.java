package io.gradforge.search;

import java.nio.file.Path;

/** Holds the lock of the run directory {@code args[0]} until killed (a second process for {@link RunDirectoryTest}). */
public final class LockHolder {
    private LockHolder() {}

    public static void main(String[] args) throws Exception {
        RunDirectory.Lock lock = RunDirectory.lock(Path.of(args[0]));
        System.out.println("locked");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
        lock.close();
    }
}

package io.gradforge.core.kernel;

import java.lang.System.Logger.Level;

/** Chooses the kernels once, at class initialization: Vector API if its module is present, else plain Java. */
final class KernelSelection {
    static final Kernels SELECTED = select();

    private KernelSelection() {}

    private static Kernels select() {
        if (Boolean.getBoolean("gradforge.scalarKernels")) {
            return new ScalarKernels();
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            try {
                Class<?> c = Class.forName("io.gradforge.core.kernel.VectorKernels");
                return (Kernels) c.getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                System.getLogger(KernelSelection.class.getName())
                        .log(Level.DEBUG, "Vector API kernels unavailable, using plain Java: " + e);
            }
        }
        return new ScalarKernels();
    }
}

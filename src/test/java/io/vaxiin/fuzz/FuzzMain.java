package io.vaxiin.fuzz;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs one fuzz test in this JVM, as {@code bin/bench fuzz} needs it: {@code FuzzMain CLASS METHOD}.
 * With {@code -DJAZZER_FUZZ=1} it fuzzes (libFuzzer prints its figures on stderr); without, it
 * replays the seed corpus. Prints one line {@code fuzz-main: invocations=N failed=F millis=T},
 * T counted from the end of the first invocation (which pays for installing Jazzer's agent and
 * loading the client) to the end of the last, so N - 1 invocations ran in T.
 */
public final class FuzzMain {

    private FuzzMain() {
    }

    public static void main(String[] args) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectMethod(args[0] + "#" + args[1] + "(byte[])"))
                .build();
        AtomicLong invocations = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong first = new AtomicLong();
        AtomicLong last = new AtomicLong();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (!id.isTest()) return;
                invocations.incrementAndGet();
                first.compareAndSet(0, System.nanoTime());
                last.set(System.nanoTime());
                if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                    failed.incrementAndGet();
                    result.getThrowable().ifPresent(t -> System.out.println("fuzz-main: finding: " + t));
                }
            }
        });
        System.out.println("fuzz-main: invocations=" + invocations + " failed=" + failed
                + " millis=" + (last.get() - first.get()) / 1_000_000);
        System.exit(failed.get() == 0 ? 0 : 1);
    }
}

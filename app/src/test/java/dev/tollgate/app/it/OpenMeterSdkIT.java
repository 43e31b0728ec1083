package dev.tollgate.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * OpenMeter's published JavaScript SDK, unchanged, against the packaged app: app/src/test/sdk holds the suite. Node
 * comes from the OS packages when missing (the test command installs it as root; otherwise this test says how).
 */
class OpenMeterSdkIT {

    private static final Path SUITE = AppProcess.repoRoot().toPath().resolve("app/src/test/sdk");

    @Test
    void theOpenMeterSdkWorksUnchanged() throws Exception {
        String node = nodeBinary();
        Path log = Files.createTempFile("tollgate-sdk-it-", ".log");
        if (!Files.isDirectory(SUITE.resolve("node_modules/@openmeter/sdk"))) {
            run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), log, 300, true);
        }
        String run = java.util.UUID.randomUUID().toString().substring(0, 8);
        try (dev.tollgate.app.stripe.FakeStripe stripe = dev.tollgate.app.stripe.FakeStripe.start()) {
            // Stripe, as the SDK's apps tests need it: a fake on this machine, and a key of a fresh account. The
            // master key seals Stripe keys and webhook signing secrets; the notifications tests' receiver listens on
            // 127.0.0.1, which the packaged app refuses as a webhook target unless told otherwise.
            Map<String, String> settings = Map.of("tollgate.ingest.topic", "it-sdk-" + run,
                    "tollgate.aggregator.group-id", "it-sdk-" + run, "tollgate.stripe.api-base", stripe.baseUrl(),
                    "tollgate.secrets.master-key", AppProcess.MASTER_KEY,
                    "tollgate.notifications.webhook.allow-private-targets", "true");
            try (AppProcess app = new AppProcess(CrashRecoveryIT.freePort(), settings, log).start()) {
                int exit = run(List.of(node, "--test"), Map.of("TOLLGATE_URL", app.baseUri(),
                        "TOLLGATE_API_KEY", AppProcess.ADMIN_KEY, "STRIPE_TEST_KEY", stripe.newAccount().apiKey()),
                        log, 600, false);
                assertThat(exit).as("node --test in %s; output in %s:%n%s", SUITE, log, tail(log)).isZero();
            }
        }
    }

    /**
     * Runs a command in the suite's directory. npm runs on the real clock even in a fake-date run: the registry's
     * certificates are checked against it.
     */
    private static int run(List<String> command, Map<String, String> env, Path log, int seconds, boolean realClock)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(SUITE.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        if (realClock) {
            builder.environment().remove("LD_PRELOAD");
            builder.environment().remove("FAKETIME");
        }
        Process process = builder.start();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command + " did not finish within " + seconds + " s; see " + log);
        }
        return process.exitValue();
    }

    private static String nodeBinary() throws IOException, InterruptedException {
        for (String candidate : List.of("/usr/bin/node", "/usr/local/bin/node", "/usr/bin/nodejs")) {
            if (new File(candidate).canExecute()) {
                return candidate;
            }
        }
        List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "-q", "nodejs", "npm"));
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("Node.js is missing: sudo " + String.join(" ", install));
        }
        Process process = new ProcessBuilder(install).inheritIO().start();
        assertThat(process.waitFor(600, TimeUnit.SECONDS)).isTrue();
        return "/usr/bin/node";
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    }
}

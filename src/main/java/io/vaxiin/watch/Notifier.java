package io.vaxiin.watch;

import groovy.json.JsonOutput;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Tells another system (provisioning, ticketing) what watch mode concluded about a server: one
 * webhook per event kind ({@code --notify recovered=URL}, {@code gave-up=URL}, {@code flapping=URL}), POSTed as JSON
 * with a timeout, tried again with a doubling wait when it fails (no answer, or not 2xx).
 * Whether it got through, and after how many tries, is an event of the audit log.
 */
public final class Notifier {

    /** The kinds a webhook may be given for. */
    static final Set<String> KINDS = Set.of("recovered", "gave-up", "flapping");

    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    private final Map<String, String> hooks;
    private final int tries;
    private final Duration firstWait;
    private final OkHttpClient client;

    Notifier(Map<String, String> hooks, Duration timeout, int tries, Duration firstWait) {
        this.hooks = Map.copyOf(hooks);
        this.tries = Math.max(1, tries);
        this.firstWait = firstWait;
        this.client = new OkHttpClient.Builder().callTimeout(timeout).connectTimeout(timeout).readTimeout(timeout).build();
    }

    /** What a notification came to: delivered or not, after how many tries, and the last reason. */
    record Outcome(String url, boolean delivered, int tries, String why) {}

    /** POSTs {@code body} to the webhook of {@code kind}; null when there is none for that kind. */
    Outcome send(String kind, Map<String, Object> body) throws InterruptedException {
        String url = hooks.get(kind);
        if (url == null) return null;
        Map<String, Object> json = new LinkedHashMap<>(body);
        json.put("event", kind);
        String text = JsonOutput.toJson(json);
        String why = "";
        for (int i = 1; i <= tries; i++) {
            Request request = new Request.Builder().url(url).post(RequestBody.create(text, JSON))
                    .header("User-Agent", "vaxiin-watch").build();
            try (Response r = client.newCall(request).execute()) {
                if (r.isSuccessful()) return new Outcome(url, true, i, "HTTP " + r.code());
                why = "HTTP " + r.code();
            } catch (IOException e) {
                why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
            if (i < tries) Thread.sleep(firstWait.multipliedBy(1L << Math.min(20, i - 1)).toMillis());
        }
        return new Outcome(url, false, tries, why);
    }
}

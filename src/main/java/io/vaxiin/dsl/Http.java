package io.vaxiin.dsl;

import groovy.json.JsonOutput;
import groovy.json.JsonSlurper;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * {@code http.post URL, json: [...]}, {@code http.get URL}, {@code http.put URL, json: [...]}:
 * tells a third-party system (a ticket queue, the provisioning system) what happened. Named
 * options: {@code json:} a map or list sent as JSON; {@code body:} a string sent as is;
 * {@code headers:} a map of headers; {@code failOnError:} (default true) whether an answer
 * outside 2xx fails the recovery. The run log shows the method, host and path, never the query
 * or the headers, which may carry tokens.
 */
public final class Http {

    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    /** The answer of a call: {@code status}, {@code body} and, for JSON, {@code json}. */
    public record Result(int status, String body) {
        public int getStatus() { return status; }
        public String getBody() { return body; }
        /** The body parsed as JSON (maps and lists). */
        public Object getJson() { return body.isEmpty() ? null : new JsonSlurper().parseText(body); }
    }

    private final RunLog log;
    private final Duration timeout;
    private OkHttpClient client;
    private final boolean send;

    /** @param send false in a replay: calls are logged and answered 200 without going out */
    Http(RunLog log, Duration timeout, boolean send) {
        this.log = log;
        this.timeout = timeout;
        this.send = send;
    }

    /** GET {@code url}. */
    public Result get(String url) { return call("GET", Map.of(), url); }

    /** GET {@code url} with options ({@code headers:}, {@code failOnError:}). */
    public Result get(Map<String, ?> options, String url) { return call("GET", options, url); }

    /** POST to {@code url}; options {@code json:}, {@code body:}, {@code headers:}, {@code failOnError:}. */
    public Result post(Map<String, ?> options, String url) { return call("POST", options, url); }

    /** POST an empty body to {@code url}. */
    public Result post(String url) { return call("POST", Map.of(), url); }

    /** PUT to {@code url}; options as for {@code post}. */
    public Result put(Map<String, ?> options, String url) { return call("PUT", options, url); }

    private synchronized OkHttpClient client() {
        if (client == null) {
            client = new OkHttpClient.Builder().callTimeout(timeout).connectTimeout(timeout)
                    .readTimeout(timeout).build();
        }
        return client;
    }

    private Result call(String method, Map<String, ?> options, String url) {
        HttpUrl parsed = HttpUrl.parse(url);
        if (parsed == null) {
            throw new DslException("http." + method.toLowerCase() + ": '" + url + "' is not an http(s) URL");
        }
        for (String key : options.keySet()) {
            if (!java.util.Set.of("json", "body", "headers", "failOnError").contains(key)) {
                throw new DslException("http." + method.toLowerCase() + " does not know the option '" + key
                        + "' (json, body, headers, failOnError)");
            }
        }
        String shown = method + " " + parsed.scheme() + "://" + parsed.host()
                + (parsed.port() == HttpUrl.defaultPort(parsed.scheme()) ? "" : ":" + parsed.port()) + parsed.encodedPath();
        RequestBody body = null;
        if (options.containsKey("json")) {
            body = RequestBody.create(JsonOutput.toJson(options.get("json")), JSON);
        } else if (options.containsKey("body")) {
            body = RequestBody.create(String.valueOf(options.get("body")), MediaType.get("text/plain; charset=utf-8"));
        } else if (!method.equals("GET")) {
            body = RequestBody.create(new byte[0], null);
        }
        Request.Builder request = new Request.Builder().url(parsed).method(method, body);
        Object headers = options.get("headers");
        if (headers instanceof Map<?, ?> map) {
            map.forEach((k, v) -> request.header(String.valueOf(k), String.valueOf(v)));
        }
        if (!send) {
            log.step(shown + " (not sent: a replay does not call out; taken as answered 200)");
            return new Result(200, "");
        }
        log.step(shown);
        try (Response response = client().newCall(request.build()).execute()) {
            ResponseBody rb = response.body();
            String text = rb == null ? "" : rb.string();
            boolean failOnError = !Boolean.FALSE.equals(options.get("failOnError"));
            if (failOnError && !response.isSuccessful()) {
                throw new StepFailure(shown + " answered " + response.code()
                        + (response.message().isEmpty() ? "" : " " + response.message()));
            }
            log.step(shown + " answered " + response.code());
            return new Result(response.code(), text);
        } catch (IOException e) {
            throw new StepFailure(shown + " failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
    }
}

package io.vaxiin.connector.redfish

import com.sun.net.httpserver.HttpExchange
import com.sun.net.httpserver.HttpServer
import com.sun.net.httpserver.HttpsConfigurator
import com.sun.net.httpserver.HttpsServer
import groovy.json.JsonOutput
import groovy.json.JsonSlurper
import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.Executors
import javax.net.ssl.SSLContext

/**
 * Serves a vendor's Redfish mockup tree from the shared fixtures as is ({@code GET /redfish/v1/X}
 * answers {@code <flavour>/redfish/v1/X/index.json}), on loopback, over HTTP or HTTPS.
 * POST to a Reset target and PATCH of a system change an in-memory copy the way an obedient
 * BMC would (or not, when told to lie), so actions can be verified; every request is recorded.
 */
class MockupServer implements Closeable {

    /** The shared vendor trees (../shared/fixtures/redfish, found as every spec finds the fixtures). */
    static final Path FIXTURES = io.vaxiin.fixture.Fixtures.ROOT.resolve('redfish')

    static final String USER = 'root'
    static final String PASSWORD = 'mockup-Secret-42'

    /** One recorded request; Authorization and X-Auth-Token are reduced to which kind was sent. */
    static class Recorded {
        String method, path, auth, ifMatch
        Map body
        String toString() { "$method $path" }
    }

    final String flavour
    final Map<String, Map> resources = [:]
    final List<Recorded> requests = new CopyOnWriteArrayList<>()
    final Set<String> tokens = Collections.synchronizedSet(new HashSet<String>())
    /** "METHOD /path" → [status, body text]: answers that replace the normal one. */
    final Map<String, List> injected = [:].asSynchronized()
    volatile boolean sessions = true
    volatile boolean lies = false
    volatile boolean reverts = false
    private final HttpServer server
    private final executor = Executors.newFixedThreadPool(2)

    MockupServer(String flavour, SSLContext tls = null) {
        this.flavour = flavour
        Path tree = FIXTURES.resolve(flavour)
        Files.walk(tree.resolve('redfish')).withCloseable { paths ->
            paths.filter { it.fileName.toString() == 'index.json' }.forEach { Path p ->
                String uri = '/' + tree.relativize(p.parent).toString().replace(File.separatorChar, '/' as char)
                resources[uri] = new JsonSlurper().parse(p.toFile()) as Map
            }
        }
        def address = new InetSocketAddress(InetAddress.loopbackAddress, 0)
        if (tls != null) {
            def https = HttpsServer.create(address, 8)
            https.httpsConfigurator = new HttpsConfigurator(tls)
            server = https
        } else {
            server = HttpServer.create(address, 8)
        }
        server.executor = executor
        server.createContext('/') { HttpExchange ex -> ex.withCloseable { handle(ex) } }
        server.start()
    }

    int getPort() { server.address.port }

    String getUrl() { "${server instanceof HttpsServer ? 'https' : 'http'}://127.0.0.1:${port}" }

    RedfishConfig.Builder config() {
        RedfishConfig.builder().url(url).credentials(USER, PASSWORD)
                .verifyInterval(java.time.Duration.ofMillis(20))
                .requestTimeout(java.time.Duration.ofSeconds(5))
    }

    static String error(String name) {
        FIXTURES.resolve('_errors').resolve(name).toFile().text
    }

    List<Recorded> requests(String method) { requests.findAll { it.method == method } }

    private static String norm(String path) {
        path.length() > 1 && path.endsWith('/') ? path[0..-2] : path
    }

    private String sessionsPath() {
        norm(resources['/redfish/v1']?.Links?.Sessions?.'@odata.id' ?: '/redfish/v1/SessionService/Sessions')
    }

    private void handle(HttpExchange ex) {
        String method = ex.requestMethod
        String path = norm(ex.requestURI.path)
        String text = ex.requestBody.text
        Map body = text ? new JsonSlurper().parseText(text) as Map : null
        String auth = ex.requestHeaders.getFirst('X-Auth-Token') ? 'token'
                : ex.requestHeaders.getFirst('Authorization')?.startsWith('Basic ') ? 'basic' : 'none'
        requests << new Recorded(method: method, path: path, auth: auth, body: body,
                ifMatch: ex.requestHeaders.getFirst('If-Match'))

        List inject = injected["$method $path".toString()]
        if (inject) { send(ex, inject[0] as int, inject[1] as String); return }

        if (method == 'GET' && path == '/redfish/v1') { sendJson(ex, 200, resources[path]); return }
        if (method == 'POST' && path == sessionsPath()) {
            if (!sessions) { send(ex, 405, error('generic--GeneralError-multi.json')); return }
            if (body?.UserName != USER || body?.Password != PASSWORD) { send(ex, 401, error('generic--NoValidSession.json')); return }
            String token = UUID.randomUUID().toString()
            tokens << token
            ex.responseHeaders.set('X-Auth-Token', token)
            ex.responseHeaders.set('Location', "${sessionsPath()}/${token}".toString())
            sendJson(ex, 201, ['@odata.id': "${sessionsPath()}/${token}".toString(), Id: token, UserName: USER])
            return
        }
        if (!authorised(ex)) { send(ex, 401, error('generic--NoValidSession.json')); return }
        if (method == 'DELETE' && path.startsWith(sessionsPath() + '/')) {
            tokens.remove(path.substring(sessionsPath().length() + 1))
            send(ex, 204, null)
            return
        }
        if (method == 'POST' && path.endsWith('/Actions/ComputerSystem.Reset')) {
            Map system = resources[path - '/Actions/ComputerSystem.Reset']
            if (system == null) { send(ex, 404, error('hpe-ilo5--ResourceMissingAtURI.json')); return }
            if (!lies) {
                switch (body?.ResetType) {
                    case ['On', 'ForceOn', 'ForceRestart', 'GracefulRestart', 'PowerCycle']: system.PowerState = 'On'; break
                    case ['ForceOff', 'GracefulShutdown']: system.PowerState = 'Off'; break
                }
            }
            send(ex, 204, null)
            return
        }
        Map resource = resources[path]
        if (resource == null) { send(ex, 404, error('hpe-ilo5--ResourceMissingAtURI.json')); return }
        if (method == 'GET') {
            if (resource['@odata.etag']) ex.responseHeaders.set('ETag', resource['@odata.etag'] as String)
            sendJson(ex, 200, resource)
            return
        }
        if (method == 'PATCH' && resource.Boot instanceof Map) {
            String ifMatch = ex.requestHeaders.getFirst('If-Match')
            if (resource['@odata.etag'] && ifMatch && ifMatch != resource['@odata.etag']) {
                send(ex, 412, error('generic--GeneralError-multi.json'))
                return
            }
            if (!reverts) {
                (resource.Boot as Map).putAll(body.Boot as Map)
                if (resource['@odata.etag']) resource['@odata.etag'] = "W/\"${UUID.randomUUID().toString()[0..7]}\"".toString()
            }
            send(ex, 204, null)
            return
        }
        send(ex, 405, error('generic--GeneralError-multi.json'))
    }

    private boolean authorised(HttpExchange ex) {
        String token = ex.requestHeaders.getFirst('X-Auth-Token')
        if (token != null) return tokens.contains(token)
        ex.requestHeaders.getFirst('Authorization') == 'Basic ' + "${USER}:${PASSWORD}".bytes.encodeBase64()
    }

    private static void sendJson(HttpExchange ex, int status, Map json) {
        send(ex, status, JsonOutput.toJson(json))
    }

    private static void send(HttpExchange ex, int status, String text) {
        if (text == null) { ex.sendResponseHeaders(status, -1); return }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8)
        ex.responseHeaders.set('Content-Type', 'application/json')
        ex.sendResponseHeaders(status, bytes.length)
        ex.responseBody.write(bytes)
    }

    @Override
    void close() {
        server.stop(0)
        executor.shutdownNow()
    }
}

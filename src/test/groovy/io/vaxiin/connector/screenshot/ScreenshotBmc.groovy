package io.vaxiin.connector.screenshot

import com.sun.net.httpserver.HttpExchange
import com.sun.net.httpserver.HttpServer
import groovy.json.JsonOutput
import groovy.json.JsonSlurper
import io.vaxiin.fixture.Fixtures

import javax.imageio.ImageIO
import java.awt.image.BufferedImage
import java.nio.charset.StandardCharsets
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

/**
 * A BMC of the test's own that answers like one screenshot API, on loopback over plain HTTP,
 * showing a real console screenshot of the shared fixtures ({@code screens/NAME.png}) encoded as
 * that API sends it. Where each request and answer shape comes from:
 * <ul>
 * <li>dell-export: Dell's iDRAC-Redfish-Scripting {@code ExportServerScreenShotOemREDFISH.py}
 *     (POST {"FileType": "ServerScreenShot"}, answer {"ServerScreenShotFile": base64}); the session
 *     login is Redfish's (POST SessionService/Sessions, X-Auth-Token); the LC099 body is Dell's
 *     Redfish error shape (fixture {@code _errors/dell-idrac9--LC068-pending-config.json}, from
 *     openstack/sushy) with LC099's id and the issue's words;</li>
 * <li>supermicro-preview: bmc-toolbox/bmclib {@code providers/supermicro/supermicro.go} and its
 *     tests (login.cgi, SID cookie, the CSRF token of the top menu page, {@code op=sys_preview&_=}
 *     answered {@code <IPMI>}, the Snapshot JPEG);</li>
 * <li>ilo-thumbnail: the iLO web interface's JSON login ({"method": "login", "user_login",
 *     "password"} → {"session_key"}, cookie sessionKey) as public iLO clients send it; the BMP
 *     thumbnail at /images/thumbnail.bmp as the hpe-ilo5 profile says (not checked on a real iLO).</li>
 * </ul>
 */
class ScreenshotBmc implements Closeable {

    static final String USER = 'root'
    static final String PASSWORD = 'shot-Secret-91'

    final String api
    /** The fixture screen shown now, as 'vga/kernel-panic-vfs'. */
    volatile String screen
    /** A picture of the test's own shown instead of the fixture screen, when set. */
    volatile BufferedImage picture
    /** 'ok', 'no-signal' (Dell LC099), 'not-base64', 'not-image', 'hang'. */
    volatile String mode = 'ok'
    final List<String> requests = new CopyOnWriteArrayList<>()
    /** How many screenshots were served. */
    volatile int shots
    private final HttpServer server
    private final CountDownLatch closing = new CountDownLatch(1)
    private final Set<String> sessions = Collections.synchronizedSet(new HashSet<String>())
    // Supermicro keeps the picture op=sys_preview stored until the next one.
    private volatile byte[] stored

    ScreenshotBmc(String api, String screen) {
        this.api = api
        this.screen = screen
        server = HttpServer.create(new InetSocketAddress(InetAddress.loopbackAddress, 0), 8)
        server.executor = Executors.newCachedThreadPool()
        server.createContext('/') { HttpExchange ex ->
            try {
                requests << "${ex.requestMethod} ${ex.requestURI}".toString()
                if (mode == 'hang') {
                    closing.await(60, TimeUnit.SECONDS)
                    return
                }
                handle(ex)
            } catch (Throwable t) {
                t.printStackTrace()
                answer(ex, 500, 'text/plain', 'test server failed')
            } finally {
                ex.close()
            }
        }
        server.start()
    }

    int getPort() { server.address.port }

    String uri(String user = USER, String passwordRef = null, String extra = '') {
        "screenshot+http://${user}${passwordRef ? ':' + passwordRef : ''}@127.0.0.1:${port}?api=${api}${extra}"
    }

    private void handle(HttpExchange ex) {
        String path = ex.requestURI.path
        String query = ex.requestURI.rawQuery
        String body = new String(ex.requestBody.readAllBytes(), StandardCharsets.UTF_8)
        switch (api) {
            case 'dell-export': dell(ex, path, body); break
            case 'supermicro-preview': supermicro(ex, path, query, body); break
            case 'ilo-thumbnail': ilo(ex, path, body); break
        }
    }

    // ---- Dell: Redfish session, then the OEM action ------------------------------------------

    private void dell(HttpExchange ex, String path, String body) {
        if (ex.requestMethod == 'POST' && path == '/redfish/v1/SessionService/Sessions') {
            def login = new JsonSlurper().parseText(body) as Map
            if (login.UserName != USER || login.Password != PASSWORD) {
                answer(ex, 401, 'application/json', JsonOutput.toJson([error: [code: 'Base.1.12.GeneralError', message: 'Login failed']]))
                return
            }
            String token = UUID.randomUUID().toString().replace('-', '')
            sessions << token
            ex.responseHeaders.add('X-Auth-Token', token)
            ex.responseHeaders.add('Location', '/redfish/v1/SessionService/Sessions/' + token.take(8))
            answer(ex, 201, 'application/json', JsonOutput.toJson(['@odata.id': '/redfish/v1/SessionService/Sessions/' + token.take(8)]))
            return
        }
        if (ex.requestMethod == 'DELETE' && path.startsWith('/redfish/v1/SessionService/Sessions/')) {
            answer(ex, 200, 'application/json', '{}')
            return
        }
        if (!(ex.requestHeaders.getFirst('X-Auth-Token') in sessions)) {
            answer(ex, 401, 'application/json', '{}')
            return
        }
        if (ex.requestMethod == 'POST' && path == DellExport.ACTION) {
            def asked = new JsonSlurper().parseText(body) as Map
            if (asked.FileType != 'ServerScreenShot') {
                answer(ex, 400, 'application/json', JsonOutput.toJson([error: [message: 'FileType missing']]))
                return
            }
            switch (mode) {
                case 'no-signal':
                    answer(ex, 400, 'application/json', JsonOutput.toJson([error: [
                            '@Message.ExtendedInfo': [[Message: 'Unable to capture the server screenshot because the video signal is not detected.',
                                                       MessageArgs: '[]', 'MessageArgs@odata.count': 0, MessageId: 'IDRAC.2.8.LC099',
                                                       Resolution: 'Make sure the server is turned on and the video is enabled, and retry the operation.',
                                                       Severity: 'Warning']],
                            code: 'IDRAC.2.8.LC099', message: 'Unable to capture the server screenshot because the video signal is not detected.']]))
                    return
                case 'not-base64':
                    answer(ex, 200, 'application/json', JsonOutput.toJson([ServerScreenShotFile: '%%% this is not base64 %%%']))
                    return
                case 'not-image':
                    answer(ex, 200, 'application/json', JsonOutput.toJson([ServerScreenShotFile: 'hello, not an image'.bytes.encodeBase64().toString()]))
                    return
            }
            shots++
            answer(ex, 200, 'application/json', JsonOutput.toJson([ServerScreenShotFile: encode('png').encodeBase64().toString()]))
            return
        }
        answer(ex, 404, 'application/json', JsonOutput.toJson([error: [message: 'no such resource']]))
    }

    // ---- Supermicro: CGI login, sys_preview, Snapshot -----------------------------------------

    private void supermicro(HttpExchange ex, String path, String query, String body) {
        String sid = cookie(ex, 'SID')
        if (path == '/cgi/login.cgi' && ex.requestMethod == 'POST') {
            Map<String, String> form = body.split('&').collectEntries { String kv ->
                def parts = kv.split('=', 2)
                [(URLDecoder.decode(parts[0], 'UTF-8')): parts.length > 1 ? URLDecoder.decode(parts[1], 'UTF-8') : '']
            }
            if (form.name == USER && form.pwd == PASSWORD) {
                String s = UUID.randomUUID().toString().replace('-', '')
                sessions << s
                ex.responseHeaders.add('Set-Cookie', "SID=$s; path=/ ;Secure; HttpOnly")
                answer(ex, 200, 'text/html', '<html><script>parent.location.href="../cgi/url_redirect.cgi?url_name=mainmenu"</script></html>')
            } else {
                answer(ex, 200, 'text/html', '<html><body>login failed: please check the user name and password</body></html>')
            }
            return
        }
        if (!(sid in sessions)) {
            answer(ex, 200, 'text/html', '<html><body>session expired: please log in</body></html>')
            return
        }
        if (path == '/cgi/url_redirect.cgi' && query == 'url_name=topmenu') {
            answer(ex, 200, 'text/html', '<html><script>SmcCsrfInsert ("CSRF_TOKEN", "tok-' + sid.take(6) + '");</script></html>')
            return
        }
        if (ex.requestHeaders.getFirst('CSRF_TOKEN') != 'tok-' + sid.take(6)) {
            answer(ex, 200, 'text/html', 'Token Value is not matched')
            return
        }
        if (path == '/cgi/op.cgi' && body == 'op=sys_preview&_=') {
            stored = encode('jpeg')
            answer(ex, 200, 'text/xml', '<?xml version="1.0" ?>\n<IPMI>\n</IPMI>')
            return
        }
        if (path == '/cgi/url_redirect.cgi' && query == 'url_name=Snapshot&url_type=img' && stored != null) {
            shots++
            answer(ex, 200, 'image/jpeg', mode == 'not-image' ? 'not a picture at all'.bytes : stored)
            return
        }
        if (path == '/cgi/logout.cgi') {
            sessions.remove(sid)
            answer(ex, 200, 'text/html', '<html></html>')
            return
        }
        answer(ex, 404, 'text/html', 'not found')
    }

    // ---- iLO: JSON login, the thumbnail ------------------------------------------------------

    private void ilo(HttpExchange ex, String path, String body) {
        if (path == '/json/login_session' && ex.requestMethod == 'POST') {
            def asked = new JsonSlurper().parseText(body) as Map
            if (asked.method == 'logout') {
                sessions.remove(asked.session_key)
                answer(ex, 200, 'application/json', '{}')
            } else if (asked.method == 'login' && asked.user_login == USER && asked.password == PASSWORD) {
                String key = UUID.randomUUID().toString().replace('-', '')
                sessions << key
                answer(ex, 200, 'application/json', JsonOutput.toJson([session_key: key, user_name: USER, user_account: USER]))
            } else {
                answer(ex, 403, 'application/json', JsonOutput.toJson([message: 'JS_ERR_LOST_SESSION', details: 'login failed']))
            }
            return
        }
        if (!(cookie(ex, 'sessionKey') in sessions)) {
            answer(ex, 403, 'application/json', JsonOutput.toJson([message: 'JS_ERR_LOST_SESSION']))
            return
        }
        if (path == '/images/thumbnail.bmp') {
            shots++
            answer(ex, 200, 'image/bmp', encode('bmp'))
            return
        }
        answer(ex, 404, 'text/html', 'not found')
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** The fixture screen now, encoded as {@code format}. */
    byte[] encode(String format) {
        BufferedImage read = picture ?: ImageIO.read(Fixtures.ROOT.resolve("screens/${screen}.png").toFile())
        BufferedImage rgb = new BufferedImage(read.width, read.height, BufferedImage.TYPE_INT_RGB)
        rgb.createGraphics().with { drawImage(read, 0, 0, null); dispose() }
        def out = new ByteArrayOutputStream()
        assert ImageIO.write(rgb, format, out)
        out.toByteArray()
    }

    private static String cookie(HttpExchange ex, String name) {
        for (String header : ex.requestHeaders.get('Cookie') ?: []) {
            for (String part : header.split(';')) {
                def kv = part.trim().split('=', 2)
                if (kv.length == 2 && kv[0] == name) return kv[1]
            }
        }
        null
    }

    private static void answer(HttpExchange ex, int code, String type, String body) {
        answer(ex, code, type, body.getBytes(StandardCharsets.UTF_8))
    }

    private static void answer(HttpExchange ex, int code, String type, byte[] body) {
        ex.responseHeaders.set('Content-Type', type)
        ex.sendResponseHeaders(code, body.length == 0 ? -1 : body.length)
        if (body.length > 0) ex.responseBody.write(body)
    }

    @Override
    void close() {
        closing.countDown()
        server.stop(0)
        (server.executor as java.util.concurrent.ExecutorService).shutdownNow()
    }
}

package io.vaxiin.connector.web

import com.sun.net.httpserver.HttpExchange
import com.sun.net.httpserver.HttpServer
import io.vaxiin.connector.rfb.RfbRig

import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
import java.security.SecureRandom
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.Executors
import java.util.concurrent.atomic.AtomicInteger

/**
 * A BMC web UI of the test's own in front of a real VNC server, the way OpenBMC's webui-vue
 * fronts bmcweb's KVM: Debian's {@code websockify} bridges the VNC port to a WebSocket, and a
 * small HTTP server (the JDK's) serves noVNC 1.7.0 ({@link NoVnc}) and one page whose hash routes
 * are webui-vue's: {@code #/login} (a form {@code .login-form}: {@code #username}, {@code #password}, a submit
 * button {@code [data-test-id=login-button-submit]}; a refused login shows {@code .alert-danger} with the
 * text {@code #login-error-alert}, as webui-vue's Login.vue), {@code #/} (the header {@code #app-header}
 * with the user menu {@code #app-header-user} and the logout link {@code [data-test-id=appHeader-link-logout]},
 * as AppHeader.vue; the rig's menu is always open, so the link is clickable with or without a click
 * on {@code #app-header-user} first) and {@code #/console/kvm}
 * ({@code #terminal-kvm}, where noVNC puts its canvas). Sessions are cookies; the test counts the
 * open ones ({@link #openSessions}). With {@link #inUse} set, the KVM page first asks
 * "console in use: acquire?" ({@code #console-in-use}, buttons {@code #acquire} and {@code #cancel}); with
 * {@link #consent}, "this session may be recorded" ({@code #consent}, {@code #consent-ok}). The overview also
 * links the KVM in a second window ({@code #kvm-window}) and inside a frame ({@code #/kvm-frame}: {@code iframe#kvm-frame}).
 */
class WebViewerRig implements AutoCloseable {

    static final String USER = 'admin'

    final String password
    final int vncPort
    final int wsPort
    final int httpPort
    final Map<String, String> sessions = new ConcurrentHashMap<>()
    final AtomicInteger logins = new AtomicInteger()
    final AtomicInteger refused = new AtomicInteger()
    final AtomicInteger acquired = new AtomicInteger()
    volatile boolean inUse
    /** The KVM page first asks for consent to record the session ({@code #consent}, button {@code #consent-ok}). */
    volatile boolean consent

    private Process websockify
    private final Path dir
    private final HttpServer http
    private final Path novnc

    WebViewerRig(int vncPort, Path dir, String password = 'S3cret-pw') {
        this.password = password
        this.vncPort = vncPort
        this.novnc = NoVnc.dir()
        this.dir = dir
        RfbRig.require('websockify')
        wsPort = RfbRig.freePort()
        websockify = startWebsockify()
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.loopbackAddress, 0), 16)
            http.executor = Executors.newFixedThreadPool(4)
            http.createContext('/') { HttpExchange x -> serve(x) }
            http.start()
            httpPort = http.address.port
        } catch (Throwable t) {
            RfbRig.stop(websockify, wsPort)
            throw t
        }
    }

    /** {@code web+http://admin:file:PATH@127.0.0.1:PORT}, the password in a file of the test's (never on a command line). */
    String uri(Path passwordFile, String pw = password) {
        Files.writeString(passwordFile, pw)
        "web+http://$USER:file:$passwordFile@127.0.0.1:$httpPort"
    }

    int openSessions() { sessions.size() }

    private Process startWebsockify() {
        def p = RfbRig.start(['websockify', "127.0.0.1:$wsPort", "127.0.0.1:$vncPort"], [:], dir.resolve("websockify-${wsPort}-${System.nanoTime()}.log").toFile())
        RfbRig.awaitPort(wsPort, p, 10_000, 'websockify')
        p
    }

    /** Stops websockify and starts it again on the same port: the viewer's WebSocket drops, as when a BMC's KVM service restarts. */
    void restartWebsockify() {
        RfbRig.stop(websockify, wsPort)
        websockify = startWebsockify()
    }

    private void serve(HttpExchange x) {
        try {
            String path = x.requestURI.path
            if (path == '/' || path == '/index.html') {
                send(x, 200, 'text/html', page())
            } else if (path == '/login' && x.requestMethod == 'POST') {
                def body = new groovy.json.JsonSlurper().parseText(x.requestBody.getText('UTF-8')) as Map
                if (body.username == USER && body.password == password) {
                    String token = new BigInteger(130, new SecureRandom()).toString(32)
                    sessions[token] = USER
                    logins.incrementAndGet()
                    x.responseHeaders.add('Set-Cookie', "SESSION=$token; Path=/; HttpOnly; SameSite=Strict")
                    send(x, 200, 'application/json', '{"token":"ok"}')
                } else {
                    refused.incrementAndGet()
                    send(x, 401, 'application/json', '{"error":"unauthorized"}')
                }
            } else if (path == '/logout') {
                String t = session(x)
                if (t != null) sessions.remove(t)
                x.responseHeaders.add('Set-Cookie', 'SESSION=; Path=/; Max-Age=0')
                send(x, 200, 'application/json', '{}')
            } else if (path == '/session') {
                send(x, session(x) != null ? 200 : 401, 'application/json', '{}')
            } else if (path == '/kvm/status') {
                send(x, session(x) == null ? 401 : 200, 'application/json', groovy.json.JsonOutput.toJson(inUse ? [inUse: true, by: 'operator from 10.0.0.9', consent: consent] : [inUse: false, consent: consent]))
            } else if (path == '/kvm/acquire' && x.requestMethod == 'POST') {
                if (session(x) == null) { send(x, 401, 'application/json', '{}'); return }
                acquired.incrementAndGet()
                send(x, 200, 'application/json', '{}')
            } else if (path.startsWith('/novnc/') && !path.contains('..')) {
                Path f = novnc.resolve(path.substring('/novnc/'.length()))
                if (Files.isRegularFile(f)) send(x, 200, path.endsWith('.js') ? 'text/javascript' : 'application/octet-stream', Files.readAllBytes(f))
                else send(x, 404, 'text/plain', 'not found')
            } else {
                send(x, 404, 'text/plain', 'not found')
            }
        } catch (Throwable t) {
            send(x, 500, 'text/plain', String.valueOf(t))
        } finally {
            x.close()
        }
    }

    private String session(HttpExchange x) {
        for (String c : x.requestHeaders.get('Cookie') ?: []) {
            for (String part : c.split(';')) {
                def kv = part.trim().split('=', 2)
                if (kv.length == 2 && kv[0] == 'SESSION' && sessions.containsKey(kv[1])) return kv[1]
            }
        }
        null
    }

    private static void send(HttpExchange x, int code, String type, Object body) {
        byte[] bytes = body instanceof byte[] ? body : body.toString().getBytes(StandardCharsets.UTF_8)
        x.responseHeaders.set('Content-Type', type + (type.startsWith('text/') ? '; charset=utf-8' : ''))
        x.responseHeaders.set('Cache-Control', 'no-store')
        x.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length)
        if (bytes.length > 0) x.responseBody.write(bytes)
    }

    private String page() {
        """<!doctype html>
<html><head><meta charset="utf-8"><title>OpenBMC</title>
<style>body{margin:0;font-family:sans-serif} #terminal-kvm{width:1024px;height:768px}
#console-in-use{position:fixed;top:30%;left:30%;background:#fff;border:1px solid #333;padding:20px}</style></head>
<body><div id="app"></div>
<script type="module">
import RFB from '/novnc/core/rfb.js';
const app = document.getElementById('app');
let rfb = null;
function stopKvm() { if (rfb) { rfb.disconnect(); rfb = null; } }
function loginView(error) {
  document.title = 'OpenBMC';
  app.innerHTML = '<main id="login"><h1>OpenBMC</h1>' + (error ? '<div class="alert alert-danger login-error" role="alert"><p id="login-error-alert">Invalid username or password</p></div>' : '')
    + '<form id="login-form" class="login-form"><label>Username <input id="username" name="username" autocomplete="username"></label>'
    + '<label>Password <input id="password" name="password" type="password" autocomplete="current-password"></label>'
    + '<button type="submit" data-test-id="login-button-submit">Log in</button></form></main>';
  document.getElementById('login-form').onsubmit = async (e) => {
    e.preventDefault();
    const r = await fetch('/login', {method: 'POST', headers: {'Content-Type': 'application/json'},
      body: JSON.stringify({username: document.getElementById('username').value, password: document.getElementById('password').value})});
    if (r.ok) location.hash = '#/'; else loginView(true);
  };
}
function overview() {
  document.title = 'Overview - OpenBMC';
  app.innerHTML = '<header id="app-header"><span>OpenBMC</span> <a href="#/console/kvm" id="kvm-link">KVM</a> '
    + '<a href="/#/console/kvm" target="_blank" id="kvm-window">KVM in a new window</a> <a href="#/kvm-frame" id="kvm-frame-link">KVM in a frame</a> '
    + '<span id="app-header-user" data-test-id="appHeader-container-user"><button type="button" class="dropdown-toggle">admin</button></span> '
    + '<a href="#" data-test-id="appHeader-link-logout" id="logout">Log out</a></header><main>Overview</main>';
  document.getElementById('logout').onclick = async (e) => {
    e.preventDefault();
    await fetch('/logout', {method: 'POST'});
    location.hash = '#/login';
  };
}
function startKvm() {
  app.innerHTML = '<div id="kvm-toolbar">Server status: on</div><div id="terminal-kvm"></div>';
  rfb = new RFB(document.getElementById('terminal-kvm'), 'ws://127.0.0.1:${wsPort}');
  rfb.scaleViewport = false;
}
async function kvm() {
  document.title = 'KVM - OpenBMC';
  const s = await fetch('/kvm/status').then(r => r.json());
  if (s.consent && !window.consented) {
    app.innerHTML = '<div id="consent" role="dialog">This session may be recorded. <button id="consent-ok">OK</button></div>';
    document.getElementById('consent-ok').onclick = () => { window.consented = true; kvm(); };
    return;
  }
  if (s.inUse) {
    app.innerHTML = '<div id="console-in-use" role="dialog">The console is in use by ' + s.by + '. Take it over?'
      + ' <button id="acquire">Acquire</button> <button id="cancel">Cancel</button></div>';
    document.getElementById('acquire').onclick = async () => { await fetch('/kvm/acquire', {method: 'POST'}); startKvm(); };
    document.getElementById('cancel').onclick = () => { location.hash = '#/'; };
  } else {
    startKvm();
  }
}
async function route() {
  stopKvm();
  const h = location.hash || '#/';
  if (h === '#/login') return loginView(false);
  const ok = (await fetch('/session')).ok;
  if (!ok) { location.hash = '#/login'; return; }
  if (h === '#/console/kvm') return kvm();
  if (h === '#/kvm-frame') {
    document.title = 'KVM frame - OpenBMC';
    app.innerHTML = '<header id="app-header">OpenBMC <a href="#" data-test-id="appHeader-link-logout" id="logout">Log out</a></header>'
      + '<iframe id="kvm-frame" src="/#/console/kvm" width="1100" height="850"></iframe>';
    return;
  }
  return overview();
}
window.addEventListener('hashchange', route);
route();
</script></body></html>
"""
    }

    @Override
    void close() {
        http?.stop(0)
        (http?.executor as java.util.concurrent.ExecutorService)?.shutdownNow()
        RfbRig.stop(websockify, wsPort)
    }

    /**
     * The processes of the browsers Vaxiin started that are alive (not zombies): chromium's with a
     * profile folder of the web console's ({@code vaxiin-chromium-…}), and chromedriver. A spec
     * counts them before and after.
     */
    static int chromiumProcesses() {
        int n = 0
        new File('/proc').listFiles().findAll { it.name ==~ /\d+/ }.each { p ->
            try {
                String stat = new File(p, 'stat').text
                String state = stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3)
                String cmd = new String(new File(p, 'cmdline').bytes, 'UTF-8').replace('\u0000', ' ')
                if (state != 'Z' && (cmd.contains('vaxiin-chromium-') || cmd.startsWith('/usr/bin/chromedriver') || cmd.startsWith('chromedriver'))) n++
            } catch (IOException | StringIndexOutOfBoundsException ignored) {
                // the process ended while we looked
            }
        }
        n
    }
}

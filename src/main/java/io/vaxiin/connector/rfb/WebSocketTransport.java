package io.vaxiin.connector.rfb;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;

/**
 * RFB carried in binary WebSocket messages (RFC 6455), as OpenBMC's {@code /kvm/0}, QEMU and
 * websockify serve it. OkHttp does the HTTP upgrade, TLS and framing; this class turns the
 * messages back into a stream with a read timeout.
 */
final class WebSocketTransport implements Transport {

    private static final byte[] EOF = new byte[0];

    private final OkHttpClient client;
    private final WebSocket socket;
    private final BlockingQueue<byte[]> incoming;
    private final long readTimeoutMillis;
    private volatile Throwable failure;
    private final InputStream in = new MessageInput();
    private final OutputStream out = new MessageOutput();

    private WebSocketTransport(OkHttpClient client, Request request, long readTimeoutMillis, BlockingQueue<byte[]> incoming,
                               Opened opened) {
        this.client = client;
        this.incoming = incoming;
        this.readTimeoutMillis = readTimeoutMillis;
        this.socket = client.newWebSocket(request, new Listener(opened));
    }

    /** Why the upgrade failed, for the caller's message. */
    static final class UpgradeException extends IOException {
        final int httpCode;
        final String certificateSha256;

        UpgradeException(String message, int httpCode, String certificateSha256, Throwable cause) {
            super(message, cause);
            this.httpCode = httpCode;
            this.certificateSha256 = certificateSha256;
        }
    }

    private static final class Opened {
        final CountDownLatch latch = new CountDownLatch(1);
        volatile Throwable failure;
        volatile Response response;
    }

    static WebSocketTransport open(RfbConfig config) throws IOException {
        FingerprintingTrustManager tm = trustManager(config.pinnedSha256());
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
                .connectTimeout(config.connectTimeout())
                .readTimeout(java.time.Duration.ZERO) // idle RFB is normal; our stream times out reads itself
                .writeTimeout(config.readTimeout())
                .retryOnConnectionFailure(false);
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {tm}, null);
            builder.sslSocketFactory(tls.getSocketFactory(), tm);
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS is not available in this JVM", e);
        }
        if (config.pinnedSha256() != null) {
            // The pinned fingerprint names the one certificate trusted; a BMC's self-signed one rarely names its address.
            builder.hostnameVerifier((host, session) -> true);
        }
        OkHttpClient client = builder.build();
        String url = config.webSocketUri().toString().replaceFirst("^(?i)ws", "http");
        Request.Builder request = new Request.Builder().url(url).header("Sec-WebSocket-Protocol", "binary");
        for (Map.Entry<String, String> h : config.webSocketHeaders().entrySet()) request.header(h.getKey(), h.getValue());
        Opened opened = new Opened();
        WebSocketTransport t = new WebSocketTransport(client, request.build(), config.readTimeout().toMillis(),
                new ArrayBlockingQueue<>(256), opened);
        long wait = config.connectTimeout().toMillis() + config.readTimeout().toMillis();
        try {
            if (!opened.latch.await(wait, TimeUnit.MILLISECONDS)) {
                t.close();
                throw new SocketTimeoutException("no WebSocket upgrade within " + wait + " ms");
            }
        } catch (InterruptedException e) {
            t.close();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while connecting");
        }
        if (opened.failure != null) {
            t.close();
            Response r = opened.response;
            int code = r == null ? 0 : r.code();
            if (r != null) r.close();
            Throwable f = opened.failure;
            if (f instanceof IOException io && code == 0 && tm.rejected == null) throw io;
            throw new UpgradeException(f.getMessage(), code, tm.rejected, f);
        }
        return t;
    }

    private static FingerprintingTrustManager trustManager(byte[] pinned) throws IOException {
        try {
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init((KeyStore) null);
            for (TrustManager m : f.getTrustManagers()) {
                if (m instanceof X509TrustManager x) return new FingerprintingTrustManager(x, pinned);
            }
            throw new IOException("this JVM has no X509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS is not available in this JVM", e);
        }
    }

    /**
     * Trusts the system's CAs, or, when a fingerprint is pinned, exactly that certificate.
     * Remembers the fingerprint of a rejected certificate so the error can show what to pin.
     */
    static final class FingerprintingTrustManager implements X509TrustManager {
        private final X509TrustManager system;
        private final byte[] pinned;
        volatile String rejected;

        FingerprintingTrustManager(X509TrustManager system, byte[] pinned) {
            this.system = system;
            this.pinned = pinned;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("this client does not accept client certificates");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain == null || chain.length == 0) throw new CertificateException("no server certificate");
            byte[] actual = sha256(chain[0].getEncoded());
            if (pinned != null) {
                if (!MessageDigest.isEqual(actual, pinned)) {
                    rejected = hex(actual);
                    throw new CertificateException("the certificate does not match the pinned SHA-256 fingerprint");
                }
                return;
            }
            try {
                system.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                rejected = hex(actual);
                throw e;
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return pinned != null ? new X509Certificate[0] : system.getAcceptedIssuers();
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] b) {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(b);
    }

    private final class Listener extends WebSocketListener {
        private final Opened opened;

        Listener(Opened opened) {
            this.opened = opened;
        }

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            opened.latch.countDown();
        }

        @Override
        public void onMessage(WebSocket webSocket, ByteString bytes) {
            enqueue(bytes.toByteArray());
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            failure = new IOException("the server sent a text WebSocket message; RFB travels in binary messages");
            webSocket.cancel();
            enqueue(EOF);
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            webSocket.close(1000, null);
            enqueue(EOF);
        }

        @Override
        public void onClosed(WebSocket webSocket, int code, String reason) {
            enqueue(EOF);
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable t, Response response) {
            if (opened.latch.getCount() > 0) {
                opened.failure = t;
                opened.response = response;
                opened.latch.countDown();
            } else {
                failure = t;
            }
            enqueue(EOF);
        }

        private void enqueue(byte[] b) {
            if (b.length == 0 && b != EOF) return;
            try {
                // Blocks OkHttp's reader when the console falls behind: back-pressure, not unbounded memory.
                while (!incoming.offer(b, 1, TimeUnit.SECONDS)) {
                    if (closed) return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private volatile boolean closed;

    private final class MessageInput extends InputStream {
        private byte[] chunk = new byte[0];
        private int pos;
        private boolean eof;

        private boolean ready() throws IOException {
            if (pos < chunk.length) return true;
            if (eof) return false;
            byte[] next;
            try {
                next = incoming.poll(readTimeoutMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading");
            }
            if (next == null) throw new SocketTimeoutException("no data within " + readTimeoutMillis + " ms");
            if (next == EOF) {
                eof = true;
                Throwable f = failure;
                if (f != null) throw f instanceof IOException io ? io : new IOException(f.getMessage(), f);
                return false;
            }
            chunk = next;
            pos = 0;
            return true;
        }

        @Override
        public int read() throws IOException {
            while (pos >= chunk.length) {
                if (!ready()) return -1;
            }
            return chunk[pos++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            while (pos >= chunk.length) {
                if (!ready()) return -1;
            }
            int n = Math.min(len, chunk.length - pos);
            System.arraycopy(chunk, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    private final class MessageOutput extends OutputStream {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        @Override
        public void write(int b) {
            buffer.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            buffer.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            if (buffer.size() == 0) return;
            byte[] data = buffer.toByteArray();
            buffer.reset();
            if (closed || !socket.send(ByteString.of(data, 0, data.length))) {
                throw new EOFException("the WebSocket is closed");
            }
        }
    }

    @Override
    public InputStream in() {
        return in;
    }

    @Override
    public OutputStream out() {
        return out;
    }

    @Override
    public void close() {
        closed = true;
        socket.cancel();
        incoming.clear();
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}

package io.vaxiin.connector.web

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * noVNC 1.7.0 from the npm registry, installed once into a cache folder outside the repository
 * ({@code $VAXIIN_CACHE}, default {@code ~/.cache/vaxiin}; bin/test-deps installs it there too),
 * never into the work tree.
 */
class NoVnc {

    static final String VERSION = '1.7.0'

    /** The folder holding noVNC's {@code core/} and {@code vendor/}, installing it first if missing. */
    static synchronized Path dir() {
        def cache = Path.of(System.getenv('VAXIIN_CACHE') ?: "${System.getProperty('user.home')}/.cache/vaxiin")
        def prefix = cache.resolve("novnc-$VERSION")
        def novnc = prefix.resolve('node_modules/@novnc/novnc')
        if (Files.isRegularFile(novnc.resolve('core/rfb.js'))) return novnc
        Files.createDirectories(prefix)
        def npm = ['npm', 'install', '--prefix', prefix.toString(), '--no-audit', '--no-fund', '--no-save', "@novnc/novnc@$VERSION".toString()]
        def p = new ProcessBuilder(npm).redirectErrorStream(true).start()
        def out = new ByteArrayOutputStream()
        def reading = Thread.start { out << p.inputStream }
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly()
            throw new IllegalStateException("npm did not install noVNC in 180 s: ${npm.join(' ')}\n$out")
        }
        reading.join()
        if (p.exitValue() != 0 || !Files.isRegularFile(novnc.resolve('core/rfb.js'))) {
            throw new IllegalStateException("npm could not install noVNC (${npm.join(' ')}, exit ${p.exitValue()}):\n$out")
        }
        novnc
    }
}

package io.vaxiin.connector.web

import io.vaxiin.repl.FsckImages
import io.vaxiin.repl.FsckXterm
import spock.lang.Shared
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

/**
 * What the web-viewer specs share: once per spec class, a real e2fsck asking its questions in an
 * xterm on Xvnc ({@link FsckXterm}, on the image {@link #image} makes), behind the rig's noVNC and
 * login page ({@link WebViewerRig}), and the count of browser processes from before, which each
 * spec's end is checked against.
 */
abstract class WebViewerRigSpec extends Specification {

    @Shared Path dir
    @Shared FsckXterm fsck
    @Shared WebViewerRig rig
    @Shared int chromiumBefore

    /** The damaged file system whose e2fsck the console shows. */
    FsckImages image() { FsckImages.A }

    def setupSpec() {
        dir = Files.createTempDirectory(getClass().simpleName)
        chromiumBefore = WebViewerRig.chromiumProcesses()
        fsck = FsckXterm.start(image().make(dir), dir)
        rig = new WebViewerRig(fsck.port, dir)
    }

    def cleanupSpec() {
        rig?.close()
        fsck?.stop()
        dir?.toFile()?.deleteDir()
    }
}

package io.vaxiin.connector.rfb

import spock.lang.Specification

/**
 * A frame handed out shows the framebuffer's own pixels until the next write (copy on write):
 * it must never change afterwards, whatever the reader thread writes next.
 */
class FrameStoreSpec extends Specification {

    static Object snapshot(FrameStore store) {
        store.lock.lock()
        try {
            return store.snapshot(0)
        } finally {
            store.lock.unlock()
        }
    }

    def "a frame keeps its pixels after puts, fills and copies; the next frame shows them"() {
        given:
        def store = new FrameStore()
        store.resize(4, 2)
        store.put(0, 0, 4, 2, [1, 2, 3, 4, 5, 6, 7, 8] as int[], 0, 4)
        store.commit()
        def first = snapshot(store)

        when:
        store.fill(0, 0, 2, 1, 9)
        store.commit()
        def second = snapshot(store)
        store.copy(2, 1, 0, 1, 2, 1)
        store.put(3, 0, 1, 1, [42] as int[], 0, 1)
        store.commit()
        def third = snapshot(store)

        then:
        pixels(first.image()) == [1, 2, 3, 4, 5, 6, 7, 8]
        pixels(second.image()) == [9, 9, 3, 4, 5, 6, 7, 8]
        pixels(third.image()) == [9, 9, 3, 42, 7, 8, 7, 8]
        first.version() < second.version() && second.version() < third.version()

        and: 'a write that changes nothing makes no new version, and no copy'
        store.fill(0, 0, 2, 1, 9)
        store.commit()
        def fourth = snapshot(store)
        fourth.version() == third.version()
        fourth.image().is(third.image())
    }

    static List<Integer> pixels(java.awt.image.BufferedImage image) {
        (0..<image.height).collectMany { y -> (0..<image.width).collect { x -> image.getRGB(x, y) & 0xFFFFFF } }
    }
}

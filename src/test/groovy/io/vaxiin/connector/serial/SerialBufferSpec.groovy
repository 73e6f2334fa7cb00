package io.vaxiin.connector.serial

import groovy.transform.CompileStatic
import io.vaxiin.connector.ConnectorException
import io.vaxiin.connector.ConnectorException.Kind
import spock.lang.Specification
import spock.lang.Timeout
import spock.lang.Unroll

import java.nio.charset.StandardCharsets
import java.time.Duration
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit

/** The terminal decoding and the bounded history of SerialBuffer, byte for byte. */
@Timeout(60)
class SerialBufferSpec extends Specification {

    static final String ESC = '\u001b'

    /** Bytes from parts: a String as UTF-8, an Integer as one raw byte. */
    static byte[] bytes(List parts) {
        def out = new ByteArrayOutputStream()
        parts.each { p -> p instanceof String ? out.writeBytes(p.getBytes(StandardCharsets.UTF_8)) : out.write(p as int) }
        out.toByteArray()
    }

    static SerialBuffer fed(List<byte[]> pieces, int max = SerialBuffer.DEFAULT_MAX_CHARS) {
        def buffer = new SerialBuffer(max)
        pieces.each { buffer.accept(it, 0, it.length) }
        buffer
    }

    static String text(byte[] b) {
        fed([b]).recent().text()
    }

    @Unroll("#scenario")
    def "bytes decode as a terminal shows them, however the stream is split"() {
        given:
        byte[] b = bytes(input)

        expect: 'in one piece'
        text(b) == shown

        and: 'split at every byte boundary'
        (0..b.length).every { int i ->
            fed([Arrays.copyOfRange(b, 0, i), Arrays.copyOfRange(b, i, b.length)]).recent().text() == shown
        }

        and: 'one byte at a time'
        fed(b.collect { byte x -> [x] as byte[] }).recent().text() == shown

        where:
        scenario                                  | input                                            || shown
        'plain text'                              | ['login: ']                                      || 'login: '
        'LF finishes lines'                       | ['a\nb\n']                                       || 'a\nb\n'
        'CR LF is one newline'                    | ['a\r\nb\r\n']                                   || 'a\nb\n'
        'CR then text overwrites'                 | ['abcdef\rXY']                                   || 'XYcdef'
        'CR overwrite then LF keeps the rest'     | ['abcdef\rXY\nz']                                || 'XYcdef\nz'
        'a progress line rewritten'               | ['10%\r 50%\r100%\n']                            || '100%\n'
        'backspace moves left without erasing'    | ['ab\bc']                                        || 'ac'
        'backspace at column 0 stays'             | ['\b\bx']                                        || 'x'
        'a spinner'                               | ['|\b/\b-\b\\']                                  || '\\'
        'ESC[K erases to the end'                 | ['abcdef\rab' + ESC + '[K']                      || 'ab'
        'ESC[0K erases to the end'                | ['abcdef\rab' + ESC + '[0K']                     || 'ab'
        'ESC[1K erases to the cursor'             | ['abcdef\rab' + ESC + '[1K']                     || '   def'
        'ESC[2K erases the line, cursor stays'    | ['abcdef' + ESC + '[2Kx']                        || '      x'
        'ESC[K after CR clears the line'          | ['password: ****\r' + ESC + '[K']               || ''
        'tab to the next multiple of 8'           | ['a\tb']                                         || 'a       b'
        'tab from column 8'                       | ['12345678\tx']                                  || '12345678        x'
        'tab at the end pads'                     | ['ab\t\n']                                       || 'ab      \n'
        'BEL and NUL dropped'                     | ['a\u0007b\u0000c']                              || 'abc'
        'other C0 controls and DEL dropped'       | ['a\u0001\u0004\u001cb\u007fc']                  || 'abc'
        'VT and FF are newlines'                  | ['a\u000bb\u000cc']                              || 'a\nb\nc'
        'SGR colours removed'                     | [ESC + '[1;31mred' + ESC + '[0m!']               || 'red!'
        'private CSI removed'                     | [ESC + '[?25lx' + ESC + '[?25h']                 || 'x'
        'CSI with intermediates removed'          | [ESC + '[0 qx' + ESC + '[!p']                    || 'x'
        'ESC[2J and CUP do not erase history'     | ['old\n' + ESC + '[2J' + ESC + '[1;1Hnew']       || 'old\nnew'
        'cursor position request removed'         | ['# ' + ESC + '[6necho']                         || '# echo'
        'OSC ended by BEL'                        | [ESC + ']0;title\u0007x']                        || 'x'
        'OSC ended by ESC backslash'              | [ESC + ']2;title' + ESC + '\\x']                 || 'x'
        'DCS ended by ESC backslash'              | [ESC + 'Pq#0;2;0;0;0' + ESC + '\\x']             || 'x'
        'charset selects removed'                 | [ESC + '(Bx' + ESC + ')0y' + ESC + '%Gz']        || 'xyz'
        'two-byte ESC sequences removed'          | [ESC + '7a' + ESC + '8b' + ESC + '=c' + ESC + '>d' + ESC + 'Me'] || 'abcde'
        'ESC # 8 removed'                         | [ESC + '#8x']                                    || 'x'
        'CAN cancels a sequence'                  | [ESC + '[12\u0018x']                             || 'x'
        'ESC restarts a sequence'                 | [ESC + '[12' + ESC + '[31mx']                    || 'x'
        'CR inside a CSI still acts'              | ['abc' + ESC + '[1\rmX']                         || 'Xbc'
        'BEL inside a CSI dropped'                | ['a' + ESC + '[\u00071mb']                       || 'ab'
        'UTF-8 text'                              | ['é € 😀 ü']                                     || 'é € 😀 ü'
        'a lone continuation byte'                | ['a', 0x80, 'b']                                 || 'a\ufffdb'
        'an invalid byte'                         | ['a', 0xff, 'b']                                 || 'a\ufffdb'
        'a sequence cut short'                    | [0xe2, 0x82, 'x']                                || '\ufffdx'
        'a sequence cut by another lead byte'     | [0xe2, 0xc3, 0xa9]                               || '\ufffdé'
        'an overlong form'                        | [0xc0, 0xaf]                                     || '\ufffd\ufffd'
        'an overlong three-byte form'             | [0xe0, 0x80, 0xaf]                               || '\ufffd\ufffd\ufffd'
        'an encoded surrogate'                    | [0xed, 0xa0, 0x80]                               || '\ufffd\ufffd\ufffd'
        'past U+10FFFF'                           | [0xf4, 0x90, 0x80, 0x80]                         || '\ufffd\ufffd\ufffd\ufffd'
        'a C1 control in UTF-8 dropped'           | ['a', 0xc2, 0x9b, 'b']                           || 'ab'
        'an overwrite with a wide code point'     | ['abc\r😀']                                      || '😀bc'
        'an e2fsck question'                      | ['Inode 2 ref count is 7, should be 3.  Fix<y>? '] || 'Inode 2 ref count is 7, should be 3.  Fix<y>? '
        'a busybox prompt'                        | ['\r\n/ # ' + ESC + '[6n']                       || '\n/ # '
    }

    def "a character cut by the end of a stream is U+FFFD and an escape sequence cut by it is dropped"() {
        given:
        def buffer = fed([bytes(['ab', 0xe2, 0x82])])

        when:
        buffer.endOfStream()
        buffer.accept(bytes(['c' + ESC + '[3']), 0, 4)
        buffer.endOfStream()
        buffer.accept(bytes(['1md']), 0, 3)

        then:
        buffer.recent().text() == 'ab\ufffdc1md'
    }

    def "an OSC string that never ends is taken as noise after 4096 characters"() {
        expect:
        text(bytes([ESC + ']' + 'x' * 4096 + 'shown'])) == 'shown'
        text(bytes([ESC + ']' + 'x' * 4095 + '\u0007shown'])) == 'shown'
    }

    def "offsets count every character shown; lineStart is the current line's first"() {
        when:
        def t = fed([bytes(['first\nsecond\nthi'])]).recent()

        then:
        t.text() == 'first\nsecond\nthi'
        t.start() == 0
        t.lineStart() == 13
        t.end() == 16
        t.since(t.lineStart()) == 'thi'
        t.since(6) == 'second\nthi'
    }

    def "the history keeps the last characters; start grows by what fell out"() {
        given: '30 lines of 8 characters into a bound of 100'
        def lines = (0..<30).collect { String.format('line %02d\n', it) }

        when:
        def buffer = fed([bytes([lines.join('') + 'tail'])], 100)
        def t = buffer.recent()
        def all = lines.join('') + 'tail'

        then:
        t.text().length() == 100
        t.text() == all.substring(all.length() - 100)
        t.start() == all.length() - 100
        t.end() == all.length()
        t.lineStart() == all.length() - 4
        buffer.dropped() == t.start()
        t.since(0) == t.text()
        t.since(t.end() - 12) == 'line 29\ntail'
    }

    def "start never goes back when the current line gets shorter"() {
        given:
        def buffer = fed([bytes(['0123456789\n' * 10 + 'a' * 40])], 100)
        def before = buffer.recent()

        when:
        buffer.accept(bytes(['\r' + ESC + '[K']), 0, 4)
        def after = buffer.recent()

        then:
        after.start() == before.start()
        after.text() == before.text().substring(0, before.text().length() - 40)
        after.version() > before.version()
    }

    /** Numbered CR LF lines of 50 bytes up to {@code size} bytes, then "last line". */
    @CompileStatic
    static String burst(int size) {
        def sb = new StringBuilder(size + 64)
        String tail = 'x' * 39
        for (int i = 0; sb.length() < size; i++) sb.append(String.format('%08d %s\r\n', i, tail))
        sb.append('last line').toString()
    }

    def "a 5 MB burst keeps the last characters with the right offsets"() {
        given: 'numbered lines of 50 bytes, in 64 KiB pieces'
        int max = 1_000_000
        String sent = burst(5_000_000)
        byte[] bytes = sent.getBytes(StandardCharsets.US_ASCII)
        String all = sent.replace('\r\n', '\n')
        def buffer = new SerialBuffer(max)

        when:
        for (int off = 0; off < bytes.length; off += 65536) buffer.accept(bytes, off, Math.min(65536, bytes.length - off))
        def t = buffer.recent()

        then:
        t.text().length() == max
        t.end() == all.length()
        t.start() == all.length() - max
        t.text() == all.substring(all.length() - max)
        t.lineStart() == all.length() - 'last line'.length()
        buffer.dropped() == all.length() - max
    }

    def "the version goes up on a visible change, not on a cursor move or the same text again"() {
        given:
        def buffer = fed([bytes(['abc'])])
        long v = buffer.recent().version()

        when: 'the same characters written over themselves'
        buffer.accept(bytes(['\rabc']), 0, 4)

        then:
        buffer.recent().version() == v

        when: 'one changed'
        buffer.accept(bytes(['\rX']), 0, 2)

        then:
        buffer.recent().version() > v
        buffer.recent().text() == 'Xbc'
    }

    def "awaitChange wakes on new text without waiting out its timeout"() {
        given:
        def buffer = new SerialBuffer()
        long v = buffer.recent().version()
        def feeder = Thread.start { Thread.sleep(150); buffer.accept(bytes(['hello']), 0, 5) }

        when:
        long t0 = System.nanoTime()
        def t = buffer.awaitChange(v, Duration.ofSeconds(10))
        long ms = (System.nanoTime() - t0) / 1_000_000

        then:
        t.text() == 'hello'
        t.version() > v
        ms < 5000

        cleanup:
        feeder.join()
    }

    def "awaitChange returns the same text when the timeout passes, and at once for a zero timeout"() {
        given:
        def buffer = fed([bytes(['quiet'])])
        long v = buffer.recent().version()

        when:
        long t0 = System.nanoTime()
        def t = buffer.awaitChange(v, Duration.ofMillis(200))
        long ms = (System.nanoTime() - t0) / 1_000_000
        long t1 = System.nanoTime()
        def z = buffer.awaitChange(v, Duration.ZERO)
        long zeroMs = (System.nanoTime() - t1) / 1_000_000

        then:
        t.version() == v
        t.text() == 'quiet'
        ms >= 190
        z.version() == v
        zeroMs < 100
    }

    def "a failure wakes a waiting caller, who gets it; text that came before it is returned first"() {
        given:
        def buffer = new SerialBuffer()
        def failure = new ConnectorException(Kind.UNREACHABLE, '10.0.0.9:4555', 'TCP serial', 'reconnect', 'TCP serial at 10.0.0.9:4555: gone')
        def caught = new ConnectorException[1]
        def waiting = new CountDownLatch(1)
        def waiter = Thread.start {
            waiting.countDown()
            try {
                buffer.awaitChange(0, Duration.ofSeconds(30))
            } catch (ConnectorException e) {
                caught[0] = e
            }
        }

        when:
        waiting.await()
        Thread.sleep(100)
        buffer.fail(failure)
        waiter.join(5000)

        then:
        !waiter.alive
        caught[0].message == 'TCP serial at 10.0.0.9:4555: gone'
        caught[0].kind() == Kind.UNREACHABLE
        caught[0].cause.is(failure)

        when: 'bytes after the end are ignored; what was shown stays readable'
        buffer.accept(bytes(['late']), 0, 4)

        then:
        buffer.recent().text() == ''
        buffer.ended
    }

    def "text before a failure is returned before the failure is thrown"() {
        given:
        def buffer = fed([bytes(['Rebooting...'])])
        buffer.fail(new ConnectorException(Kind.UNREACHABLE, 'h:1', 'TCP serial', 'read', 'gone'))

        expect:
        buffer.awaitChange(0, Duration.ofSeconds(1)).text() == 'Rebooting...'

        when:
        buffer.awaitChange(buffer.recent().version(), Duration.ofSeconds(1))

        then:
        thrown(ConnectorException)
    }

    def "close wakes a waiting caller with the reason"() {
        given:
        def buffer = new SerialBuffer()
        def caught = new Throwable[1]
        def waiter = Thread.start {
            try {
                buffer.awaitChange(0, Duration.ofSeconds(30))
            } catch (IllegalStateException e) {
                caught[0] = e
            }
        }

        when:
        Thread.sleep(100)
        buffer.close('the SOL session was closed')
        waiter.join(5000)

        then:
        !waiter.alive
        caught[0].message == 'the SOL session was closed'
    }

    def "a bound below 2 is refused with a sentence"() {
        when:
        new SerialBuffer(1)

        then:
        def e = thrown(IllegalArgumentException)
        e.message == 'a serial history keeps at least 2 characters: 1'
    }

    def "a very long line wraps"() {
        when:
        def t = fed([bytes(['y' * (TerminalDecoder.MAX_LINE + 3)])]).recent()

        then:
        t.text() == 'y' * TerminalDecoder.MAX_LINE + '\n' + 'yyy'
        t.lineStart() == TerminalDecoder.MAX_LINE + 1
    }

    def "accept checks its range"() {
        when:
        new SerialBuffer().accept(new byte[4], 2, 3)

        then:
        thrown(IndexOutOfBoundsException)
    }

    def "waiting does not spin: a waiter sleeps in the lock's condition"() {
        given:
        def buffer = new SerialBuffer()
        def waiter = Thread.start { buffer.awaitChange(0, Duration.ofSeconds(2)) }

        when:
        Thread.sleep(200)

        then:
        waiter.state == Thread.State.TIMED_WAITING

        cleanup:
        buffer.accept(bytes(['x']), 0, 1)
        waiter.join(TimeUnit.SECONDS.toMillis(3))
    }
}

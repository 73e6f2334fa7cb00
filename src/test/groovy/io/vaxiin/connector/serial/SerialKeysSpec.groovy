package io.vaxiin.connector.serial

import io.vaxiin.connector.KeyCombo
import spock.lang.Specification
import spock.lang.Unroll

import java.util.HexFormat

/** The bytes a VT100/xterm terminal sends for each key, byte for byte. */
class SerialKeysSpec extends Specification {

    static String hex(byte[] b) {
        HexFormat.ofDelimiter(' ').formatHex(b)
    }

    @Unroll("#key sends #expected")
    def "a key sends what a VT100/xterm terminal sends"() {
        expect:
        hex(SerialKeys.bytes(KeyCombo.parse(key))) == expected

        where:
        key              || expected
        'Enter'          || '0d'
        'Return'         || '0d'
        'Tab'            || '09'
        'Backspace'      || '7f'
        'Esc'            || '1b'
        'Space'          || '20'
        'y'              || '79'
        'Y'              || '59'
        '/'              || '2f'
        '-'              || '2d'
        'Up'             || '1b 5b 41'
        'Down'           || '1b 5b 42'
        'Right'          || '1b 5b 43'
        'Left'           || '1b 5b 44'
        'Home'           || '1b 5b 48'
        'End'            || '1b 5b 46'
        'Insert'         || '1b 5b 32 7e'
        'Delete'         || '1b 5b 33 7e'
        'PageUp'         || '1b 5b 35 7e'
        'PageDown'       || '1b 5b 36 7e'
        'F1'             || '1b 4f 50'
        'F2'             || '1b 4f 51'
        'F3'             || '1b 4f 52'
        'F4'             || '1b 4f 53'
        'F5'             || '1b 5b 31 35 7e'
        'F6'             || '1b 5b 31 37 7e'
        'F7'             || '1b 5b 31 38 7e'
        'F8'             || '1b 5b 31 39 7e'
        'F9'             || '1b 5b 32 30 7e'
        'F10'            || '1b 5b 32 31 7e'
        'F11'            || '1b 5b 32 33 7e'
        'F12'            || '1b 5b 32 34 7e'
        'ctrl-a'         || '01'
        'ctrl-c'         || '03'
        'ctrl-C'         || '03'
        'ctrl-d'         || '04'
        'ctrl-z'         || '1a'
        'ctrl-['         || '1b'
        'ctrl-\\'        || '1c'
        'ctrl-]'         || '1d'
        'ctrl-_'         || '1f'
        'ctrl-@'         || '00'
        'ctrl-Space'     || '00'
        'ctrl-?'         || '7f'
        'ctrl-shift-6'   || '1e'
        'shift-a'        || '41'
        'shift-1'        || '21'
        'shift-/'        || '3f'
        'shift-Tab'      || '1b 5b 5a'
        'alt-x'          || '1b 78'
        'meta-x'         || '1b 78'
        'alt-ctrl-a'     || '1b 01'
        'alt-Backspace'  || '1b 7f'
        'alt-Enter'      || '1b 0d'
        'alt-shift-Tab'  || '1b 1b 5b 5a'
        'shift-Up'       || '1b 5b 31 3b 32 41'
        'ctrl-Left'      || '1b 5b 31 3b 35 44'
        'alt-End'        || '1b 5b 31 3b 33 46'
        'shift-F1'       || '1b 5b 31 3b 32 50'
        'shift-F10'      || '1b 5b 32 31 3b 32 7e'
        'ctrl-Delete'    || '1b 5b 33 3b 35 7e'
        'ctrl-shift-alt-PageUp' || '1b 5b 35 3b 38 7e'
    }

    @Unroll("#key is refused")
    def "a key a serial line cannot carry is refused with a sentence"() {
        when:
        SerialKeys.bytes(KeyCombo.parse(key))

        then:
        def e = thrown(IllegalArgumentException)
        e.message == message

        where:
        key               || message
        'ctrl-alt-delete' || 'a serial console cannot send ctrl-alt-delete (the reboot keys of a PC keyboard; use a power reset)'
        'ctrl-alt-Del'    || 'a serial console cannot send ctrl-alt-delete (the reboot keys of a PC keyboard; use a power reset)'
        'ctrl'            || 'a serial console cannot send ctrl (a terminal sends nothing for a modifier key alone)'
        'super-a'         || 'a serial console cannot send super-a (a terminal has no Super key)'
        'altgr-e'         || 'a serial console cannot send altgr-e (a terminal has no AltGr key)'
        'PrintScreen'     || 'a serial console cannot send printscreen (a terminal has no bytes for PrintScreen)'
        'CapsLock'        || 'a serial console cannot send capslock (a terminal has no bytes for CapsLock)'
        'SysRq'           || 'a serial console cannot send sysrq (on a serial line SysRq is a BREAK, not bytes)'
        'ctrl-5'          || 'a serial console cannot send ctrl-5 (only a letter, @, [, \\, ], ^, _, ? or Space has a control character)'
        'ctrl-Enter'      || 'a serial console cannot send ctrl-enter (a terminal sends the same bytes as for Enter alone)'
        'shift-Backspace' || 'a serial console cannot send shift-backspace (a terminal sends the same bytes as for Backspace alone)'
    }

    @Unroll("typing #scenario")
    def "typed text is UTF-8 with newlines sent as CR"() {
        expect:
        hex(SerialKeys.typed(text)) == expected

        where:
        scenario       | text        || expected
        'a word'       | 'root'      || '72 6f 6f 74'
        'a newline'    | 'y\n'       || '79 0d'
        'two lines'    | 'a\nb\n'    || '61 0d 62 0d'
        'a CR as is'   | 'a\r'       || '61 0d'
        'UTF-8'        | 'é€😀'      || 'c3 a9 e2 82 ac f0 9f 98 80'
        'nothing'      | ''          || ''
    }

    def "text with half a surrogate pair is refused"() {
        when:
        SerialKeys.typed('ab\ud83d')

        then:
        def e = thrown(IllegalArgumentException)
        e.message == 'cannot type the text: at index 2 it holds half of a character (an unpaired surrogate)'
    }
}

package io.vaxiin.repl

import spock.lang.Specification
import spock.lang.Unroll

class JavadocSpec extends Specification {

    @Unroll("#scenario")
    def "a Javadoc comment becomes plain text"() {
        expect:
        JavadocText.render(javadoc, 0, 100) == text

        where:
        scenario                    | javadoc                                                               || text
        '{@code} keeps its text'    | '/** Types {@code type \'y\'}; {@code \\n} is Enter. */'              || "Types type 'y'; \\n is Enter."
        '{@code} with braces'       | '/** As {@code when(COND) { … }} does. */'                            || 'As when(COND) { … } does.'
        '{@code} with < and >'      | '/** Matches {@code /Fix<y>\\?/} &lt;here&gt;. */'                    || 'Matches /Fix<y>\\?/ <here>.'
        '{@link} to a member'       | '/** As {@link #waitFor(Map, Closure)} or {@link RunLog#MAX_LINE}. */' || 'As waitFor or MAX_LINE.'
        '{@link} to a class'        | '/** A {@link java.lang.CharSequence}. */'                            || 'A CharSequence.'
        '{@link} with a label'      | '/** See {@link #matches(Map, String) the options}. */'               || 'See the options.'
        '<p> is a blank line'       | '/**\n * One.\n *\n * <p>Two\n * lines.\n */'                          || 'One.\n\nTwo lines.'
        '<ul><li> are bullets'      | '/** Options:\n * <ul>\n *   <li>{@code a:} one</li>\n *   <li><b>b</b> two</li>\n * </ul>\n * After. */' || 'Options:\n- a: one\n- b two\n\nAfter.'
        '@param becomes a bullet'   | '/**\n * One row.\n *\n * @param n row number\n * @throws X never\n */' || 'One row.\n\n- n: row number'
    }

    def "text is wrapped at 100 columns, bullets with a hanging indent"() {
        given:
        def words = (1..40).collect { "word$it" }.join(' ')

        when:
        def text = JavadocText.render("/** $words\n * <ul><li>$words</li></ul> */", 2, 100)

        then:
        text.readLines().every { it.length() <= 100 }
        text.readLines().every { it.isEmpty() || it.startsWith('  ') }
        text.readLines().find { it.startsWith('  - ') }
        text.readLines().findAll { it.startsWith('    word') }.size() > 1
    }

    def "the first sentence ends at a full stop followed by a space"() {
        expect:
        JavadocText.firstSentence('/** Waits (default 30 seconds) for {@code 5.seconds}. Then more. */') == 'Waits (default 30 seconds) for 5.seconds.'
        JavadocText.firstSentence('/** No full stop */') == 'No full stop'
    }

    def "the documented public methods of a source file, with their parameters' names"() {
        given:
        def source = '''\
            package x;
            /** The class. */
            public final class Thing {
                /** A constant. */
                public static final String NAME = "{";
                private final char c = '}';
                /** Makes one. */
                public Thing(String s) { }
                /** Waits. */
                public void waitFor(Map<String, ?> options,
                                    @DelegatesTo(value = Thing.class, strategy = Closure.DELEGATE_FIRST) Closure<?> condition) {
                    String s = "/** not a comment */ }";
                }
                /** Internal. */
                static int helper() { return 1; }
                /** A nested type. */
                public record Result(int status) {
                    /** Not a member of Thing. */
                    public int getStatus() { return status; }
                }
                public void undocumented() { }
                /** Static. */
                public static boolean check(String a) { return true; }
                /** Last. */
                @Override
                public String toString() { return "x"; }
            }
            '''.stripIndent()

        when:
        def doc = JavadocSource.parse(source)

        then:
        doc.className() == 'Thing'
        doc.classDoc() == '/** The class. */'
        doc.methods().collect { [it.name(), it.params(), it.isStatic()] } ==
                [['waitFor', ['options', 'condition'], false], ['check', ['a'], true], ['toString', [], false]]
    }
}

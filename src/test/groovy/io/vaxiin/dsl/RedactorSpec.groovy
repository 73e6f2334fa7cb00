package io.vaxiin.dsl

import spock.lang.Specification

class RedactorSpec extends Specification {

    Redactor secrets = new Redactor()

    def setup() {
        secrets.add('hunter2-long')
        secrets.add('hunter2')
    }

    def "every secret is masked, the longest first, also when a screen wraps it over two rows"() {
        expect:
        secrets.mask(text) == masked

        where:
        text                                   || masked
        'login with hunter2-long now'          || 'login with **** now'
        'hunter2 and hunter2-long'             || '**** and ****'
        'hunter3 is not a secret'              || 'hunter3 is not a secret'
        'Password: hunt\ner2-long\nlogin:'     || 'Password: ****\n\nlogin:'
        ''                                     || ''
    }

    def "an empty value hides nothing, and holds tells whether a text has a secret"() {
        when:
        secrets.add('')

        then:
        secrets.mask('abc') == 'abc'
        secrets.holds('x hunter2 y')
        !secrets.holds('x hunter y')
    }
}

package io.vaxiin.connector.web

import spock.lang.Specification
import spock.lang.Timeout

import java.time.Duration
import java.util.concurrent.Callable
import java.util.concurrent.Executors

/**
 * Browsers started at once in one JVM (a watched fleet opens several web viewers) are each
 * ended alone: quitting one leaves the other's processes running, and quitting both leaves none.
 */
@Timeout(120)
class BrowserSessionSpec extends Specification {

    def "two browsers started at the same time are told apart: quitting one does not end the other"() {
        given:
        int before = WebViewerRig.chromiumProcesses()
        def pool = Executors.newFixedThreadPool(2)
        def starting = (1..2).collect { n -> pool.submit({ BrowserSession.start(null, Duration.ofSeconds(20), "browser $n") } as Callable) }
        def (first, second) = starting*.get()
        pool.shutdown()

        when: 'the first quits'
        first.quit()
        second.driver.get('data:text/html,<title>still here</title>')

        then: 'the second still answers'
        second.driver.title == 'still here'

        when:
        second.quit()

        then: 'and then no browser of theirs is left'
        WebViewerRig.chromiumProcesses() == before
    }
}

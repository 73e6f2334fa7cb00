package io.vaxiin.engine;

import org.codehaus.groovy.ast.CodeVisitorSupport;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.PropertyExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;

import java.util.Set;

/**
 * Whether a rule's action acts on the server, decided from its code when the script compiles:
 * it does when it calls {@code type}, {@code press}, {@code power} or {@code boot} (on the script,
 * or {@code serial.type}, {@code serial.press}), uses {@code http}, or calls a method of the script
 * or its libraries (which may do any of these); {@code done}, {@code fail}, {@code log},
 * {@code screenshot}, waits and what is only read ({@code screen.line(3)}, {@code serial.lines.find {…}})
 * do not. Watch mode runs a script only for a rule that acts.
 */
final class ActingWords {

    private ActingWords() {}

    /** Words of the script that never change the server. */
    private static final Set<String> PASSIVE = Set.of("done", "fail", "log", "screenshot", "waitFor", "$waitFor", "waitStill",
            "sleep", "matches", "$checkpoint", "$property", "$spread", "$operator", "$getAt", "$putAt", "$var", "$keep", "$invoke");

    /** Words that act wherever they are called: on the script, or on {@code serial}. */
    private static final Set<String> ACTING = Set.of("type", "press", "power", "boot");

    static boolean acts(ClosureExpression action) {
        boolean[] acts = {false};
        action.getCode().visit(new CodeVisitorSupport() {
            @Override
            public void visitMethodCallExpression(MethodCallExpression call) {
                String name = call.getMethodAsString();
                boolean onScript = call.isImplicitThis()
                        || call.getObjectExpression() instanceof VariableExpression v && v.isThisExpression();
                if (name == null || ACTING.contains(name) || onScript && !PASSIVE.contains(name)) acts[0] = true;
                super.visitMethodCallExpression(call);
            }

            @Override
            public void visitPropertyExpression(PropertyExpression p) {
                if ("http".equals(p.getPropertyAsString())) acts[0] = true;
                super.visitPropertyExpression(p);
            }

            @Override
            public void visitVariableExpression(VariableExpression v) {
                if (v.getName().equals("http")) acts[0] = true;
                super.visitVariableExpression(v);
            }
        });
        return acts[0];
    }
}

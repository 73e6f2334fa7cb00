package io.vaxiin.engine;

import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.ast.ClassCodeExpressionTransformer;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.Parameter;
import org.codehaus.groovy.ast.expr.ArgumentListExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MapExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.PropertyExpression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.ast.stmt.ExpressionStatement;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;

import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites rules at compile time so their conditions are evaluated on every new screen.
 *
 * <p>Groovy reads {@code when screen =~ /fsck/ then type 'y'} as
 * {@code this.when(screen =~ /fsck/).then(type).y}: the condition would be evaluated once, when
 * the line runs, and {@code y} would be a property. This transform turns every form of rule into
 * one call, {@code $rule(options, 'screen =~ /fsck/', { screen =~ /fsck/ }, "type 'y'", { type('y') }, line, acts)}:
 * <ul>
 *   <li>{@code when COND then VERB ARG} (the verb and its argument become a call),</li>
 *   <li>{@code when COND then { … }} and {@code when COND then VERB(ARG)},</li>
 *   <li>{@code when(COND) { … }}, each optionally with {@code maxFires: N}.</li>
 * </ul>
 * It also gives {@code waitFor { COND }} its source text, for the message when it times out.
 * Spock and Geb use AST transforms the same way to keep conditions' source text.
 */
final class RuleTransform extends CompilationCustomizer {

    /** Whether each rule's action acts ({@link ActingWords}), in the order the script has them: whether a script can ever apply in watch mode. */
    private final List<Boolean> actions;

    RuleTransform(List<Boolean> actions) {
        super(CompilePhase.CONVERSION);
        this.actions = actions;
    }

    @Override
    public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
        new Transformer(source, actions).visitClass(classNode);
    }

    private static final class Transformer extends ClassCodeExpressionTransformer {
        private final SourceUnit source;
        private final List<Boolean> actions;

        Transformer(SourceUnit source, List<Boolean> actions) {
            this.source = source;
            this.actions = actions;
        }

        @Override
        protected SourceUnit getSourceUnit() {
            return source;
        }

        @Override
        public Expression transform(Expression e) {
            if (e == null) return null;
            if (e instanceof PropertyExpression pe && isThen(pe.getObjectExpression())) {
                MethodCallExpression then = (MethodCallExpression) pe.getObjectExpression();
                Expression verb = single(then);
                if (verb instanceof VariableExpression v) {
                    // 'then type y' names a variable y; 'then type 'y'' types the letter: Groovy
                    // parses both as a property named y, only the source tells them apart.
                    Expression argument = pe.getProperty();
                    String written = SourceText.of(source, argument);
                    if (argument instanceof ConstantExpression c && c.getValue() instanceof String name
                            && !written.isEmpty() && Character.isJavaIdentifierStart(written.charAt(0))) {
                        VariableExpression variable = new VariableExpression(name);
                        variable.setSourcePosition(argument);
                        argument = variable;
                    }
                    MethodCallExpression call = new MethodCallExpression(VariableExpression.THIS_EXPRESSION, v.getName(),
                            new ArgumentListExpression(transform(argument)));
                    call.setImplicitThis(true);
                    call.setSourcePosition(pe);
                    call.setLineNumber(v.getLineNumber());
                    call.setColumnNumber(v.getColumnNumber());
                    return rule((MethodCallExpression) then.getObjectExpression(), closureOf(call),
                            SourceText.between(source, v, pe), pe);
                }
            }
            if (e instanceof PropertyExpression pe && pe.getObjectExpression() instanceof PropertyExpression inner
                    && isThen(inner.getObjectExpression())) {
                error("an action with an expression needs braces or parentheses: then { type params.x } or then type(params.x)", pe);
                return pe;
            }
            if (e instanceof MethodCallExpression mce && isThen(mce)) {
                Expression action = single(mce);
                if (action == null) {
                    error("'then' needs one action, such as: then type 'y' or then { … }", mce);
                    return mce;
                }
                Expression transformed = transform(action);
                ClosureExpression closure = transformed instanceof ClosureExpression c ? c : closureOf(transformed);
                return rule((MethodCallExpression) mce.getObjectExpression(), closure, actionText(action), mce);
            }
            if (e instanceof MethodCallExpression mce && isCall(mce, "when")) {
                List<Expression> args = args(mce);
                if (!args.isEmpty() && args.get(args.size() - 1) instanceof ClosureExpression action
                        && args.size() >= 2 && !(args.get(args.size() - 2) instanceof MapExpression)) {
                    MethodCallExpression head = new MethodCallExpression(mce.getObjectExpression(), "when",
                            new ArgumentListExpression(args.subList(0, args.size() - 1)));
                    head.setSourcePosition(mce);
                    head.setImplicitThis(true);
                    ClosureExpression body = (ClosureExpression) transform(action);
                    return rule(head, body, actionText(action), mce);
                }
                if (args.size() == 1 && args.get(0) instanceof VariableExpression v && v.getName().equals("matches")) {
                    // 'when matches 'x.png' then …' is when(matches).'x.png'(then)…: Groovy's
                    // command chain takes the needle for a method name.
                    error("in a rule, write matches with parentheses: when matches('needles/x.png') then …", mce);
                    return mce;
                }
                error("a rule needs an action: when COND then ACTION, or when(COND) { … }", mce);
                return mce;
            }
            if (e instanceof MethodCallExpression mce && isCall(mce, "waitFor")) {
                List<Expression> args = args(mce);
                if (!args.isEmpty() && args.get(args.size() - 1) instanceof ClosureExpression cond) {
                    Expression options = args.size() == 2 && args.get(0) instanceof MapExpression m ? m : new MapExpression();
                    ClosureExpression body = (ClosureExpression) transform(cond);
                    MethodCallExpression call = new MethodCallExpression(VariableExpression.THIS_EXPRESSION, "$waitFor",
                            new ArgumentListExpression(options, new ConstantExpression(closureText(cond)), body));
                    call.setImplicitThis(true);
                    call.setSourcePosition(mce);
                    return call;
                }
            }
            if (e instanceof ClosureExpression c) {
                c.getCode().visit(this);
                return c;
            }
            return e.transformExpression(this);
        }

        /** Builds {@code $rule(options, condSource, {cond}, actionSource, {action}, line, acts)} from a {@code when(…)} call. */
        private Expression rule(MethodCallExpression when, ClosureExpression action, String actionSource, ASTNode whole) {
            if (!isCall(when, "when")) {
                error("'then' must follow 'when COND'", whole);
                return when;
            }
            List<Expression> args = args(when);
            Expression options = new MapExpression();
            if (!args.isEmpty() && args.get(0) instanceof MapExpression m) {
                options = m;
                args = args.subList(1, args.size());
            }
            if (args.size() != 1) {
                error("'when' takes one condition, such as: when screen =~ /fsck/ then type 'y'", when);
                return when;
            }
            Expression condition = args.get(0);
            String conditionSource = condition instanceof ClosureExpression c ? closureText(c) : SourceText.of(source, condition);
            ClosureExpression conditionClosure = condition instanceof ClosureExpression c
                    ? (ClosureExpression) transform(c) : closureOf(transform(condition));
            boolean acts = ActingWords.acts(action);
            actions.add(acts);
            MethodCallExpression call = new MethodCallExpression(VariableExpression.THIS_EXPRESSION, "$rule",
                    new ArgumentListExpression(List.of(options, new ConstantExpression(conditionSource), conditionClosure,
                            new ConstantExpression(actionSource), action, new ConstantExpression(when.getLineNumber(), true),
                            new ConstantExpression(acts, true))));
            call.setImplicitThis(true);
            call.setSourcePosition(whole);
            call.setLineNumber(when.getLineNumber());
            call.setColumnNumber(when.getColumnNumber());
            return call;
        }

        /** The action for the log: as written, or a block's first line and how many more it has. */
        private String actionText(Expression action) {
            if (!(action instanceof ClosureExpression c)) return SourceText.of(source, action);
            int lines = c.getLastLineNumber() - c.getLineNumber() - 1;
            String first = c.getCode() instanceof org.codehaus.groovy.ast.stmt.BlockStatement b && !b.getStatements().isEmpty()
                    ? SourceText.of(source, b.getStatements().get(0)) : closureText(c);
            return lines > 1 ? "{ " + first + " … (" + lines + " lines) }" : "{ " + closureText(c) + " }";
        }

        /** The text inside a closure's braces. */
        private String closureText(ClosureExpression c) {
            String text = SourceText.of(source, c);
            if (text.startsWith("{") && text.endsWith("}")) text = text.substring(1, text.length() - 1).strip();
            return text;
        }

        private static ClosureExpression closureOf(Expression e) {
            ClosureExpression closure = new ClosureExpression(Parameter.EMPTY_ARRAY, new ExpressionStatement(e));
            closure.setSourcePosition(e);
            return closure;
        }

        private static boolean isThen(Expression e) {
            return e instanceof MethodCallExpression mce && "then".equals(mce.getMethodAsString())
                    && mce.getObjectExpression() instanceof MethodCallExpression inner && isCall(inner, "when");
        }

        private static boolean isCall(MethodCallExpression mce, String name) {
            return name.equals(mce.getMethodAsString()) && mce.isImplicitThis();
        }

        private static List<Expression> args(MethodCallExpression mce) {
            if (mce.getArguments() instanceof TupleExpression t) return new ArrayList<>(t.getExpressions());
            return new ArrayList<>(List.of(mce.getArguments()));
        }

        private static Expression single(MethodCallExpression mce) {
            List<Expression> args = args(mce);
            return args.size() == 1 ? args.get(0) : null;
        }

        private void error(String message, ASTNode node) {
            source.getErrorCollector().addErrorAndContinue(new SyntaxErrorMessage(
                    new SyntaxException(message, node.getLineNumber(), node.getColumnNumber(),
                            node.getLastLineNumber(), node.getLastColumnNumber()), source));
        }
    }
}

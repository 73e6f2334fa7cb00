package io.vaxiin.engine;

import org.codehaus.groovy.ast.ClassHelper;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.Parameter;
import org.codehaus.groovy.ast.expr.ArgumentListExpression;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.CastExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.DeclarationExpression;
import org.codehaus.groovy.ast.expr.EmptyExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.ast.stmt.BlockStatement;
import org.codehaus.groovy.ast.stmt.ExpressionStatement;
import org.codehaus.groovy.ast.stmt.Statement;
import org.codehaus.groovy.ast.stmt.TryCatchStatement;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.syntax.Token;
import org.codehaus.groovy.syntax.Types;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lets a snippet typed in the REPL see the variables of the snippets before it, as a person at
 * a prompt expects ({@code n = screen.line(3)}, then {@code n.contains('Fix')}), without
 * binding variables (which a confined script may not use): the snippet's body becomes
 * <pre>
 * def n = (String) $var('n')          // each variable kept so far, typed as its value is
 * def m = null                        // each variable this snippet declares at its top level
 * try { BODY } finally { $keep('n', n); $keep('m', m) }
 * </pre>
 * where {@code def m = 1} (and {@code m = 1} for a name not known yet) at the top level of BODY
 * become assignments. The value of BODY's last statement is still the script's value. The
 * checks that follow (types, members, the policy) see the result, so a snippet is confined
 * exactly as a script is.
 */
final class SnippetTransform extends CompilationCustomizer {

    /** The variables kept so far, with the type each is declared with (from its value). */
    private final Map<String, ClassNode> known;

    SnippetTransform(Map<String, Class<?>> known) {
        super(CompilePhase.CONVERSION);
        this.known = new LinkedHashMap<>();
        known.forEach((name, type) -> this.known.put(name, ClassHelper.make(type)));
    }

    @Override
    public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
        if (!classNode.isScript()) return;
        MethodNode run = classNode.getMethod("run", Parameter.EMPTY_ARRAY);
        if (run == null || !(run.getCode() instanceof BlockStatement body)) return;
        Map<String, ClassNode> declared = new LinkedHashMap<>();
        List<Statement> statements = new ArrayList<>();
        for (Statement s : body.getStatements()) statements.add(hoisted(s, declared));
        List<Statement> head = new ArrayList<>();
        Set<String> kept = new LinkedHashSet<>();
        for (Map.Entry<String, ClassNode> k : known.entrySet()) {
            if (declared.containsKey(k.getKey())) continue;
            Expression value = call("$var", new ConstantExpression(k.getKey()));
            if (!ClassHelper.isObjectType(k.getValue())) value = CastExpression.asExpression(k.getValue(), value);
            head.add(declare(k.getKey(), ClassHelper.dynamicType(), value));
            kept.add(k.getKey());
        }
        for (Map.Entry<String, ClassNode> d : declared.entrySet()) {
            head.add(declare(d.getKey(), d.getValue(), ConstantExpression.NULL));
            kept.add(d.getKey());
        }
        if (kept.isEmpty()) return;
        BlockStatement keep = new BlockStatement();
        for (String name : kept) keep.addStatement(new ExpressionStatement(call("$keep", new ConstantExpression(name), new VariableExpression(name))));
        BlockStatement tryBlock = new BlockStatement(statements, body.getVariableScope());
        TryCatchStatement guarded = new TryCatchStatement(tryBlock, keep);
        List<Statement> all = new ArrayList<>(head);
        all.add(guarded);
        BlockStatement replaced = new BlockStatement(all, body.getVariableScope());
        replaced.setSourcePosition(body);
        run.setCode(replaced);
    }

    /** A top-level declaration becomes an assignment of a variable declared at the top (so {@code finally} sees it). */
    private Statement hoisted(Statement s, Map<String, ClassNode> declared) {
        if (!(s instanceof ExpressionStatement es)) return s;
        Expression e = es.getExpression();
        if (e instanceof DeclarationExpression d) {
            if (d.isMultipleAssignmentDeclaration()) {
                for (Expression v : d.getTupleExpression().getExpressions()) {
                    if (v instanceof VariableExpression ve) declared.putIfAbsent(ve.getName(), ve.getOriginType());
                }
                TupleExpression targets = new TupleExpression();
                for (Expression v : d.getTupleExpression().getExpressions()) {
                    targets.addExpression(new VariableExpression(((VariableExpression) v).getName()));
                }
                return statement(assign(targets, d.getRightExpression(), d), es);
            }
            VariableExpression v = d.getVariableExpression();
            declared.putIfAbsent(v.getName(), v.getOriginType());
            Expression right = d.getRightExpression() instanceof EmptyExpression ? ConstantExpression.NULL : d.getRightExpression();
            return statement(assign(new VariableExpression(v.getName()), right, d), es);
        }
        if (e instanceof BinaryExpression b && b.getOperation().getType() == Types.ASSIGN
                && b.getLeftExpression() instanceof VariableExpression v && !known.containsKey(v.getName())
                && !v.getName().equals("this") && !v.getName().equals("super")) {
            declared.putIfAbsent(v.getName(), ClassHelper.dynamicType());
        }
        return s;
    }

    private static BinaryExpression assign(Expression left, Expression right, Expression where) {
        BinaryExpression b = new BinaryExpression(left, Token.newSymbol(Types.ASSIGN, where.getLineNumber(), where.getColumnNumber()), right);
        b.setSourcePosition(where);
        return b;
    }

    private static ExpressionStatement statement(Expression e, Statement where) {
        ExpressionStatement s = new ExpressionStatement(e);
        s.setSourcePosition(where);
        return s;
    }

    private static ExpressionStatement declare(String name, ClassNode type, Expression value) {
        VariableExpression v = new VariableExpression(name, type);
        return new ExpressionStatement(new DeclarationExpression(v, Token.newSymbol(Types.ASSIGN, -1, -1), value));
    }

    private static MethodCallExpression call(String name, Expression... args) {
        MethodCallExpression c = new MethodCallExpression(VariableExpression.THIS_EXPRESSION, name, new ArgumentListExpression(args));
        c.setImplicitThis(true);
        return c;
    }
}

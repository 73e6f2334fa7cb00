package io.vaxiin.engine;

import org.codehaus.groovy.ast.ClassHelper;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.expr.ArgumentListExpression;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.CastExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.PropertyExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.syntax.Types;
import org.codehaus.groovy.transform.stc.StaticTypesMarker;
import org.codehaus.groovy.transform.stc.TypeCheckingExtension;

import java.util.List;

/**
 * After the checks ({@link MemberCheck}), turns what only the run can decide into calls of the
 * engine's checked words: a call, property, operator or index on a value of unknown type
 * ({@code $invoke}, {@code $property}, {@code $spread}, {@code $operator}, {@code $getAt}), every
 * {@code x[k] = v} ({@code $putAt}), a library helper ({@code $helper}). Each new call is typed
 * for the static compiler, with a cast back to the type the checker had inferred.
 */
final class DynamicRewrite extends org.codehaus.groovy.ast.ClassCodeExpressionTransformer {
    private final SourceUnit source;
    private final TypeCheckingExtension types;

    DynamicRewrite(SourceUnit source, TypeCheckingExtension types) {
        this.source = source;
        this.types = types;
    }

    /** A call of the engine's {@code name} on the script, typed as {@code original} was. */
    private Expression engineCall(String name, List<Expression> args, Expression original) {
        MethodCallExpression call = new MethodCallExpression(VariableExpression.THIS_EXPRESSION, name, new ArgumentListExpression(args));
        call.setImplicitThis(true);
        call.setSourcePosition(original);
        MethodNode target = TypePolicy.engineMethod(name);
        call.setMethodTarget(target);
        call.putNodeMetaData(StaticTypesMarker.DIRECT_METHOD_CALL_TARGET, target);
        call.putNodeMetaData(StaticTypesMarker.INFERRED_TYPE, ClassHelper.OBJECT_TYPE);
        ClassNode type = types.getType(original);
        if (type == null || ClassHelper.isObjectType(type) || ClassHelper.isPrimitiveVoid(type)) return call;
        CastExpression cast = new CastExpression(ClassHelper.isPrimitiveType(type) ? ClassHelper.getWrapper(type) : type, call);
        cast.setSourcePosition(original);
        cast.putNodeMetaData(StaticTypesMarker.INFERRED_TYPE, cast.getType());
        return cast;
    }

    private static org.codehaus.groovy.ast.expr.ConstantExpression constant(Object value) {
        org.codehaus.groovy.ast.expr.ConstantExpression c = new org.codehaus.groovy.ast.expr.ConstantExpression(value, true);
        c.putNodeMetaData(StaticTypesMarker.INFERRED_TYPE, value instanceof Boolean ? ClassHelper.boolean_TYPE : ClassHelper.STRING_TYPE);
        return c;
    }

    private static org.codehaus.groovy.ast.expr.ArrayExpression array(List<Expression> values) {
        org.codehaus.groovy.ast.expr.ArrayExpression a = new org.codehaus.groovy.ast.expr.ArrayExpression(ClassHelper.OBJECT_TYPE, values);
        a.putNodeMetaData(StaticTypesMarker.INFERRED_TYPE, ClassHelper.OBJECT_TYPE.makeArray());
        return a;
    }

    @Override protected SourceUnit getSourceUnit() { return source; }

    @Override
    public Expression transform(Expression e) {
        if (e == null) return null;
        if (e instanceof org.codehaus.groovy.ast.expr.ClosureExpression c) {
            c.getCode().visit(this);
            return c;
        }
        if (e instanceof BinaryExpression b && b.getOperation().getType() == Types.ASSIGN
                && b.getLeftExpression() instanceof BinaryExpression sub && sub.getOperation().getType() == Types.LEFT_SQUARE_BRACKET) {
            // x[k] = v is dispatched at run time by Groovy: checked there ($putAt: a list, a map or an array)
            return engineCall("$putAt", List.of(transform(sub.getLeftExpression()), transform(sub.getRightExpression()),
                    transform(b.getRightExpression())), b);
        }
        if (e instanceof BinaryExpression b && b.getNodeMetaData(TypePolicy.INDEX) != null) {
            return engineCall("$getAt", List.of(transform(b.getLeftExpression()), transform(b.getRightExpression())), b);
        }
        if (e instanceof BinaryExpression b && b.getNodeMetaData(TypePolicy.OPERATOR) != null) {
            String name = b.getNodeMetaData(TypePolicy.OPERATOR);
            Expression left = transform(b.getLeftExpression());
            Expression right = transform(b.getRightExpression());
            Expression value = engineCall("$operator", List.of(constant(name), left, right), b);
            if (b.getOperation().getType() == Types.ASSIGN || !b.getOperation().isA(Types.ASSIGNMENT_OPERATOR)) return value;
            // x op= y: x = x op y, as the type x was declared with
            ClassNode target = types.getType(b.getLeftExpression());
            Expression typed = value;
            if (target != null && !ClassHelper.isObjectType(target)) {
                CastExpression cast = new CastExpression(ClassHelper.isPrimitiveType(target) ? ClassHelper.getWrapper(target) : target, value);
                cast.putNodeMetaData(StaticTypesMarker.INFERRED_TYPE, cast.getType());
                typed = cast;
            }
            BinaryExpression assign = new BinaryExpression(b.getLeftExpression(),
                    org.codehaus.groovy.syntax.Token.newSymbol(Types.ASSIGN, b.getOperation().getStartLine(), b.getOperation().getStartColumn()), typed);
            assign.setSourcePosition(b);
            return assign;
        }
        if (e instanceof BinaryExpression b && b.getOperation().isA(Types.ASSIGNMENT_OPERATOR)
                && b.getLeftExpression().getNodeMetaData(TypePolicy.DYNAMIC) != null) {
            DslChecker.error(source, "cannot set '" + ((PropertyExpression) b.getLeftExpression()).getPropertyAsString()
                    + "' of a value of unknown type: declare it as a Map (Map m = …)", b);
            return e;
        }
        if (e instanceof MethodCallExpression call && call.getNodeMetaData(TypePolicy.DYNAMIC) != null) {
            List<Expression> args = new java.util.ArrayList<>();
            for (Expression a : DslChecker.arguments(call)) args.add(transform(a));
            return engineCall("$invoke", List.of(transform(call.getObjectExpression()), constant(call.getMethodAsString()),
                    array(args), constant(call.isSafe())), call);
        }
        if (e instanceof MethodCallExpression call && call.getNodeMetaData(TypePolicy.HELPER_CALL) != null) {
            List<Expression> args = new java.util.ArrayList<>();
            for (Expression a : DslChecker.arguments(call)) args.add(transform(a));
            return engineCall("$helper", List.of(constant(call.getMethodAsString()), array(args)), call);
        }
        if (e instanceof PropertyExpression p && p.getNodeMetaData(TypePolicy.DYNAMIC) != null) {
            return engineCall(p.isSpreadSafe() ? "$spread" : "$property", List.of(transform(p.getObjectExpression()),
                    constant(p.getPropertyAsString()), constant(p.isSafe())), p);
        }
        return e.transformExpression(this);
    }
}

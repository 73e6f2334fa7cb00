package io.vaxiin.engine;

import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.ast.ClassCodeVisitorSupport;
import org.codehaus.groovy.ast.ClassHelper;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.DynamicVariable;
import org.codehaus.groovy.ast.FieldNode;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.PropertyNode;
import org.codehaus.groovy.ast.expr.AttributeExpression;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.CastExpression;
import org.codehaus.groovy.ast.expr.ClassExpression;
import org.codehaus.groovy.ast.expr.ConstructorCallExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.MethodPointerExpression;
import org.codehaus.groovy.ast.expr.PropertyExpression;
import org.codehaus.groovy.ast.expr.StaticMethodCallExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.ast.stmt.CatchStatement;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.syntax.Types;
import org.codehaus.groovy.transform.stc.StaticTypeCheckingSupport;
import org.codehaus.groovy.transform.stc.StaticTypesMarker;
import org.codehaus.groovy.transform.stc.TypeCheckingExtension;

import java.util.List;

/**
 * Checks every member the static compiler resolved in a script (calls, constructors, properties,
 * operators, casts, class literals, catch clauses) against {@link ScriptPolicy}; refuses what
 * cannot be checked (computed names, field access, method pointers).
 */
final class MemberCheck extends ClassCodeVisitorSupport {
    private final SourceUnit source;
    private final TypeCheckingExtension types;
    private final ClassNode script;

    MemberCheck(SourceUnit source, TypeCheckingExtension types, ClassNode script) {
        this.source = source;
        this.types = types;
        this.script = script;
    }

    @Override protected SourceUnit getSourceUnit() { return source; }

    @Override
    public void visitMethod(MethodNode node) {
        if (node.getName().equals("main") && node.getLineNumber() < 1) return; // Groovy's own launcher method
        super.visitMethod(node);
    }

    private void deny(String what, ASTNode where) {
        DslChecker.error(source, what + " is not available to a recovery script: scripts act on servers through the DSL's words", where);
    }

    private void checkTarget(Expression call, String fallback) {
        MethodNode target = call.getNodeMetaData(StaticTypesMarker.DIRECT_METHOD_CALL_TARGET);
        if (target == null) {
            deny(fallback, call);
            return;
        }
        if (target.getNodeMetaData(TypePolicy.HELPER) != null) return;
        String why = ScriptPolicy.deny(target, script);
        if (why != null) deny("'" + why + "'", call);
    }

    @Override
    public void visitMethodCallExpression(MethodCallExpression call) {
        String name = call.getMethodAsString();
        if (name == null) {
            deny("a method whose name is computed at run time", call);
        } else if (call.isImplicitThis() && name.startsWith("$") && !ScriptPolicy.ENGINE_WORDS.contains(name)) {
            deny("'" + name + "'", call);
        } else if (call.getObjectExpression() instanceof ClassExpression c) {
            if (!ScriptPolicy.allowedType(c.getType())) deny("'" + c.getType().getNameWithoutPackage() + "'", call);
            else checkTarget(call, "'" + c.getType().getNameWithoutPackage() + "." + name + "'");
            call.getArguments().visit(this);
            return;
        } else if (call.getNodeMetaData(TypePolicy.DYNAMIC) != null) {
            if (io.vaxiin.dsl.DynamicAccess.denied(name)) deny("'" + name + "'", call);
            if (call.isSpreadSafe()) deny("'*." + name + "' on a value of unknown type", call);
            for (Expression a : DslChecker.arguments(call)) {
                if (a instanceof org.codehaus.groovy.ast.expr.SpreadExpression) deny("a spread argument (*list) to a value of unknown type", a);
            }
        } else {
            checkTarget(call, "'" + name + "' on " + describe(types.getType(call.getObjectExpression())));
        }
        super.visitMethodCallExpression(call);
    }

    @Override
    public void visitStaticMethodCallExpression(StaticMethodCallExpression call) {
        if (!ScriptPolicy.allowedType(call.getOwnerType()) && !call.getOwnerType().redirect().equals(script.redirect())) {
            deny("'" + call.getOwnerType().getNameWithoutPackage() + "." + call.getMethod() + "'", call);
        } else {
            checkTarget(call, "'" + call.getMethod() + "'");
        }
        super.visitStaticMethodCallExpression(call);
    }

    @Override
    public void visitConstructorCallExpression(ConstructorCallExpression call) {
        if (!ScriptPolicy.allowedType(call.getType()) || call.isUsingAnonymousInnerClass()) {
            deny("'new " + call.getType().getNameWithoutPackage() + "'", call);
        }
        super.visitConstructorCallExpression(call);
    }

    @Override
    public void visitPropertyExpression(PropertyExpression e) {
        String name = e.getPropertyAsString();
        Expression object = e.getObjectExpression();
        if (name == null) {
            deny("a property whose name is computed at run time", e);
        } else if (ScriptPolicy.DENIED_PROPERTIES.contains(name)) {
            deny("'" + name + "'", e);
        } else if (e.getNodeMetaData(TypePolicy.DYNAMIC) != null) {
            // checked when it runs ($property, $spread)
        } else if (object instanceof ClassExpression c) {
            if (!ScriptPolicy.allowedType(c.getType())) deny("'" + c.getType().getNameWithoutPackage() + "'", e);
            return;
        } else {
            ClassNode receiver = types.getType(object);
            if (object instanceof VariableExpression v && v.isThisExpression()) {
                if (!ScriptPolicy.SCRIPT_PROPERTIES.contains(name)) deny("'this." + name + "'", e);
            } else if (!propertyAllowed(receiver, name)) {
                deny("'" + name + "' of " + describe(receiver), e);
            }
        }
        super.visitPropertyExpression(e);
    }

    private boolean propertyAllowed(ClassNode receiver, String name) {
        if (receiver == null) return false;
        if (receiver.redirect().getName().equals("io.vaxiin.dsl.Params")) return true;
        if (receiver.implementsInterface(ClassHelper.MAP_TYPE) || receiver.redirect().equals(ClassHelper.MAP_TYPE)) return true;
        if (!ScriptPolicy.allowedType(receiver)) return false;
        String cap = name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
        if (ClassHelper.isPrimitiveType(receiver)) receiver = ClassHelper.getWrapper(receiver);
        for (ClassNode c = receiver.redirect(); c != null; c = c.getSuperClass()) {
            for (String getter : List.of("get" + cap, "is" + cap)) {
                MethodNode m = c.getGetterMethod(getter);
                if (m != null) return ScriptPolicy.deny(m, script) == null;
            }
            FieldNode f = c.getDeclaredField(name);
            if (f != null) return f.isPublic();
            PropertyNode p = c.getProperty(name);
            if (p != null) return p.isPublic();
        }
        // a getter among Groovy's extension methods (5.minutes, 'x'.bytes)
        ClassLoader loader = source.getClassLoader();
        for (String getter : List.of("get" + cap, "is" + cap)) {
            List<MethodNode> found = StaticTypeCheckingSupport.findDGMMethodsByNameAndArguments(loader, receiver, getter,
                    ClassNode.EMPTY_ARRAY);
            if (!found.isEmpty()) return found.stream().allMatch(m -> ScriptPolicy.deny(m, script) == null);
        }
        // not a property of every element (list.name, list*.name): their type is not checked here
        return false;
    }

    @Override
    public void visitAttributeExpression(AttributeExpression e) {
        deny("direct field access (.@" + e.getPropertyAsString() + ")", e);
    }

    @Override
    public void visitMethodPointerExpression(MethodPointerExpression e) {
        deny("a method pointer (.& or ::)", e);
    }

    @Override
    public void visitClassExpression(ClassExpression e) {
        if (!ScriptPolicy.allowedType(e.getType())) deny("'" + e.getType().getNameWithoutPackage() + "'", e);
        else deny("a class as a value ('" + e.getType().getNameWithoutPackage() + "')", e);
    }

    @Override
    public void visitCastExpression(CastExpression e) {
        if (!ScriptPolicy.allowedType(e.getType())) deny("a cast to " + e.getType().getNameWithoutPackage(), e);
        super.visitCastExpression(e);
    }

    @Override
    public void visitBinaryExpression(BinaryExpression e) {
        int op = e.getOperation().getType();
        if (op == Types.LEFT_SQUARE_BRACKET && !ScriptPolicy.container(types.getType(e.getLeftExpression()))) {
            deny("'[…]' on " + describe(types.getType(e.getLeftExpression())), e);
        } else if (op == Types.LEFT_SQUARE_BRACKET && !ScriptPolicy.isMap(types.getType(e.getLeftExpression()))) {
            ClassNode index = types.getType(e.getRightExpression());
            if (index != null && (index.equals(ClassHelper.STRING_TYPE) || index.getName().equals("groovy.lang.GString"))) {
                // list['name'] is the property 'name' of every element, read unchecked
                deny("'[name]' on " + describe(types.getType(e.getLeftExpression())), e);
            } else if (index == null || ClassHelper.isObjectType(index)) {
                e.putNodeMetaData(TypePolicy.INDEX, Boolean.TRUE); // decided when it runs ($getAt)
            }
        }
        // an operator is a method too (plus, getAt, leftShift…): the one the checker chose must be allowed
        MethodNode target = e.getNodeMetaData(StaticTypesMarker.DIRECT_METHOD_CALL_TARGET);
        if (target != null && target.getNodeMetaData(TypePolicy.HELPER) == null) {
            String why = ScriptPolicy.deny(target, script);
            if (why != null) deny("'" + why + "'", e);
        }
        if (e.getOperation().isA(Types.ASSIGNMENT_OPERATOR) && op != Types.ASSIGN
                && e.getLeftExpression() instanceof BinaryExpression sub && sub.getOperation().getType() == Types.LEFT_SQUARE_BRACKET) {
            DslChecker.error(source, "write x[k] = x[k] " + e.getOperation().getText().replace("=", "") + " …: an element is set with ="
                    + " only", e);
        }
        if ((op == Types.KEYWORD_INSTANCEOF || op == Types.COMPARE_NOT_INSTANCEOF) && e.getRightExpression() instanceof ClassExpression c) {
            if (!ScriptPolicy.allowedType(c.getType())) deny("'" + c.getType().getNameWithoutPackage() + "'", c);
            e.getLeftExpression().visit(this);
            return;
        }
        super.visitBinaryExpression(e);
    }

    @Override
    public void visitVariableExpression(VariableExpression e) {
        if (e.getAccessedVariable() instanceof DynamicVariable && !ScriptPolicy.SCRIPT_PROPERTIES.contains(e.getName())) {
            deny("'" + e.getName() + "'", e);
        }
        super.visitVariableExpression(e);
    }

    @Override
    public void visitCatchStatement(CatchStatement s) {
        String type = s.getExceptionType().redirect().getName();
        if (!type.equals("java.lang.Exception") && !type.equals("java.lang.RuntimeException")) {
            DslChecker.error(source, "a recovery script may catch Exception, not " + s.getExceptionType().getNameWithoutPackage()
                    + ": the end of a recovery (done, fail, its timeout) is not there to be caught", s);
        }
        super.visitCatchStatement(s);
    }

    private String describe(ClassNode type) {
        if (type != null && type.redirect() == script.redirect()) return "the script";
        return type == null ? "an unknown value" : "a " + type.getNameWithoutPackage();
    }
}

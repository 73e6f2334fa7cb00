package io.vaxiin.engine;

import groovy.transform.CompilationUnitAware;
import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.ast.ClassCodeVisitorSupport;
import org.codehaus.groovy.ast.ClassHelper;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.DynamicVariable;
import org.codehaus.groovy.ast.FieldNode;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.Parameter;
import org.codehaus.groovy.ast.PropertyNode;
import org.codehaus.groovy.ast.expr.ArgumentListExpression;
import org.codehaus.groovy.ast.expr.AttributeExpression;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.CastExpression;
import org.codehaus.groovy.ast.expr.ClassExpression;
import org.codehaus.groovy.ast.expr.ConstructorCallExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MethodCall;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.MethodPointerExpression;
import org.codehaus.groovy.ast.expr.PropertyExpression;
import org.codehaus.groovy.ast.expr.StaticMethodCallExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.ast.stmt.CatchStatement;
import org.codehaus.groovy.ast.stmt.EmptyStatement;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.syntax.Types;
import org.codehaus.groovy.transform.stc.StaticTypeCheckingSupport;
import org.codehaus.groovy.transform.stc.StaticTypeCheckingVisitor;
import org.codehaus.groovy.transform.stc.StaticTypesMarker;
import org.codehaus.groovy.transform.stc.TypeCheckingExtension;

import java.lang.reflect.Modifier;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Confines a script to the DSL by construction: runs Groovy's static type checker over it (the
 * documented way to sandbox a Groovy DSL), so every call, property and type is resolved at
 * compile time, then checks each resolved member against {@link ScriptPolicy}. What the checker
 * cannot resolve (a method name computed at run time, a property of an unknown object) is an
 * error, not a dynamic call: {@code check} rejects exactly what {@code run} would have to refuse.
 *
 * <p>The extension resolves the DSL's two dynamic parts: {@code params.NAME} (a String) and the
 * helper methods a script takes from its libraries with {@code use}.
 */
final class TypePolicy extends CompilationCustomizer implements CompilationUnitAware {

    private static final String HELPER = "vaxiin.helper";
    /** Marks a call or property on a value of unknown type, compiled into a check at run time. */
    private static final String DYNAMIC = "vaxiin.dynamic";
    /** Marks a call of a library's helper, compiled into {@code $helper} (it lives in another script). */
    private static final String HELPER_CALL = "vaxiin.helper.call";
    /** Marks an arithmetic operator with an operand of unknown type, compiled into {@code $operator}. */
    private static final String OPERATOR = "vaxiin.operator";
    /** Marks x[i] on a list with an index of unknown type, compiled into {@code $getAt}. */
    private static final String INDEX = "vaxiin.index";

    private final Set<String> helpers;
    private CompilationUnit unit;

    /** @param helpers the names of the methods the script's libraries define */
    TypePolicy(Set<String> helpers) {
        super(CompilePhase.INSTRUCTION_SELECTION);
        this.helpers = helpers;
    }

    @Override
    public void setCompilationUnit(CompilationUnit unit) {
        this.unit = unit;
    }

    @Override
    public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
        if (!classNode.isScript()) return;
        // Compiled statically (as @CompileStatic does): the bytecode calls exactly the members that
        // were checked, casts what generics promised, and a closure's calls go where the checker
        // resolved them, whatever its delegate is at run time.
        classNode.putNodeMetaData(org.codehaus.groovy.classgen.asm.WriterControllerFactory.class,
                new org.codehaus.groovy.classgen.asm.sc.StaticTypesWriterControllerFactoryImpl());
        classNode.putNodeMetaData(org.codehaus.groovy.transform.sc.StaticCompilationMetadataKeys.STATIC_COMPILE_NODE, Boolean.TRUE);
        StaticTypeCheckingVisitor visitor = new PolicyVisitor(source, classNode);
        if (unit != null) visitor.setCompilationUnit(unit);
        Extension extension = new Extension(visitor, classNode);
        visitor.addTypeCheckingExtension(extension);
        visitor.initialize();
        visitor.visitClass(classNode);
        visitor.performSecondPass();
        if (source.getErrorCollector().hasErrors()) return;
        new MemberCheck(source, extension, classNode).visitClass(classNode);
        if (source.getErrorCollector().hasErrors()) return;
        new DynamicRewrite(source, extension).visitClass(classNode);
        new org.codehaus.groovy.transform.sc.transformers.StaticCompilationTransformer(source, visitor).visitClass(classNode);
    }

    /** The engine's own method of {@code RecoveryScript} that a rewritten call goes to. */
    private static MethodNode engineMethod(String name) {
        ClassNode base = ClassHelper.make(io.vaxiin.dsl.RecoveryScript.class);
        return base.getMethods(name).get(0);
    }

    /**
     * The type checker, but an operator on a value of unknown type ({@code x + 1} with an untyped
     * {@code x}) is left to Groovy at run time instead of being an error: an operator reaches only
     * arithmetic, comparison and collection methods of the value ({@code x[i]} is checked apart).
     */
    private static final class PolicyVisitor extends org.codehaus.groovy.transform.sc.StaticCompilationVisitor {
        private static final java.util.regex.Pattern NO_MATCHING_METHOD = java.util.regex.Pattern.compile(
                "^Cannot find matching method [\\w.$]+#(\\w+)\\(");
        private static final Set<String> OPERATORS = Set.of("plus", "minus", "multiply", "div", "mod", "remainder",
                "power", "leftShift", "rightShift", "rightShiftUnsigned", "and", "or", "xor", "intdiv");

        PolicyVisitor(SourceUnit source, ClassNode classNode) {
            super(source, classNode);
        }

        @Override
        protected void addStaticTypeError(String message, ASTNode node) {
            java.util.regex.Matcher m = NO_MATCHING_METHOD.matcher(message);
            if (node instanceof BinaryExpression b && m.find() && OPERATORS.contains(m.group(1))
                    && (isObject(getType(b.getLeftExpression())) || isObject(getType(b.getRightExpression())))) {
                // an operator on a value of unknown type: decided when it runs ($operator)
                b.putNodeMetaData(OPERATOR, m.group(1));
                b.putNodeMetaData(StaticTypesMarker.INFERRED_TYPE, ClassHelper.OBJECT_TYPE);
                return;
            }
            super.addStaticTypeError(message, node);
        }

        private static boolean isObject(ClassNode type) {
            return type == null || ClassHelper.isObjectType(type);
        }
    }

    /** Turns each call and property on a value of unknown type into {@code $invoke}/{@code $property}. */
    private static final class DynamicRewrite extends org.codehaus.groovy.ast.ClassCodeExpressionTransformer {
        private final SourceUnit source;
        private final Extension types;

        DynamicRewrite(SourceUnit source, Extension types) {
            this.source = source;
            this.types = types;
        }

        /** A call of the engine's {@code name} on the script, typed as {@code original} was. */
        private Expression engineCall(String name, List<Expression> args, Expression original) {
            MethodCallExpression call = new MethodCallExpression(VariableExpression.THIS_EXPRESSION, name, new ArgumentListExpression(args));
            call.setImplicitThis(true);
            call.setSourcePosition(original);
            MethodNode target = engineMethod(name);
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
            if (e instanceof BinaryExpression b && b.getNodeMetaData(INDEX) != null) {
                return engineCall("$getAt", List.of(transform(b.getLeftExpression()), transform(b.getRightExpression())), b);
            }
            if (e instanceof BinaryExpression b && b.getNodeMetaData(OPERATOR) != null) {
                String name = b.getNodeMetaData(OPERATOR);
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
                    && b.getLeftExpression().getNodeMetaData(DYNAMIC) != null) {
                DslChecker.error(source, "cannot set '" + ((PropertyExpression) b.getLeftExpression()).getPropertyAsString()
                        + "' of a value of unknown type: declare it as a Map (Map m = …)", b);
                return e;
            }
            if (e instanceof MethodCallExpression call && call.getNodeMetaData(DYNAMIC) != null) {
                List<Expression> args = new java.util.ArrayList<>();
                for (Expression a : DslChecker.arguments(call)) args.add(transform(a));
                return engineCall("$invoke", List.of(transform(call.getObjectExpression()), constant(call.getMethodAsString()),
                        array(args), constant(call.isSafe())), call);
            }
            if (e instanceof MethodCallExpression call && call.getNodeMetaData(HELPER_CALL) != null) {
                List<Expression> args = new java.util.ArrayList<>();
                for (Expression a : DslChecker.arguments(call)) args.add(transform(a));
                return engineCall("$helper", List.of(constant(call.getMethodAsString()), array(args)), call);
            }
            if (e instanceof PropertyExpression p && p.getNodeMetaData(DYNAMIC) != null) {
                return engineCall(p.isSpreadSafe() ? "$spread" : "$property", List.of(transform(p.getObjectExpression()),
                        constant(p.getPropertyAsString()), constant(p.isSafe())), p);
            }
            return e.transformExpression(this);
        }
    }

    /** Resolves params.NAME and the libraries' helpers; leaves everything else to the checker. */
    private final class Extension extends TypeCheckingExtension {
        private final ClassNode script;

        Extension(StaticTypeCheckingVisitor visitor, ClassNode script) {
            super(visitor);
            this.script = script;
        }

        @Override
        public boolean handleUnresolvedProperty(PropertyExpression p) {
            ClassNode receiver = getType(p.getObjectExpression());
            if (receiver != null && receiver.redirect().getName().equals("io.vaxiin.dsl.Params") && p.getPropertyAsString() != null) {
                storeType(p, ClassHelper.STRING_TYPE);
                p.putNodeMetaData(DYNAMIC, Boolean.TRUE);
                return true;
            }
            if (receiver != null && (ClassHelper.isObjectType(receiver) || p.isSpreadSafe() && ScriptPolicy.container(receiver))
                    && p.getPropertyAsString() != null && !(p.getObjectExpression() instanceof ClassExpression)) {
                storeType(p, ClassHelper.OBJECT_TYPE);
                p.putNodeMetaData(DYNAMIC, Boolean.TRUE);
                return true;
            }
            return false;
        }

        @Override
        public List<MethodNode> handleMissingMethod(ClassNode receiver, String name, ArgumentListExpression args,
                                                    ClassNode[] argumentTypes, MethodCall call) {
            if (call instanceof MethodCallExpression mce && !mce.isImplicitThis() && ClassHelper.isObjectType(receiver)
                    && !(mce.getObjectExpression() instanceof ClassExpression)) {
                // a value of unknown type (an untyped parameter, a JSON value): checked at run time
                MethodNode dynamic = new MethodNode(name, Modifier.PUBLIC, ClassHelper.OBJECT_TYPE, Parameter.EMPTY_ARRAY,
                        ClassNode.EMPTY_ARRAY, EmptyStatement.INSTANCE);
                dynamic.setDeclaringClass(ClassHelper.OBJECT_TYPE);
                dynamic.putNodeMetaData(DYNAMIC, Boolean.TRUE);
                mce.putNodeMetaData(DYNAMIC, Boolean.TRUE);
                return List.of(dynamic);
            }
            if (call instanceof MethodCallExpression mce && mce.isImplicitThis() && helpers.contains(name)) {
                Parameter[] params = new Parameter[argumentTypes.length];
                for (int i = 0; i < params.length; i++) params[i] = new Parameter(ClassHelper.OBJECT_TYPE, "arg" + i);
                MethodNode helper = new MethodNode(name, Modifier.PUBLIC, ClassHelper.OBJECT_TYPE, params,
                        ClassNode.EMPTY_ARRAY, EmptyStatement.INSTANCE);
                helper.setDeclaringClass(script);
                helper.putNodeMetaData(HELPER, Boolean.TRUE);
                mce.putNodeMetaData(HELPER_CALL, Boolean.TRUE);
                return List.of(helper);
            }
            return Collections.emptyList();
        }
    }

    /** Checks every member the type checker resolved against the policy. */
    private static final class MemberCheck extends ClassCodeVisitorSupport {
        private final SourceUnit source;
        private final Extension types;
        private final ClassNode script;

        MemberCheck(SourceUnit source, Extension types, ClassNode script) {
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
            if (target.getNodeMetaData(HELPER) != null) return;
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
            } else if (call.getNodeMetaData(DYNAMIC) != null) {
                if (ScriptPolicy.deniedEverywhere(name)) deny("'" + name + "'", call);
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
            } else if (e.getNodeMetaData(DYNAMIC) != null) {
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
                    e.putNodeMetaData(INDEX, Boolean.TRUE); // decided when it runs ($getAt)
                }
            }
            // an operator is a method too (plus, getAt, leftShift…): the one the checker chose must be allowed
            MethodNode target = e.getNodeMetaData(StaticTypesMarker.DIRECT_METHOD_CALL_TARGET);
            if (target != null && target.getNodeMetaData(HELPER) == null) {
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
}

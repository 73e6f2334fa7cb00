package io.vaxiin.engine;

import groovy.transform.CompilationUnitAware;
import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.ast.ClassHelper;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.Parameter;
import org.codehaus.groovy.ast.expr.ArgumentListExpression;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.ClassExpression;
import org.codehaus.groovy.ast.expr.MethodCall;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.PropertyExpression;
import org.codehaus.groovy.ast.stmt.EmptyStatement;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.transform.stc.StaticTypeCheckingVisitor;
import org.codehaus.groovy.transform.stc.StaticTypesMarker;
import org.codehaus.groovy.transform.stc.TypeCheckingExtension;

import java.lang.reflect.Modifier;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Confines a script to the DSL by construction: compiles it statically (as {@code @CompileStatic}
 * does, the documented way to sandbox a Groovy DSL), so every call, property and type is resolved
 * at compile time and the bytecode calls exactly what was resolved; {@link MemberCheck} then
 * checks each resolved member against {@link ScriptPolicy}, and {@link DynamicRewrite} turns what
 * only the run can decide (values of unknown type) into checked calls. What cannot be resolved
 * (a method name computed at run time) is an error: {@code check} rejects what {@code run} would
 * have to refuse.
 *
 * <p>The extension resolves the DSL's dynamic parts: {@code params.NAME} (a String), the helper
 * methods a script takes from its libraries with {@code use}, and values of unknown type.
 */
final class TypePolicy extends CompilationCustomizer implements CompilationUnitAware {

    static final String HELPER = "vaxiin.helper";
    /** Marks a call or property on a value of unknown type, compiled into a check at run time. */
    static final String DYNAMIC = "vaxiin.dynamic";
    /** Marks a call of a library's helper, compiled into {@code $helper} (it lives in another script). */
    static final String HELPER_CALL = "vaxiin.helper.call";
    /** Marks an arithmetic operator with an operand of unknown type, compiled into {@code $operator}. */
    static final String OPERATOR = "vaxiin.operator";
    /** Marks x[i] on a list with an index of unknown type, compiled into {@code $getAt}. */
    static final String INDEX = "vaxiin.index";

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
    static MethodNode engineMethod(String name) {
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


}

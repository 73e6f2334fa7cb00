package io.vaxiin.engine;

import org.codehaus.groovy.ast.ClassCodeVisitorSupport;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.expr.ArgumentListExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.ast.stmt.BlockStatement;
import org.codehaus.groovy.ast.stmt.DoWhileStatement;
import org.codehaus.groovy.ast.stmt.ExpressionStatement;
import org.codehaus.groovy.ast.stmt.ForStatement;
import org.codehaus.groovy.ast.stmt.Statement;
import org.codehaus.groovy.ast.stmt.WhileStatement;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;

import java.util.ArrayList;
import java.util.List;

/**
 * Puts a {@code $checkpoint()} at the start of every loop body, closure and method of a script,
 * so a script that loops or recurses without calling a word still stops when the recovery's
 * timeout passes or the run is interrupted (Groovy's {@code @ThreadInterrupt} does the same with
 * a thread check; this one also knows the recovery's deadline).
 */
final class Checkpoints extends CompilationCustomizer {

    Checkpoints() {
        super(CompilePhase.CANONICALIZATION);
    }

    @Override
    public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
        if (!classNode.isScript()) return;
        new ClassCodeVisitorSupport() {
            @Override protected SourceUnit getSourceUnit() { return source; }

            @Override
            public void visitMethod(MethodNode node) {
                super.visitMethod(node);
                if (node.getLineNumber() > 0 && node.getCode() != null && !node.isAbstract()) node.setCode(guarded(node.getCode()));
            }

            @Override
            public void visitClosureExpression(ClosureExpression e) {
                super.visitClosureExpression(e);
                e.setCode(guarded(e.getCode()));
            }

            @Override
            public void visitWhileLoop(WhileStatement loop) {
                super.visitWhileLoop(loop);
                loop.setLoopBlock(guarded(loop.getLoopBlock()));
            }

            @Override
            public void visitDoWhileLoop(DoWhileStatement loop) {
                super.visitDoWhileLoop(loop);
                loop.setLoopBlock(guarded(loop.getLoopBlock()));
            }

            @Override
            public void visitForLoop(ForStatement loop) {
                super.visitForLoop(loop);
                loop.setLoopBlock(guarded(loop.getLoopBlock()));
            }
        }.visitClass(classNode);
    }

    private static Statement guarded(Statement body) {
        MethodCallExpression check = new MethodCallExpression(VariableExpression.THIS_EXPRESSION, "$checkpoint",
                ArgumentListExpression.EMPTY_ARGUMENTS);
        check.setImplicitThis(true);
        check.setSourcePosition(body);
        ExpressionStatement first = new ExpressionStatement(check);
        first.setSourcePosition(body);
        List<Statement> statements = new ArrayList<>();
        statements.add(first);
        if (body instanceof BlockStatement b) {
            statements.addAll(b.getStatements());
            BlockStatement block = new BlockStatement(statements, b.getVariableScope());
            block.setSourcePosition(b);
            return block;
        }
        statements.add(body);
        BlockStatement block = new BlockStatement(statements, new org.codehaus.groovy.ast.VariableScope());
        block.setSourcePosition(body);
        return block;
    }
}

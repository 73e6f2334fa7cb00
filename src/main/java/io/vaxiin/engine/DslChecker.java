package io.vaxiin.engine;

import io.vaxiin.connector.Boot;
import io.vaxiin.connector.KeyCombo;
import io.vaxiin.connector.Power;
import io.vaxiin.dsl.DurationExtension;
import io.vaxiin.dsl.MatchOptions;
import io.vaxiin.dsl.RecoveryScript;
import io.vaxiin.vision.Images;
import io.vaxiin.vision.UnreadableImageException;
import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.ast.ClassCodeVisitorSupport;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.DynamicVariable;
import org.codehaus.groovy.ast.ImportNode;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.ModuleNode;
import org.codehaus.groovy.ast.Parameter;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.BitwiseNegationExpression;
import org.codehaus.groovy.ast.expr.ClassExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.ConstructorCallExpression;
import org.codehaus.groovy.ast.expr.DeclarationExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.ListExpression;
import org.codehaus.groovy.ast.expr.MapEntryExpression;
import org.codehaus.groovy.ast.expr.MapExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.PropertyExpression;
import org.codehaus.groovy.ast.expr.StaticMethodCallExpression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.ast.expr.UnaryMinusExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.ast.stmt.ForStatement;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;
import org.codehaus.groovy.syntax.Types;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Finds what would go wrong at 3 a.m. while a script is still only text: words the DSL does not
 * have, regular expressions that do not compile, durations that are not durations, keys no
 * keyboard has, power and boot words the engine does not know, {@code use} of a library file
 * that is not there, {@code matches} of a needle file that is not there (relative to the
 * script's folder) or is not an image, or with options out of range, and calls outside what a script may do (processes, files, reflection).
 * Every finding is added with {@code addErrorAndContinue}, so {@code check} reports all at once.
 *
 * <p>These checks give a script's author a friendly sentence for the usual mistakes; the
 * confinement itself is {@link Confinement} (no annotations, no classes) and {@link TypePolicy}
 * (every member resolved and allowed), which run before and after this.
 */
final class DslChecker extends CompilationCustomizer {

    /** Methods a script may call on itself: the DSL's words and a few Groovy basics. */
    static final Set<String> METHOD_WORDS;
    /** Properties a script may read on itself. */
    static final Set<String> PROPERTY_WORDS = Set.of("screen", "serial", "http", "server", "params", "this", "super");
    private static final Set<String> DENIED_TYPES = Set.of(
            "java.lang.System", "java.lang.Runtime", "java.lang.ProcessBuilder", "java.lang.Process", "java.lang.Thread",
            "java.lang.ClassLoader", "java.lang.Class", "java.io.File", "java.io.FileInputStream", "java.io.FileOutputStream",
            "java.io.FileReader", "java.io.FileWriter", "java.nio.file.Files", "java.nio.file.Paths", "java.nio.file.Path",
            "groovy.lang.GroovyShell", "groovy.lang.GroovyClassLoader", "groovy.util.Eval", "java.net.Socket",
            "java.net.URL", "java.lang.invoke.MethodHandles");
    private static final Set<String> DENIED_METHODS = Set.of("execute", "exit", "halt", "getClass", "forName",
            "evaluate", "getMetaClass", "setMetaClass", "invokeMethod", "setProperty", "getBinding", "setBinding", "run");
    private static final List<String> ALLOWED_IMPORTS = List.of("java.time.", "java.util.", "java.math.", "java.text.",
            "io.vaxiin.dsl.", "groovy.json.", "groovy.transform.");

    static {
        Set<String> words = new TreeSet<>(List.of("println", "print", "printf", "sprintf"));
        for (Method m : RecoveryScript.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && !m.getName().startsWith("get") && !m.getName().equals("$bind")
                    && !m.getName().equals("$sourceName")) {
                words.add(m.getName());
            }
        }
        METHOD_WORDS = Set.copyOf(words);
    }

    private final LibraryPath libraries;
    private final Path scriptDir;
    private final java.util.Map<Path, Set<String>> helperCache;
    private final Set<String> callableOut;

    /**
     * @param helperCache the helper names of library files already parsed, shared by the
     *                    compiles of one {@link ScriptCompiler} (a library is parsed once)
     * @param callableOut receives the names of the methods the script and its libraries define
     */
    DslChecker(LibraryPath libraries, Path scriptDir, java.util.Map<Path, Set<String>> helperCache, Set<String> callableOut,
               java.util.concurrent.atomic.AtomicReference<java.time.Duration> timeoutOut, Set<String> knownHelpers) {
        super(CompilePhase.CANONICALIZATION);
        this.knownHelpers = knownHelpers;
        this.libraries = libraries;
        this.scriptDir = scriptDir;
        this.helperCache = helperCache;
        this.callableOut = callableOut;
        this.timeoutOut = timeoutOut;
    }

    private final java.util.concurrent.atomic.AtomicReference<java.time.Duration> timeoutOut;
    /** Helpers defined before this compile (by earlier REPL snippets): callable as the script's own. */
    private final Set<String> knownHelpers;

    @Override
    public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
        ModuleNode module = classNode.getModule();
        if (classNode == module.getClasses().get(0)) checkImports(source, module);
        Set<String> callable = new HashSet<>(knownHelpers);
        Set<String> variables = new HashSet<>();
        for (ClassNode c : module.getClasses()) {
            for (MethodNode m : c.getMethods()) callable.add(m.getName());
        }
        Collector collector = new Collector(source, callable, variables);
        for (ClassNode c : module.getClasses()) collector.visitClass(c);
        callableOut.addAll(callable);
        new Checker(source, callable, variables).visitClass(classNode);
    }

    private void checkImports(SourceUnit source, ModuleNode module) {
        List<ImportNode> imports = new ArrayList<>(module.getImports());
        imports.addAll(module.getStarImports());
        imports.addAll(module.getStaticImports().values());
        imports.addAll(module.getStaticStarImports().values());
        for (ImportNode i : imports) {
            if (i.getLineNumber() < 1) continue; // the engine's own default imports
            String name = i.getType() != null ? i.getType().getName() : i.getPackageName();
            if (name == null) name = i.getText();
            String n = name;
            if (ALLOWED_IMPORTS.stream().noneMatch(n::startsWith)) {
                error(source, "import of " + n + " is not allowed in a recovery script (allowed: "
                        + String.join(", ", ALLOWED_IMPORTS.stream().map(p -> p + "*").toList()) + ")", i);
            }
        }
    }

    static void error(SourceUnit source, String message, ASTNode node) {
        source.getErrorCollector().addErrorAndContinue(new SyntaxErrorMessage(new SyntaxException(message,
                Math.max(node.getLineNumber(), 1), Math.max(node.getColumnNumber(), 1)), source));
    }

    /** First pass: names the script defines itself (variables, closures, helpers of used libraries). */
    private final class Collector extends ClassCodeVisitorSupport {
        private final SourceUnit source;
        private final Set<String> callable;
        private final Set<String> variables;
        private final Set<Path> seen = new HashSet<>();

        Collector(SourceUnit source, Set<String> callable, Set<String> variables) {
            this.source = source;
            this.callable = callable;
            this.variables = variables;
        }

        @Override protected SourceUnit getSourceUnit() { return source; }

        @Override
        public void visitDeclarationExpression(DeclarationExpression e) {
            if (e.isMultipleAssignmentDeclaration()) {
                for (Expression v : e.getTupleExpression().getExpressions()) {
                    if (v instanceof VariableExpression ve) variables.add(ve.getName());
                }
            } else {
                variables.add(e.getVariableExpression().getName());
            }
            super.visitDeclarationExpression(e);
        }

        @Override
        public void visitBinaryExpression(BinaryExpression e) {
            if (e.getOperation().getType() == Types.ASSIGN && e.getLeftExpression() instanceof VariableExpression v) {
                variables.add(v.getName()); // a binding variable
            }
            super.visitBinaryExpression(e);
        }

        @Override
        public void visitClosureExpression(ClosureExpression e) {
            if (e.getParameters() != null) for (Parameter p : e.getParameters()) variables.add(p.getName());
            super.visitClosureExpression(e);
        }

        @Override
        public void visitForLoop(ForStatement s) {
            variables.add(s.getVariable().getName());
            super.visitForLoop(s);
        }

        @Override
        public void visitMethodCallExpression(MethodCallExpression call) {
            usePath(call).flatMap(path -> libraries.resolve(path, scriptDir)).ifPresent(p -> helpersOf(p, callable));
            super.visitMethodCallExpression(call);
        }

        /** Adds the methods a library file defines (and those of the libraries it uses). */
        private void helpersOf(Path file, Set<String> into) {
            Set<String> cached = helperCache.get(file);
            if (cached != null) {
                into.addAll(cached);
                return;
            }
            Set<String> found = new HashSet<>();
            parseHelpers(file, found);
            helperCache.put(file, Set.copyOf(found));
            into.addAll(found);
        }

        private void parseHelpers(Path file, Set<String> into) {
            if (!seen.add(file)) return;
            try {
                CompilationUnit unit = new CompilationUnit(ScriptCompiler.baseConfiguration());
                SourceUnit lib = unit.addSource(file.toFile());
                unit.compile(CompilePhase.CONVERSION.getPhaseNumber());
                ModuleNode module = lib.getAST();
                for (ClassNode c : module.getClasses()) {
                    for (MethodNode m : c.getMethods()) into.add(m.getName());
                    new ClassCodeVisitorSupport() {
                        @Override protected SourceUnit getSourceUnit() { return lib; }
                        @Override
                        public void visitMethodCallExpression(MethodCallExpression call) {
                            usePath(call).flatMap(path -> libraries.resolve(path, file.getParent()))
                                    .ifPresent(p -> parseHelpers(p, into));
                            super.visitMethodCallExpression(call);
                        }
                    }.visitClass(c);
                }
            } catch (RuntimeException e) {
                // The library's own errors are reported when it is checked or loaded itself.
            }
        }
    }

    /** Second pass: the checks. */
    private final class Checker extends ClassCodeVisitorSupport {
        private final SourceUnit source;
        private final Set<String> callable;
        private final Set<String> variables;

        Checker(SourceUnit source, Set<String> callable, Set<String> variables) {
            this.source = source;
            this.callable = callable;
            this.variables = variables;
        }

        @Override protected SourceUnit getSourceUnit() { return source; }

        @Override
        public void visitMethodCallExpression(MethodCallExpression call) {
            String name = call.getMethodAsString();
            List<Expression> args = arguments(call);
            if (name != null && DENIED_METHODS.contains(name) && !(call.isImplicitThis() && callable.contains(name))) {
                error(source, "'" + name + "' is not allowed in a recovery script: scripts act on servers through the DSL's words", call);
            } else if (name != null && call.isImplicitThis()) {
                if (!METHOD_WORDS.contains(name) && !callable.contains(name) && !variables.contains(name)) {
                    error(source, unknownWord(name), call);
                } else {
                    checkWord(name, args, call);
                }
            }
            super.visitMethodCallExpression(call);
        }

        @Override
        public void visitStaticMethodCallExpression(StaticMethodCallExpression call) {
            checkType(call.getOwnerType(), call);
            super.visitStaticMethodCallExpression(call);
        }

        @Override
        public void visitConstructorCallExpression(ConstructorCallExpression call) {
            checkType(call.getType(), call);
            super.visitConstructorCallExpression(call);
        }

        @Override
        public void visitClassExpression(ClassExpression e) {
            checkType(e.getType(), e);
            super.visitClassExpression(e);
        }

        private void checkType(ClassNode type, ASTNode where) {
            String name = type.getName();
            if (DENIED_TYPES.contains(name) || name.startsWith("java.lang.reflect.")) {
                error(source, "'" + type.getNameWithoutPackage() + "' is not allowed in a recovery script: scripts act on servers through the DSL's words", where);
            }
        }

        @Override
        public void visitVariableExpression(VariableExpression e) {
            if (e.getAccessedVariable() instanceof DynamicVariable && !PROPERTY_WORDS.contains(e.getName())
                    && !variables.contains(e.getName()) && !callable.contains(e.getName())) {
                if (METHOD_WORDS.contains(e.getName())) {
                    error(source, "'" + e.getName() + "' needs what to act on, such as: " + example(e.getName()), e);
                } else if (ScriptCompiler.jdkClass(e.getName())) {
                    error(source, "'" + e.getName() + "' is not available to a recovery script: scripts act on servers through the DSL's words", e);
                } else {
                    error(source, unknownWord(e.getName()), e);
                }
            }
            super.visitVariableExpression(e);
        }

        @Override
        public void visitBinaryExpression(BinaryExpression e) {
            int op = e.getOperation().getType();
            if ((op == Types.FIND_REGEX || op == Types.MATCH_REGEX) && e.getRightExpression() instanceof ConstantExpression c
                    && c.getValue() instanceof String re) {
                checkRegex(re, e.getRightExpression());
            }
            super.visitBinaryExpression(e);
        }

        @Override
        public void visitBitwiseNegationExpression(BitwiseNegationExpression e) {
            if (e.getExpression() instanceof ConstantExpression c && c.getValue() instanceof String re) {
                checkRegex(re, e.getExpression());
            }
            super.visitBitwiseNegationExpression(e);
        }

        @Override
        public void visitPropertyExpression(PropertyExpression e) {
            if (e.getObjectExpression() instanceof ConstantExpression c && c.getValue() instanceof Number n) {
                String unit = e.getPropertyAsString();
                if (unit != null && !DurationExtension.UNITS.contains(unit)) {
                    error(source, "'" + n + "." + unit + "' is not a duration: write " + n + ".seconds, "
                            + n + ".minutes, " + n + ".hours or " + n + ".milliseconds", e);
                }
            }
            super.visitPropertyExpression(e);
        }

        @Override
        public void visitMapEntryExpression(MapEntryExpression e) {
            if (e.getKeyExpression() instanceof ConstantExpression k && "timeout".equals(k.getValue())
                    && e.getValueExpression() instanceof ConstantExpression v && v.getValue() != null) {
                error(source, "timeout: " + v.getText() + " is not a duration: write it as 30.seconds or 10.minutes", e.getValueExpression());
            }
            super.visitMapEntryExpression(e);
        }

        private void checkWord(String name, List<Expression> args, MethodCallExpression call) {
            List<Expression> positional = args.stream().filter(a -> !(a instanceof MapExpression)).toList();
            Expression first = positional.isEmpty() ? null : positional.get(0);
            String constant = first instanceof ConstantExpression c && c.getValue() instanceof String s ? s : null;
            switch (name) {
                case "press" -> {
                    if (constant != null) {
                        try {
                            KeyCombo.parse(constant);
                        } catch (IllegalArgumentException ex) {
                            error(source, "'press' " + ex.getMessage() + (ex.getMessage().startsWith("does not know") ? keyHint() : ""), first);
                        }
                    }
                }
                case "power" -> checkEnum(constant, Power.Action.class, "power", first);
                case "boot" -> checkEnum(constant, Boot.Device.class, "boot", first);
                case "waitFor", "$waitFor" -> {
                    if (constant != null && name.equals("waitFor")) checkRegex(constant, first);
                    for (Expression a : args) {
                        if (!(a instanceof MapExpression map)) continue;
                        for (MapEntryExpression entry : map.getMapEntryExpressions()) {
                            if (entry.getKeyExpression() instanceof ConstantExpression k
                                    && ("serial".equals(k.getValue()) || "screen".equals(k.getValue()))
                                    && entry.getValueExpression() instanceof ConstantExpression v && v.getValue() instanceof String re) {
                                checkRegex(re, v);
                            }
                        }
                    }
                }
                case "sleep", "waitStill" -> {
                    if (first instanceof ConstantExpression c && c.getValue() instanceof Number n) {
                        error(source, "'" + name + " " + n + "' needs a duration: write " + name + " " + n + ".seconds", first);
                    }
                }
                case "recovery" -> {
                    for (Expression a : args) {
                        if (!(a instanceof MapExpression map)) continue;
                        for (MapEntryExpression entry : map.getMapEntryExpressions()) {
                            if (entry.getKeyExpression() instanceof ConstantExpression k && "timeout".equals(k.getValue())
                                    && entry.getValueExpression() instanceof PropertyExpression p
                                    && p.getObjectExpression() instanceof ConstantExpression c && c.getValue() instanceof Number n
                                    && p.getPropertyAsString() != null && DurationExtension.UNITS.contains(p.getPropertyAsString())) {
                                timeoutOut.set(DurationExtension.of(n, p.getPropertyAsString()));
                            }
                        }
                    }
                }
                case "use" -> {
                    if (constant == null) {
                        error(source, "'use' needs a literal path such as 'lib/login'", call);
                    } else if (!LibraryPath.valid(constant)) {
                        error(source, "use '" + constant + "': a library is named lib/NAME (a .groovy file under a lib/ folder,"
                                + " without ..)", call);
                    } else if (libraries.resolve(constant, scriptDir).isEmpty()) {
                        error(source, "use '" + constant + "': no such library file (looked in "
                                + String.join(", ", libraries.roots(scriptDir).stream().map(Path::toString).toList()) + ")", call);
                    }
                }
                case "matches" -> checkMatches(constant, first, args);
                default -> { }
            }
        }

        /** The needle file (relative to the script's folder) and the literal options of {@code matches}. */
        private void checkMatches(String needle, Expression first, List<Expression> args) {
            if (needle != null && !RecoveryScript.needlePath(needle)) {
                error(source, "matches '" + needle + "': a needle is an image beside the script, named by a relative path"
                        + " without .. (needles/login.png)", first);
            } else if (needle != null && scriptDir != null) {
                Path file = scriptDir.resolve(needle);
                if (!Files.isRegularFile(file)) {
                    error(source, "matches '" + needle + "': no such needle file " + file
                            + " (needle paths are relative to the script's folder)", first);
                } else {
                    try {
                        Images.read(file);
                    } catch (UnreadableImageException e) {
                        error(source, "matches '" + needle + "': " + e.getMessage(), first);
                    }
                }
            }
            for (Expression a : args) {
                if (!(a instanceof MapExpression map)) continue;
                for (MapEntryExpression entry : map.getMapEntryExpressions()) {
                    if (!(entry.getKeyExpression() instanceof ConstantExpression k) || !(k.getValue() instanceof String key)) continue;
                    Object value = literal(entry.getValueExpression());
                    try {
                        switch (key) {
                            case "threshold" -> { if (value != NOT_LITERAL) MatchOptions.threshold(value); }
                            case "region" -> { if (value != NOT_LITERAL) MatchOptions.region(value); }
                            case "exclude" -> { if (value != NOT_LITERAL) MatchOptions.exclude(value); }
                            default -> error(source, "matches does not know the option '" + key + "' ("
                                    + String.join(", ", MatchOptions.KEYS) + ")", entry);
                        }
                    } catch (IllegalArgumentException e) {
                        error(source, "matches: " + e.getMessage(), entry.getValueExpression());
                    }
                }
            }
        }

        private <E extends Enum<E>> void checkEnum(String value, Class<E> type, String word, Expression where) {
            if (value == null) return;
            boolean known = Arrays.stream(type.getEnumConstants()).anyMatch(c -> c.name().equalsIgnoreCase(value));
            if (!known) {
                error(source, "'" + word + "' does not know '" + value + "' (" + String.join(", ",
                        Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList()) + ")", where);
            }
        }

        private void checkRegex(String regex, Expression where) {
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException ex) {
                error(source, "/" + regex + "/ is not a valid regular expression: " + ex.getDescription()
                        + (ex.getIndex() >= 0 ? " near index " + ex.getIndex() : ""), where);
            }
        }
    }

    private static String keyHint() {
        return " (keys: F1-F12, Esc, Enter, Tab, Backspace, Delete, Insert, Home, End, PageUp, PageDown, Up, Down, Left, Right, Space, a single character; combine with ctrl-, alt-, shift-, meta-)";
    }

    private static String example(String word) {
        return switch (word) {
            case "type" -> "type 'y'";
            case "press" -> "press 'F1'";
            case "power" -> "power 'cycle'";
            case "boot" -> "boot 'pxe'";
            case "done" -> "done 'booted'";
            case "fail" -> "fail 'disk is gone'";
            case "log" -> "log 'text'";
            default -> word + " ARG";
        };
    }

    private static String unknownWord(String name) {
        String best = null;
        int bestDistance = 3;
        for (String w : RecoveryScript.WORDS) {
            int d = distance(name.toLowerCase(Locale.ROOT), w.toLowerCase(Locale.ROOT));
            if (d < bestDistance) { bestDistance = d; best = w; }
        }
        return "'" + name + "' is not a word of the DSL" + (best == null ? "" : "; did you mean '" + best + "'?");
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev; prev = cur; cur = t;
        }
        return prev[b.length()];
    }

    /** The path of a {@code use 'lib/x'} call with a literal path, else empty. */
    static java.util.Optional<String> usePath(MethodCallExpression call) {
        if (call.isImplicitThis() && "use".equals(call.getMethodAsString()) && arguments(call).size() == 1
                && arguments(call).get(0) instanceof ConstantExpression c && c.getValue() instanceof String path) {
            return java.util.Optional.of(path);
        }
        return java.util.Optional.empty();
    }

    private static final Object NOT_LITERAL = new Object();

    /** The value of a literal (numbers, strings, lists of literals), or NOT_LITERAL. */
    private static Object literal(Expression e) {
        if (e instanceof ConstantExpression c) return c.getValue();
        if (e instanceof UnaryMinusExpression m && m.getExpression() instanceof ConstantExpression c && c.getValue() instanceof Number n) {
            return n instanceof Integer i ? (Object) (-i) : (Object) (-n.doubleValue());
        }
        if (e instanceof ListExpression list) {
            List<Object> values = new ArrayList<>();
            for (Expression item : list.getExpressions()) {
                Object v = literal(item);
                if (v == NOT_LITERAL) return NOT_LITERAL;
                values.add(v);
            }
            return values;
        }
        return NOT_LITERAL;
    }

    static List<Expression> arguments(MethodCallExpression call) {
        if (call.getArguments() instanceof TupleExpression t) return t.getExpressions();
        return List.of(call.getArguments());
    }
}

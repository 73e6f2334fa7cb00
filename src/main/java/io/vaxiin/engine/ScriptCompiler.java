package io.vaxiin.engine;

import groovy.lang.GroovyClassLoader;
import groovy.lang.GroovyCodeSource;
import io.vaxiin.dsl.RecoveryScript;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.customizers.ImportCustomizer;
import org.codehaus.groovy.control.messages.ExceptionMessage;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SimpleMessage;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles recovery scripts: the script base class ({@link RecoveryScript}), the imports every
 * script gets, the rule transform and the checks. Owns the {@link CompilerConfiguration}; nothing
 * else in Vaxiin compiles Groovy.
 */
public final class ScriptCompiler {

    private final LibraryPath libraries;
    private final java.util.Map<Path, java.util.Set<String>> helperCache = new java.util.concurrent.ConcurrentHashMap<>();
    /** Each file's last compiled text and class: a library a thousand probes use is compiled once, again only when it changed. */
    private final java.util.Map<Path, Compiled> compiledFiles = new java.util.concurrent.ConcurrentHashMap<>();

    private record Compiled(String name, String text, CompiledScript script) {}

    public ScriptCompiler(LibraryPath libraries) {
        this.libraries = libraries;
    }

    public LibraryPath libraries() {
        return libraries;
    }

    /**
     * Reads and compiles a script file; the file name is what messages show. A file whose text
     * has not changed since this compiler last compiled it gives the same compiled script.
     */
    public CompiledScript compile(Path file) throws ScriptErrors {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            throw new ScriptErrors(List.of(new ScriptError(file.toString(), 0, 0, "is not UTF-8 text")), e);
        } catch (IOException e) {
            throw new ScriptErrors(List.of(new ScriptError(file.toString(), 0, 0, "cannot be read: " + e.getMessage())), e);
        }
        Path dir = file.toAbsolutePath().getParent();
        Path key = file.toAbsolutePath().normalize();
        Compiled known = compiledFiles.get(key);
        if (known != null && known.text().equals(text) && known.name().equals(file.toString())) return known.script();
        CompiledScript script = compile(file.toString(), text, dir);
        compiledFiles.put(key, new Compiled(file.toString(), text, script));
        return script;
    }

    /**
     * Compiles script text.
     *
     * @param name the name messages show (a file name)
     * @param dir  the folder libraries and needles are resolved from
     */
    public CompiledScript compile(String name, String text, Path dir) throws ScriptErrors {
        return compile(name, text, dir, null);
    }

    /**
     * Compiles a snippet typed in the REPL: checked and confined as a script is, and able to use
     * the variables and helper methods of the snippets before it (see {@link SnippetTransform}).
     *
     * @param variables the variables kept so far, with the type each is declared with
     * @param helpers   the names of the helper methods defined so far (by earlier snippets or {@code use})
     */
    public CompiledScript compileSnippet(String name, String text, Path dir, java.util.Map<String, Class<?>> variables,
                                         java.util.Set<String> helpers) throws ScriptErrors {
        return compile(name, text, dir, new Snippet(variables, helpers));
    }

    /** What a REPL snippet may see of the snippets before it. */
    private record Snippet(java.util.Map<String, Class<?>> variables, java.util.Set<String> helpers) {}

    @SuppressWarnings("unchecked")
    private CompiledScript compile(String name, String text, Path dir, Snippet snippet) throws ScriptErrors {
        String displayName = Path.of(name).getFileName().toString();
        if (text.length() > MAX_CHARS) {
            throw new ScriptErrors(List.of(new ScriptError(name, 1, 1, "is " + text.length() / 1024 + " KB long; a recovery script"
                    + " is at most " + MAX_CHARS / 1024 + " KB (split it into lib/ files)")), null);
        }
        if (text.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?m)^\\s*(//|#!).*$", "").isBlank()) {
            throw new ScriptErrors(List.of(new ScriptError(name, 1, 1, "the script is empty: write at least one rule"
                    + " (when screen =~ /…/ then …) or step")), null);
        }
        java.util.concurrent.atomic.AtomicReference<java.time.Duration> timeout = new java.util.concurrent.atomic.AtomicReference<>();
        List<Boolean> actions = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompilerConfiguration config = configuration(dir, timeout, snippet, actions);
        try (GroovyClassLoader loader = new ScriptLoader(config)) {
            loader.setResourceLoader(filename -> null); // a script cannot pull other .groovy files in by naming a class
            GroovyCodeSource code = new GroovyCodeSource(text, CLASS_PREFIX + displayName, "/groovy/script");
            code.setCachable(false);
            Class<?> type = loader.parseClass(code, false);
            return new CompiledScript(displayName, dir, (Class<? extends RecoveryScript>) type, timeout.get(), List.copyOf(actions));
        } catch (MultipleCompilationErrorsException e) {
            throw new ScriptErrors(errors(name, e), e);
        } catch (IOException e) {
            throw new ScriptErrors(List.of(new ScriptError(name, 0, 0, e.getMessage())), e);
        } catch (StackOverflowError e) {
            throw new ScriptErrors(List.of(new ScriptError(name, 1, 1, "is nested too deeply to compile")), e);
        } catch (OutOfMemoryError e) {
            throw new ScriptErrors(List.of(new ScriptError(name, 1, 1, "is too large to compile")), e);
        } catch (LinkageError | RuntimeException | AssertionError e) {
            // Whatever else Groovy's compiler throws is still an answer about this script, not a crash.
            String why = e instanceof org.codehaus.groovy.control.CompilationFailedException
                    ? "cannot be parsed: an expression is nested too deeply or is too long"
                    : "cannot be compiled (" + firstLine(String.valueOf(e.getMessage())) + ")";
            throw new ScriptErrors(List.of(new ScriptError(name, 1, 1, why)), e);
        }
    }

    /**
     * Compiles a script in the {@link ScriptClassLoader}, with Groovy's own transforms (the base
     * script class's) loaded from the engine: the script's loader could not see them.
     */
    private static final class ScriptLoader extends GroovyClassLoader {
        ScriptLoader(CompilerConfiguration config) {
            super(new ScriptClassLoader(ScriptCompiler.class.getClassLoader()), config);
        }

        @Override
        protected org.codehaus.groovy.control.CompilationUnit createCompilationUnit(CompilerConfiguration config,
                                                                                  java.security.CodeSource source) {
            GroovyClassLoader transforms = new GroovyClassLoader(ScriptCompiler.class.getClassLoader(), config);
            return new org.codehaus.groovy.control.CompilationUnit(config, source, this, transforms);
        }
    }

    /** The longest script compiled: a recovery is a page or two; a huge file only makes the compiler slow. */
    static final int MAX_CHARS = 64 * 1024;

    /**
     * What the name Groovy compiles a script under starts with: Groovy names a script's class after
     * its file, and a class named {@code serial} (serial.groovy) would be what {@code serial},
     * {@code screen} or {@code params} in the script mean (and int.groovy no class at all). Stack
     * traces name the file with it; {@link #fileOf} takes it off.
     */
    static final String CLASS_PREFIX = "vaxiin_";

    /** The script's file name from the one its class was compiled under (a stack trace's file name). */
    static String fileOf(String compiledName) {
        return compiledName != null && compiledName.startsWith(CLASS_PREFIX) ? compiledName.substring(CLASS_PREFIX.length()) : compiledName;
    }

    private CompilerConfiguration configuration(Path dir, java.util.concurrent.atomic.AtomicReference<java.time.Duration> timeout,
                                                Snippet snippet, List<Boolean> actions) {
        CompilerConfiguration config = baseConfiguration();
        config.setScriptBaseClass(RecoveryScript.class.getName());
        ImportCustomizer imports = new ImportCustomizer();
        imports.addImports("java.time.Duration", "java.util.regex.Pattern");
        java.util.Set<String> helpers = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.Set<String> known = snippet == null ? java.util.Set.of() : snippet.helpers();
        helpers.addAll(known);
        config.addCompilationCustomizers(imports, new Confinement(), new RuleTransform(actions));
        if (snippet != null) config.addCompilationCustomizers(new SnippetTransform(snippet.variables()));
        config.addCompilationCustomizers(new DslChecker(libraries, dir, helperCache, helpers, timeout, known),
                new Checkpoints(), new TypePolicy(helpers));
        return config;
    }

    /**
     * The configuration every parse of a script starts from: UTF-8, and none of the global AST
     * transforms found on the class path (such as {@code @Grab}'s), which would otherwise run
     * while a script is only being checked.
     */
    static CompilerConfiguration baseConfiguration() {
        CompilerConfiguration config = new CompilerConfiguration();
        config.setSourceEncoding("UTF-8");
        config.setDisabledGlobalASTTransformations(GLOBAL_TRANSFORMS);
        return config;
    }

    private static final java.util.Set<String> GLOBAL_TRANSFORMS = globalTransforms();

    /** The class names of every global AST transform registered on Vaxiin's class path. */
    private static java.util.Set<String> globalTransforms() {
        java.util.Set<String> names = new java.util.HashSet<>();
        try {
            java.util.Enumeration<java.net.URL> files = ScriptCompiler.class.getClassLoader()
                    .getResources("META-INF/services/org.codehaus.groovy.transform.ASTTransformation");
            while (files.hasMoreElements()) {
                try (java.io.InputStream in = files.nextElement().openStream()) {
                    for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                        String n = line.replaceFirst("#.*", "").strip();
                        if (!n.isEmpty()) names.add(n);
                    }
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot list Groovy's global transforms", e);
        }
        names.add("groovy.grape.GrabAnnotationTransformation");
        return java.util.Set.copyOf(names);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static List<ScriptError> errors(String name, MultipleCompilationErrorsException e) {
        List<ScriptError> out = new ArrayList<>();
        for (Message m : e.getErrorCollector().getErrors()) {
            if (m instanceof SyntaxErrorMessage sm) {
                SyntaxException se = sm.getCause();
                out.add(new ScriptError(name, se.getLine(), se.getStartColumn(), clean(se.getOriginalMessage())));
            } else if (m instanceof ExceptionMessage em) {
                out.add(new ScriptError(name, 0, 0, String.valueOf(em.getCause().getMessage())));
            } else if (m instanceof SimpleMessage simple) {
                out.add(new ScriptError(name, 0, 0, simple.getMessage()));
            }
        }
        out.sort((a, b) -> a.line() != b.line() ? Integer.compare(a.line(), b.line()) : Integer.compare(a.column(), b.column()));
        return out;
    }

    private static String clean(String message) {
        String m = message.replaceAll("\\s+", " ").strip().replaceFirst("^\\[Static type checking\\] - ", "");
        java.util.regex.Matcher unresolved = java.util.regex.Pattern.compile("^unable to resolve class ([\\w.$]+)").matcher(m);
        if (unresolved.find()) {
            String type = unresolved.group(1);
            String simple = type.substring(type.lastIndexOf('.') + 1);
            boolean exists = classExists(type) || jdkClass(type);
            return exists ? "'" + simple + "' is not available to a recovery script: scripts act on servers through the DSL's words"
                    : "there is no class '" + type + "' (a recovery script uses the DSL's words, strings, numbers, lists, maps, durations and regular expressions)";
        }
        return m;
    }

    /** True when {@code simpleName} is a class of a package Groovy imports by default (java.lang, java.io, java.net, java.util). */
    static boolean jdkClass(String simpleName) {
        if (simpleName.isEmpty() || !Character.isUpperCase(simpleName.charAt(0))) return false;
        for (String p : List.of("java.lang.", "java.io.", "java.net.", "java.util.", "java.nio.file.", "java.util.concurrent.")) {
            if (classExists(p + simpleName)) return true;
        }
        return false;
    }

    private static boolean classExists(String name) {
        try {
            Class.forName(name, false, ScriptCompiler.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}

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

    public ScriptCompiler(LibraryPath libraries) {
        this.libraries = libraries;
    }

    public LibraryPath libraries() {
        return libraries;
    }

    /** Reads and compiles a script file; the file name is what messages show. */
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
        return compile(file.toString(), text, dir);
    }

    /**
     * Compiles script text.
     *
     * @param name the name messages show (a file name)
     * @param dir  the folder libraries and needles are resolved from
     */
    @SuppressWarnings("unchecked")
    public CompiledScript compile(String name, String text, Path dir) throws ScriptErrors {
        CompilerConfiguration config = configuration(dir);
        String displayName = Path.of(name).getFileName().toString();
        try (GroovyClassLoader loader = new GroovyClassLoader(ScriptCompiler.class.getClassLoader(), config)) {
            GroovyCodeSource code = new GroovyCodeSource(text, displayName, "/groovy/script");
            code.setCachable(false);
            Class<?> type = loader.parseClass(code, false);
            return new CompiledScript(displayName, dir, (Class<? extends RecoveryScript>) type);
        } catch (MultipleCompilationErrorsException e) {
            throw new ScriptErrors(errors(name, e), e);
        } catch (IOException e) {
            throw new ScriptErrors(List.of(new ScriptError(name, 0, 0, e.getMessage())), e);
        }
    }

    private CompilerConfiguration configuration(Path dir) {
        CompilerConfiguration config = new CompilerConfiguration();
        config.setScriptBaseClass(RecoveryScript.class.getName());
        config.setSourceEncoding("UTF-8");
        ImportCustomizer imports = new ImportCustomizer();
        imports.addImports("java.time.Duration", "java.util.regex.Pattern");
        config.addCompilationCustomizers(imports, new RuleTransform(), new DslChecker(libraries, dir, helperCache));
        return config;
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
        return message.replaceAll("\\s+", " ").strip();
    }
}

package io.vaxiin.engine;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;

/**
 * The class loader recovery scripts are compiled and run in: the second layer of confinement,
 * after the compile-time policy ({@link TypePolicy}). It shows a script the JDK's value types,
 * the Groovy runtime its compiled code needs and the DSL's public classes, and nothing else: no
 * class of Vaxiin's engine, connectors or inventory, no processes, threads, files, sockets,
 * reflection or class loaders, and no resources but the extension-method modules (so no
 * service file can bring in a compiler extension). A name the policy let through by mistake still cannot be loaded by a script.
 */
final class ScriptClassLoader extends ClassLoader {

    private static final List<String> VISIBLE = List.of("java.lang.", "java.util.", "java.time.", "java.math.",
            "java.text.", "groovy.lang.", "groovy.json.JsonOutput", "groovy.json.JsonSlurper", "groovy.json.internal.",
            "groovy.transform.Generated", "groovy.transform.Internal", "org.codehaus.groovy.runtime.",
            "org.codehaus.groovy.reflection.", "org.codehaus.groovy.vmplugin.", "org.apache.groovy.",
            "io.vaxiin.dsl.",
            // the JVM defines fast reflection accessors (after a closure's 15th call) against this loader
            "jdk.internal.reflect.");
    private static final List<String> HIDDEN = List.of("java.lang.reflect.", "java.lang.Process", "java.lang.Runtime",
            "java.lang.System", "java.lang.Thread", "java.lang.ClassLoader", "java.lang.Module", "java.lang.ModuleLayer",
            "java.lang.StackWalker", "java.lang.SecurityManager", "java.lang.instrument.", "java.lang.management.",
            "java.lang.ref.Cleaner", "java.lang.InheritableThreadLocal",
            "java.util.concurrent.", "java.util.ServiceLoader", "java.util.prefs.", "java.util.logging.", "java.util.jar.",
            "java.util.zip.", "java.util.spi.", "java.util.Timer", "java.util.Scanner", "java.util.Formatter",
            "java.util.Properties", "java.util.ResourceBundle", "java.util.stream.",
            "groovy.lang.GroovyShell", "groovy.lang.GroovyClassLoader", "groovy.lang.GroovySystem",
            "groovy.lang.ExpandoMetaClass", "groovy.lang.MetaClassRegistry", "groovy.lang.Grab", "groovy.lang.Grapes",
            "groovy.lang.GroovyCodeSource", "groovy.lang.Script",
            "org.codehaus.groovy.runtime.ProcessGroovyMethods", "org.codehaus.groovy.runtime.IOGroovyMethods",
            "org.codehaus.groovy.runtime.ResourceGroovyMethods", "org.codehaus.groovy.runtime.SocketGroovyMethods",
            "org.codehaus.groovy.runtime.XmlGroovyMethods", "org.codehaus.groovy.runtime.SqlGroovyMethods",
            "org.codehaus.groovy.runtime.ProxyGeneratorAdapter", "org.apache.groovy.nio.", "org.apache.groovy.io.",
            "io.vaxiin.dsl.Session", "io.vaxiin.dsl.Reactor", "io.vaxiin.dsl.Changes", "io.vaxiin.dsl.RunLog",
            "io.vaxiin.dsl.Rule", "io.vaxiin.dsl.Redactor");
    /**
     * Loaded by the Groovy runtime through the script's loader; the script's own code cannot name
     * them (policy). Serializable is the type the checker infers for a variable that held a
     * string and then a number ({@code n = 'a'; n = 5}): the compiled code casts to it.
     */
    private static final Set<String> RUNTIME_NEEDS = Set.of("groovy.lang.Script", "java.io.Serializable");

    ScriptClassLoader(ClassLoader engine) {
        super("vaxiin-scripts", engine);
    }

    /** True when a script may see the class {@code name}. */
    static boolean visible(String name) {
        if (RUNTIME_NEEDS.contains(name)) return true;
        String n = name.startsWith("[") ? name.replaceFirst("^\\[+L?", "").replace(";", "") : name;
        if (n.length() <= 1) return true; // a primitive array
        return VISIBLE.stream().anyMatch(n::startsWith) && HIDDEN.stream().noneMatch(n::startsWith);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!visible(name)) throw new ClassNotFoundException(name + " is not available to recovery scripts");
        return super.loadClass(name, resolve);
    }

    /** The one resource scripts' compiles read: the extension-method modules (Groovy's and the DSL's durations). */
    private static final String EXTENSION_MODULES = "META-INF/groovy/org.codehaus.groovy.runtime.ExtensionModule";

    @Override
    public URL getResource(String name) {
        return EXTENSION_MODULES.equals(name) ? super.getResource(name) : null;
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return EXTENSION_MODULES.equals(name) ? super.getResources(name) : Collections.emptyEnumeration();
    }
}

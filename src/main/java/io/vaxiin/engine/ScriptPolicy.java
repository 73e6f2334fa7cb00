package io.vaxiin.engine;

import org.codehaus.groovy.ast.ClassHelper;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.transform.stc.ExtensionMethodNode;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a recovery script may touch, as types and members (not as names): the DSL's classes, the
 * JDK's value types (strings, numbers, collections, regular expressions, time), Groovy's
 * collection and string methods, and JSON. {@link TypePolicy} asks this class about every call,
 * property and type the static type checker resolved in a script. Everything not listed is out
 * of reach: processes, threads, files, sockets, the environment, {@code System}, class loaders,
 * reflection, metaclasses, and Vaxiin's own engine.
 */
final class ScriptPolicy {

    /** Types whose public members a script may use, but for the members listed in {@link #DENIED_MEMBERS}. */
    private static final Set<String> TYPES = Set.of(
            "java.lang.Object", "java.lang.String", "java.lang.CharSequence", "java.lang.StringBuilder",
            "java.lang.Math", "java.lang.Number", "java.lang.Integer", "java.lang.Long", "java.lang.Short",
            "java.lang.Byte", "java.lang.Double", "java.lang.Float", "java.lang.Boolean", "java.lang.Character",
            "java.lang.Comparable", "java.lang.Iterable", "java.lang.Exception", "java.lang.RuntimeException",
            "java.lang.Throwable",
            "java.util.List", "java.util.ArrayList", "java.util.LinkedList", "java.util.Map", "java.util.HashMap",
            "java.util.LinkedHashMap", "java.util.TreeMap", "java.util.SortedMap", "java.util.NavigableMap",
            "java.util.Map$Entry", "java.util.Set", "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet",
            "java.util.SortedSet", "java.util.NavigableSet", "java.util.Collection", "java.util.Collections",
            "java.util.Arrays", "java.util.Iterator", "java.util.ListIterator", "java.util.Optional", "java.util.Objects",
            "java.util.UUID", "java.util.Random", "java.util.StringJoiner", "java.util.Comparator", "java.util.Locale",
            "java.util.Deque", "java.util.ArrayDeque", "java.util.Queue", "java.util.Date", "java.util.Base64",
            "java.util.Base64$Encoder", "java.util.Base64$Decoder", "java.util.AbstractMap", "java.util.AbstractList",
            "java.util.AbstractCollection", "java.util.regex.Pattern", "java.util.regex.Matcher",
            "java.util.regex.MatchResult",
            "java.time.Duration", "java.time.Instant", "java.time.LocalDate", "java.time.LocalTime",
            "java.time.LocalDateTime", "java.time.ZonedDateTime", "java.time.OffsetDateTime", "java.time.ZoneId",
            "java.time.ZoneOffset", "java.time.DayOfWeek", "java.time.Month", "java.time.Period",
            "java.time.format.DateTimeFormatter", "java.time.temporal.ChronoUnit", "java.time.temporal.Temporal",
            "java.time.temporal.TemporalAmount", "java.time.temporal.TemporalUnit", "java.time.temporal.TemporalAccessor",
            "java.time.chrono.ChronoLocalDateTime", "java.time.chrono.ChronoZonedDateTime", "java.time.chrono.ChronoLocalDate",
            "java.math.BigDecimal", "java.math.BigInteger", "java.math.RoundingMode", "java.math.MathContext",
            "java.text.SimpleDateFormat", "java.text.DecimalFormat", "java.text.NumberFormat", "java.text.MessageFormat",
            "java.text.Format", "java.text.DateFormat",
            "groovy.lang.Closure", "groovy.lang.GString", "groovy.lang.Range", "groovy.lang.IntRange",
            "groovy.lang.ObjectRange", "groovy.lang.EmptyRange", "groovy.lang.Tuple", "groovy.lang.Tuple2",
            "groovy.json.JsonOutput", "groovy.json.JsonSlurper", "org.codehaus.groovy.runtime.GStringImpl",
            "io.vaxiin.dsl.RecoveryScript", "io.vaxiin.dsl.Screen", "io.vaxiin.dsl.Params", "io.vaxiin.dsl.Http",
            "io.vaxiin.dsl.Http$Result", "io.vaxiin.dsl.ServerFacts", "io.vaxiin.dsl.SerialText", "io.vaxiin.dsl.Server");

    /** Where Groovy's extension methods come from that a script may call (with the exceptions below). */
    private static final Set<String> EXTENSION_ORIGINS = Set.of("org.codehaus.groovy.runtime.DefaultGroovyMethods",
            "org.codehaus.groovy.runtime.StringGroovyMethods", "org.codehaus.groovy.runtime.EncodingGroovyMethods",
            "org.codehaus.groovy.runtime.DefaultGroovyStaticMethods", "io.vaxiin.dsl.DurationExtension");

    /** Extension methods that reach the metaclass, the process or the outside world. */
    private static final Set<String> DENIED_EXTENSIONS = Set.of("invokeMethod", "getMetaClass", "setMetaClass",
            "metaClass", "getProperties", "getMetaPropertyValues", "hasProperty", "respondsTo", "mixin", "use", "dump",
            "print", "println", "printf", "sleep", "addShutdownHook", "toURL", "toURI", "getLastMatcher", "start",
            "startDaemon", "asType", "withTraits", "execute", "getLocation", "setIndex", "getClass",
            "eachFileRecurse", "parallelStream", "stream", "getText", "newInstance", "asImmutable", "asSynchronized",
            "asUnmodifiable", "getAt", "putAt");
    /** Extension methods of {@link #DENIED_EXTENSIONS} that are fine on a collection, a map, a string or an array. */
    private static final Set<String> CONTAINER_EXTENSIONS = Set.of("getAt", "putAt", "asImmutable", "asUnmodifiable",
            "asSynchronized", "stream");

    /** Members of allowed types that still reach too far. */
    private static final Map<String, Set<String>> DENIED_MEMBERS = Map.of(
            "java.lang.Object", Set.of("getClass", "wait", "notify", "notifyAll", "finalize", "clone"),
            "java.lang.Integer", Set.of("getInteger"),
            "java.lang.Throwable", Set.of("getCause", "getStackTrace", "setStackTrace", "fillInStackTrace", "getSuppressed",
                    "addSuppressed", "initCause", "printStackTrace"),
            "java.lang.Long", Set.of("getLong"),
            "java.lang.Boolean", Set.of("getBoolean"),
            "java.util.Locale", Set.of("setDefault"),
            "groovy.json.JsonSlurper", Set.of("parse", "setType", "setCheckDates", "setChop", "setLazyChop", "setMaxSizeForInMemory"),
            "io.vaxiin.dsl.Params", Set.of("getProperty", "setProperty", "invokeMethod", "getMetaClass", "setMetaClass"));

    /** What a closure may be asked: its value, not its owner, delegate or classes. */
    private static final Set<String> CLOSURE_MEMBERS = Set.of("call", "curry", "rcurry", "ncurry", "memoize",
            "memoizeAtMost", "memoizeAtLeast", "memoizeBetween", "trampoline", "leftShift", "rightShift",
            "getMaximumNumberOfParameters", "isCase", "doCall", "asBoolean");

    /** The words of the DSL the engine's transforms call, which a script never writes itself. */
    static final Set<String> ENGINE_WORDS = Set.of("$rule", "$waitFor", "$checkpoint", "$invoke", "$property", "$spread", "$helper", "$operator", "$putAt", "$getAt", "$var", "$keep");

    /** Properties no script may read, on anything. */
    static final Set<String> DENIED_PROPERTIES = Set.of("class", "metaClass", "properties", "metaPropertyValues",
            "binding", "declaredFields", "declaredMethods", "classLoader", "delegate", "owner", "thisObject");

    /** What the script may read as a plain name: the DSL's properties. */
    static final Set<String> SCRIPT_PROPERTIES = Set.of("screen", "serial", "http", "server", "params");

    private ScriptPolicy() {}


    /** True when a script may use {@code type} (its public members, a cast to it, an instanceof). */
    static boolean allowedType(ClassNode type) {
        if (type == null) return false;
        if (type.isArray()) return allowedType(type.getComponentType());
        if (ClassHelper.isPrimitiveType(type) || ClassHelper.isPrimitiveVoid(type)) return true;
        if (type.isGenericsPlaceHolder()) return true;
        return TYPES.contains(type.redirect().getName());
    }

    static boolean isMap(ClassNode type) {
        if (type == null) return false;
        return type.redirect().getName().equals("java.util.Map") || type.implementsInterface(ClassHelper.MAP_TYPE);
    }

    /** True for a collection, map, array, string, matcher, range or the screen: what {@code x[i]} may index. */
    static boolean container(ClassNode type) {
        if (type == null) return false;
        if (type.isArray()) return true;
        for (Class<?> c : List.of(java.util.Collection.class, java.util.Map.class, CharSequence.class,
                java.util.regex.Matcher.class, Iterable.class)) {
            if (type.isDerivedFrom(ClassHelper.make(c)) || type.implementsInterface(ClassHelper.make(c))
                    || type.redirect().getName().equals(c.getName())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Why a script may not call {@code method} (resolved by the type checker), or null when it may.
     *
     * @param script the script's own class: its methods and the helpers of its libraries are its own
     */
    static String deny(MethodNode method, ClassNode script) {
        String name = method.getName();
        if (name.startsWith("parallel")) return what(method) + " (it runs the script's code on other threads)";
        if (method instanceof ExtensionMethodNode ext) {
            MethodNode origin = ext.getExtensionMethodNode();
            String from = origin.getDeclaringClass().getName();
            if (!EXTENSION_ORIGINS.contains(from)) return what(method) + " (from " + origin.getDeclaringClass().getNameWithoutPackage() + ")";
            boolean onContainer = origin.getParameters().length > 0 && container(origin.getParameters()[0].getType());
            if (DENIED_EXTENSIONS.contains(name) && !(onContainer && CONTAINER_EXTENSIONS.contains(name))) return what(method);
            if ((name.equals("getAt") || name.equals("putAt")) && origin.getParameters().length > 1 && !isMap(origin.getParameters()[0].getType())) {
                ClassNode key = origin.getParameters()[1].getType();
                // list['name'] reads (or sets) a property of every element, unchecked
                if (key.equals(ClassHelper.STRING_TYPE) || ClassHelper.isObjectType(key) || key.getName().equals("groovy.lang.GString")) {
                    return what(method) + " with a name";
                }
            }
            if (origin.getParameters().length > 0 && !allowedType(origin.getParameters()[0].getType())
                    && !ClassHelper.isObjectType(origin.getParameters()[0].getType())) {
                return what(method);
            }
            return null;
        }
        ClassNode owner = method.getDeclaringClass();
        if (owner == null) return what(method);
        if (owner.equals(script) || owner.redirect() == script.redirect()) return null;
        String ownerName = owner.redirect().getName();
        if (ownerName.equals("io.vaxiin.dsl.RecoveryScript")) {
            if (!method.isPublic()) return what(method);
            if (name.startsWith("$") && !ENGINE_WORDS.contains(name)) return what(method);
            return null;
        }
        if (ownerName.equals("groovy.lang.Closure")) return CLOSURE_MEMBERS.contains(name) ? null : what(method);
        if (!TYPES.contains(ownerName)) return what(method);
        if (!method.isPublic()) return what(method);
        Set<String> denied = DENIED_MEMBERS.get(ownerName);
        if (denied != null && denied.contains(name)) return what(method);
        if (!allowedType(method.getReturnType()) && !ClassHelper.isObjectType(method.getReturnType())
                && !method.getReturnType().isGenericsPlaceHolder()) {
            return what(method) + ", which gives a " + method.getReturnType().getNameWithoutPackage();
        }
        return null;
    }

    private static String what(MethodNode m) {
        ClassNode owner = m instanceof ExtensionMethodNode e ? e.getExtensionMethodNode().getParameters().length > 0
                ? e.getExtensionMethodNode().getParameters()[0].getType() : m.getDeclaringClass() : m.getDeclaringClass();
        String type = owner == null ? "?" : owner.getNameWithoutPackage();
        return m.getName().equals("<init>") ? "new " + type + "(…)" : type + "." + m.getName();
    }
}

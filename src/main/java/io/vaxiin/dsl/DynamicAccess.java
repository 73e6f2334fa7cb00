package io.vaxiin.dsl;

import groovy.lang.Closure;
import groovy.lang.GString;
import groovy.lang.Range;
import org.codehaus.groovy.runtime.InvokerHelper;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The run-time half of a script's confinement: a call or property on a value whose type the
 * compiler could not know ({@code def f(x) { x.trim() }}, a JSON value) is compiled into
 * {@code $invoke}/{@code $property}, which come here. Only plain values may be used this way
 * (strings, numbers, collections, maps, regular expressions, times, closures, the DSL's facts
 * and results), and only through members that cannot reach the process, the metaclass or the
 * engine; a property is a map's key or a public getter, never a field.
 */
public final class DynamicAccess {

    /** Members no untyped value may be asked for, whatever it is. */
    private static final Set<String> DENIED = Set.of("getClass", "class", "getMetaClass", "setMetaClass", "metaClass",
            "invokeMethod", "getProperty", "setProperty", "getProperties", "properties", "getMetaPropertyValues",
            "hasProperty", "respondsTo", "mixin", "use", "dump", "execute", "toURL", "toURI", "wait", "notify",
            "notifyAll", "finalize", "clone", "sleep", "addShutdownHook", "asType", "withTraits", "print", "println",
            "printf", "getAt", "putAt", "evaluate", "run", "getBinding", "setBinding", "getOwner", "getDelegate",
            "setDelegate", "getThisObject", "rehydrate", "dehydrate", "setResolveStrategy", "getParameterTypes",
            "owner", "delegate", "thisObject", "newInstance", "getText", "start", "startDaemon", "parallelStream",
            "stream", "getInteger", "getLong", "getBoolean", "setDefault", "parse", "getLastMatcher", "getLocation",
            "setIndex", "eachFileRecurse", "metaPropertyValues", "binding", "declaredFields", "declaredMethods",
            "classLoader");
    private static final Set<String> CLOSURE_MEMBERS = Set.of("call", "curry", "rcurry", "ncurry", "memoize",
            "trampoline", "leftShift", "rightShift", "getMaximumNumberOfParameters", "isCase", "doCall", "asBoolean",
            "toString", "equals", "hashCode");

    private DynamicAccess() {}

    static Object invoke(Object receiver, String name, Object[] args, boolean safe) {
        if (receiver == null) {
            if (safe) return null;
            throw new DslException("cannot call '" + name + "' on null");
        }
        check(receiver, name);
        if (receiver instanceof Closure<?> && !CLOSURE_MEMBERS.contains(name)) throw refused(receiver, name);
        return InvokerHelper.invokeMethod(receiver, name, args);
    }

    private static final Set<String> OPERATORS = Set.of("plus", "minus", "multiply", "div", "mod", "remainder",
            "power", "leftShift", "rightShift", "rightShiftUnsigned", "and", "or", "xor", "intdiv");

    static Object operator(String name, Object left, Object right) {
        if (!OPERATORS.contains(name)) throw new DslException("'" + name + "' is not an operator");
        if (left == null) throw new DslException("cannot apply '" + name + "' to null");
        check(left, name);
        if (right != null && !plain(right.getClass())) throw refused(right, name);
        return InvokerHelper.invokeMethod(left, name, new Object[] {right});
    }

    static Object getAt(Object receiver, Object index) {
        if (receiver == null) throw new DslException("cannot index null");
        boolean numeric = index instanceof Number || index instanceof Range<?>
                || index instanceof Collection<?> c && c.stream().allMatch(i -> i instanceof Number);
        if (receiver instanceof Map<?, ?> && plain(receiver.getClass())) return ((Map<?, ?>) receiver).get(index);
        if ((receiver instanceof Collection<?> || receiver instanceof CharSequence || receiver.getClass().isArray()
                || receiver instanceof java.util.regex.Matcher) && plain(receiver.getClass()) && numeric) {
            return InvokerHelper.invokeMethod(receiver, "getAt", new Object[] {index});
        }
        throw new DslException("x[i] reads an element of a list or a string by number, or a map's value; not "
                + (index == null ? "null" : "a " + index.getClass().getSimpleName()) + " of a " + receiver.getClass().getSimpleName());
    }

    @SuppressWarnings("unchecked")
    static Object putAt(Object receiver, Object key, Object value) {
        if (receiver instanceof Map<?, ?> map && plain(receiver.getClass())) {
            ((Map<Object, Object>) map).put(key, value);
        } else if (receiver instanceof java.util.List<?> list && plain(receiver.getClass()) && key instanceof Number n) {
            org.codehaus.groovy.runtime.DefaultGroovyMethods.putAt((java.util.List<Object>) list, n.intValue(), value);
        } else if (receiver != null && receiver.getClass().isArray() && key instanceof Number n) {
            java.lang.reflect.Array.set(receiver, n.intValue(), value);
        } else {
            throw new DslException("x[k] = v sets an element of a list (by number), a map or an array, not of a "
                    + (receiver == null ? "null" : receiver.getClass().getSimpleName()));
        }
        return value;
    }

    static Object property(Object receiver, String name, boolean safe) {
        if (receiver == null) {
            if (safe) return null;
            throw new DslException("cannot read '" + name + "' of null");
        }
        check(receiver, name);
        if (receiver instanceof Map<?, ?> map) return map.get(name);
        if (receiver instanceof Params params) return params.getProperty(name);
        String cap = name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
        for (String getter : new String[] {"get" + cap, "is" + cap}) {
            try {
                Method m = receiver.getClass().getMethod(getter);
                if (Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers())
                        && plain(m.getDeclaringClass()) && !(receiver instanceof Closure<?>)) {
                    return InvokerHelper.invokeMethod(receiver, getter, new Object[0]);
                }
            } catch (NoSuchMethodException e) {
                // try the next form of getter
            }
        }
        throw new DslException("a " + receiver.getClass().getSimpleName() + " has no property '" + name + "' a script may read");
    }

    /**
     * True for a member no value of unknown type may be asked for. {@code check} refuses these
     * names at compile time, and this class again when the line runs: one list for both.
     */
    public static boolean denied(String name) {
        return DENIED.contains(name) || name.startsWith("$") || name.startsWith("parallel");
    }

    private static void check(Object receiver, String name) {
        if (denied(name) || !plain(receiver.getClass())) throw refused(receiver, name);
    }

    private static DslException refused(Object receiver, String name) {
        return new DslException("'" + name + "' of a " + receiver.getClass().getSimpleName()
                + " is not available to a recovery script: scripts act on servers through the DSL's words");
    }

    /** The kinds of value an untyped name may hold in a script. */
    private static boolean plain(Class<?> c) {
        if (c.isArray()) return !c.getComponentType().isPrimitive() ? plain(c.getComponentType()) || c.getComponentType() == Object.class : true;
        if (c == Object.class || c == String.class || c == Boolean.class || c == Character.class || GString.class.isAssignableFrom(c)) return true;
        if (Number.class.isAssignableFrom(c)) return c.getName().startsWith("java.");
        if (Closure.class.isAssignableFrom(c)) return true;
        if (RecoveryScript.class.isAssignableFrom(c)) return false;
        if (Collection.class.isAssignableFrom(c) || Map.class.isAssignableFrom(c) || Iterator.class.isAssignableFrom(c)
                || Map.Entry.class.isAssignableFrom(c) || Range.class.isAssignableFrom(c)) {
            String n = c.getName();
            return n.startsWith("java.util.") || n.startsWith("groovy.lang.") || n.startsWith("groovy.json.internal.") || n.startsWith("org.apache.groovy.json.internal.")
                    || n.startsWith("org.codehaus.groovy.runtime.");
        }
        String n = c.getName();
        return n.startsWith("java.time.") || n.equals("java.util.regex.Matcher") || n.equals("java.util.regex.Pattern")
                || n.equals("java.util.UUID") || n.equals("java.util.Optional") || n.equals("java.util.Date")
                || n.equals("java.lang.StringBuilder") || n.startsWith("java.math.")
                || c == Screen.class || c == Http.class || c == Http.Result.class || c == ServerFacts.class || c == Server.class || c == SerialText.class || c == Params.class;
    }
}

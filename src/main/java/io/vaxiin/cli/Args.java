package io.vaxiin.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The arguments of one sub-command: options ({@code --name value} or {@code --name=value}),
 * flags ({@code --debug}) and positional arguments. Options may repeat ({@code --param}).
 */
final class Args {

    private final String command;
    private final Map<String, List<String>> options = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    /**
     * @param valued options that take a value
     * @param flags  options that do not
     */
    Args(String command, List<String> args, Set<String> valued, Set<String> flags) {
        this.command = command;
        boolean onlyPositional = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (onlyPositional || !a.startsWith("-") || a.equals("-")) {
                positional.add(a);
            } else if (a.equals("--")) {
                onlyPositional = true;
            } else {
                String name = a, value = null;
                int eq = a.indexOf('=');
                if (eq > 0 && a.startsWith("--")) {
                    name = a.substring(0, eq);
                    value = a.substring(eq + 1);
                }
                if (name.equals("-h")) name = "--help";
                if (flags.contains(name)) {
                    if (value != null) throw new UsageException(command + ": " + name + " takes no value");
                    options.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
                } else if (valued.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= args.size()) throw new UsageException(command + ": " + name + " needs a value");
                        value = args.get(++i);
                    }
                    options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
                } else {
                    throw new UsageException(command + ": unknown option " + name + " (see vaxiin " + command + " --help)");
                }
            }
        }
    }

    boolean flag(String name) {
        return options.containsKey(name);
    }

    String option(String name) {
        List<String> values = options.get(name);
        if (values == null) return null;
        if (values.size() > 1) throw new UsageException(command + ": " + name + " given more than once");
        return values.get(0);
    }

    List<String> options(String name) {
        return options.getOrDefault(name, List.of());
    }

    List<String> positional() {
        return positional;
    }
}

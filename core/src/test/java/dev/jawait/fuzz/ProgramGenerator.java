package dev.jawait.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes random but valid Java classes whose {@code @Async} methods mix awaits with everything javac can put around
 * them: locals of every primitive type, arrays, fields, nested calls, string concatenation, {@code new X(await(..))},
 * loops with labelled break and continue, switches, ternaries, short-circuit logic, try/catch/finally with awaits in
 * each part, early returns, recursion, lambdas, and futures that are already done, done later, done on another
 * thread, or failed, awaited or returned as a method's result, and awaits during which the whole program is
 * cancelled. A program's behaviour does not depend on when its futures complete: it awaits one thing at a time, so
 * the rewritten run and the blocking reference run must print the same trace.
 *
 * <p>The same seed always gives the same program.
 */
final class ProgramGenerator {
    private static final String[] INT_OPS = {"+", "-", "*", "^", "&", "|"};
    private static final int MAX_EXPRESSION_DEPTH = 3;
    private static final int MAX_STATEMENT_DEPTH = 3;

    private final Random random;
    private final int release;
    private final StringBuilder out = new StringBuilder();
    private final List<List<Variable>> scopes = new ArrayList<>();
    private int indent;
    private int names;
    private int loopDepth;
    /** Try statements around the code being written, in the method or lambda being written. */
    private int tryDepth;
    private int awaitBudget;
    private final List<String> labels = new ArrayList<>();
    /** What a {@code return} in the method being written must return. */
    private Type currentResult = Type.STRING;

    /** A local variable in scope: its name, its type, and whether a lambda may capture it. */
    private static final class Variable {
        final String name;
        final Type type;
        final boolean isFinal;

        Variable(String name, Type type, boolean isFinal) {
            this.name = name;
            this.type = type;
            this.isFinal = isFinal;
        }
    }

    /** The types generated expressions have. */
    enum Type {
        INT("int", "Integer"), LONG("long", "Long"), DOUBLE("double", "Double"), FLOAT("float", "Float"),
        BOOLEAN("boolean", "Boolean"), CHAR("char", "Character"), BYTE("byte", "Byte"), SHORT("short", "Short"),
        STRING("String", "String");

        final String java;
        final String boxed;

        Type(String java, String boxed) {
            this.java = java;
            this.boxed = boxed;
        }
    }

    ProgramGenerator(long seed, int release) {
        this.random = new Random(seed);
        this.release = release;
    }

    /** A whole compilation unit: class {@code fz.<className>} with a static {@code run()} entry point. */
    String generate(String className) {
        line("package fz;");
        line("");
        line("import static dev.jawait.Await.await;");
        line("import static dev.jawait.fixtures.F.*;");
        line("");
        line("import dev.jawait.Async;");
        line("import dev.jawait.fixtures.Bang;");
        line("import java.util.concurrent.CompletableFuture;");
        line("import java.util.function.Supplier;");
        line("");
        line("public class " + className + " {");
        indent++;
        line("static StringBuilder log = new StringBuilder();");
        line("static int counter;");
        line("static long total;");
        line("enum Mode { RED, GREEN, BLUE }");
        line("static final class Box {");
        line("    final Object left;");
        line("    final int right;");
        line("    Box(Object left, int right) { this.left = left; this.right = right; }");
        line("    @Override public String toString() { return \"Box(\" + left + \",\" + right + \")\"; }");
        line("}");
        line("static String trace(Object value) { log.append(value).append(';'); return String.valueOf(value); }");
        // A string that doubles in nested loops would outgrow any heap; both runs would fail alike, uselessly.
        line("static String cap(String value) { return value.length() > 64 ? value.substring(0, 64) : value; }");
        int helpers = 1 + random.nextInt(3);
        for (int i = 0; i < helpers; i++) {
            helper(i);
        }
        mainMethod(helpers);
        line("public static CompletableFuture<String> run() {");
        line("    log.setLength(0); counter = 0; total = 0;");
        line("    return main(" + (1 + random.nextInt(3)) + ", 7, 11L, \"in\");");
        line("}");
        indent--;
        line("}");
        return out.toString();
    }

    private void helper(int index) {
        Type result = pick(Type.INT, Type.LONG, Type.STRING, Type.DOUBLE, Type.BOOLEAN);
        line("@Async");
        line("static CompletableFuture<" + result.boxed + "> h" + index + "(int a, String s) {");
        indent++;
        pushScope();
        declare("a", Type.INT, false);
        declare("s", Type.STRING, false);
        awaitBudget = 4;
        currentResult = result;
        block(2 + random.nextInt(3), 1);
        line("return " + resultOf(result, expression(result, 1)) + ";");
        popScope();
        indent--;
        line("}");
        helpers.add(new Helper("h" + index, result));
    }

    /** A helper the main method may await: {@code await(hN(int, String))}. */
    private static final class Helper {
        final String name;
        final Type result;

        Helper(String name, Type result) {
            this.name = name;
            this.result = result;
        }
    }

    private final List<Helper> helpers = new ArrayList<>();

    private void mainMethod(int helperCount) {
        line("@Async");
        line("static CompletableFuture<String> main(int depth, int p, long q, String r) {");
        indent++;
        pushScope();
        declare("depth", Type.INT, false);
        declare("p", Type.INT, false);
        declare("q", Type.LONG, false);
        declare("r", Type.STRING, false);
        awaitBudget = 25;
        currentResult = Type.STRING;
        line("if (depth > 0 && " + expression(Type.BOOLEAN, 2) + ") {");
        line("    trace(\"rec\" + depth + \":\" + await(main(depth - 1, p + 1, q * 3, r + depth)));");
        line("}");
        block(4 + random.nextInt(6), 0);
        StringBuilder result = new StringBuilder("log + \"|\"");
        for (Variable variable : visible()) {
            result.append(" + \"").append(variable.name).append("=\" + ").append(variable.name).append(" + \",\"");
        }
        line("return " + resultOf(Type.STRING, result + " + counter + \",\" + total") + ";");
        popScope();
        indent--;
        line("}");
    }

    private void block(int statements, int depth) {
        for (int i = 0; i < statements; i++) {
            statement(depth);
        }
    }

    private void statement(int depth) {
        int choice = random.nextInt(depth >= MAX_STATEMENT_DEPTH ? 6 : 16);
        switch (choice) {
            case 0:
            case 1:
                declaration();
                break;
            case 2:
                assignment();
                break;
            case 3:
                line("trace(" + expression(pickType(), 0) + ");");
                break;
            case 4:
                fieldUpdate();
                break;
            case 5:
                arrayStatement();
                break;
            case 6:
                ifStatement(depth);
                break;
            case 7:
                forLoop(depth);
                break;
            case 8:
                whileLoop(depth);
                break;
            case 9:
                switchStatement(depth);
                break;
            case 10:
            case 11:
                tryStatement(depth);
                break;
            case 12:
                lambda(depth);
                break;
            case 13:
                jumpOrThrow();
                break;
            case 14:
                doWhileLoop(depth);
                break;
            default:
                if (release >= 17) {
                    switchExpression();
                } else {
                    declaration();
                }
        }
    }

    private void declaration() {
        Type type = pickType();
        String name = fresh("v");
        line(type.java + " " + name + " = " + expression(type, 0) + ";");
        declare(name, type, false);
    }

    private void assignment() {
        List<Variable> candidates = assignable();
        if (candidates.isEmpty()) {
            declaration();
            return;
        }
        Variable target = candidates.get(random.nextInt(candidates.size()));
        switch (target.type) {
            case INT:
            case LONG:
            case SHORT:
            case BYTE:
            case CHAR:
                String op = pick("+=", "-=", "*=", "^=", "=");
                Type source = op.equals("=") ? target.type : Type.INT;
                line(target.name + " " + op + " " + cast(source, target.type, expression(source, 0)) + ";");
                break;
            case STRING:
                line(target.name + " = cap(" + (random.nextBoolean() ? target.name + " + " : "")
                        + expression(Type.STRING, 0) + ");");
                break;
            default:
                line(target.name + " = " + expression(target.type, 0) + ";");
        }
    }

    /** Narrows to byte, short or char; the inner cast unboxes first, which a single narrowing cast cannot. */
    private static String cast(Type source, Type target, String expression) {
        return target == Type.BYTE || target == Type.SHORT || target == Type.CHAR
                ? "(" + target.java + ") (" + source.java + ") (" + expression + ")" : expression;
    }

    private void fieldUpdate() {
        if (random.nextBoolean()) {
            line("counter " + pick("+=", "-=", "^=") + " " + expression(Type.INT, 1) + ";");
        } else {
            line("total += " + expression(Type.LONG, 1) + ";");
        }
    }

    private void arrayStatement() {
        String name = fresh("arr");
        line("int[] " + name + " = {" + intLiteral() + ", " + expression(Type.INT, 1) + ", " + intLiteral() + ", "
                + intLiteral() + "};");
        line(name + "[" + expression(Type.INT, 1) + " & 3] " + pick("=", "+=", "*=") + " "
                + expression(Type.INT, 1) + ";");
        line("trace(" + name + "[0] + " + name + "[1] + " + name + "[2] + " + name + "[3]);");
    }

    private void ifStatement(int depth) {
        line("if (" + expression(Type.BOOLEAN, 0) + ") {");
        nested(depth);
        if (random.nextBoolean()) {
            line("} else {");
            nested(depth);
        }
        line("}");
    }

    private void forLoop(int depth) {
        String index = fresh("i");
        String label = null;
        if (random.nextInt(3) == 0) {
            label = fresh("L");
            line(label + ":");
        }
        line("for (int " + index + " = 0; " + index + " < " + (1 + random.nextInt(4)) + "; " + index + "++) {");
        loopBody(depth, index, label);
        line("}");
    }

    private void whileLoop(int depth) {
        String index = fresh("w");
        line("int " + index + " = 0;");
        declare(index, Type.INT, true);
        line("while (" + index + "++ < " + (1 + random.nextInt(3)) + " && " + expression(Type.BOOLEAN, 1) + ") {");
        loopBody(depth, null, null);
        line("}");
    }

    private void doWhileLoop(int depth) {
        String index = fresh("d");
        line("int " + index + " = 0;");
        declare(index, Type.INT, true);
        line("do {");
        loopBody(depth, null, null);
        line("} while (++" + index + " < " + (1 + random.nextInt(3)) + ");");
    }

    private void loopBody(int depth, String index, String label) {
        indent++;
        pushScope();
        if (index != null) {
            declare(index, Type.INT, true);
        }
        loopDepth++;
        if (label != null) {
            labels.add(label);
        }
        block(1 + random.nextInt(3), depth + 1);
        if (label != null) {
            labels.remove(label);
        }
        loopDepth--;
        popScope();
        indent--;
    }

    private void nested(int depth) {
        indent++;
        pushScope();
        block(1 + random.nextInt(3), depth + 1);
        popScope();
        indent--;
    }

    private void switchStatement(int depth) {
        int kind = random.nextInt(3);
        if (kind == 0) {
            line("switch (" + expression(Type.INT, 1) + " & 7) {");
        } else if (kind == 1) {
            line("switch (" + expression(Type.STRING, 1) + ") {");
        } else {
            line("switch (Mode.values()[(" + expression(Type.INT, 1) + " & 0x7fffffff) % 3]) {");
        }
        int cases = 1 + random.nextInt(3);
        for (int i = 0; i < cases; i++) {
            String label = kind == 0 ? String.valueOf(i * (random.nextBoolean() ? 1 : 3))
                    : kind == 1 ? "\"" + "abc".charAt(i) + "\"" : Mode(i);
            line("case " + label + ": {");
            nested(depth);
            line(random.nextInt(4) == 0 ? "}" : "} break;");
        }
        line("default:");
        nested(depth);
        line("}");
    }

    private static String Mode(int i) {
        return new String[] {"RED", "GREEN", "BLUE"}[i];
    }

    private void switchExpression() {
        String name = fresh("sw");
        Type type = pick(Type.INT, Type.STRING);
        line(type.java + " " + name + " = switch (" + expression(Type.INT, 1) + " & 3) {");
        line("    case 0 -> " + expression(type, 1) + ";");
        line("    case 1 -> {");
        line("        trace(" + expression(Type.STRING, 1) + ");");
        line("        yield " + expression(type, 1) + ";");
        line("    }");
        line("    default -> " + expression(type, 1) + ";");
        line("};");
        declare(name, type, false);
    }

    private void tryStatement(int depth) {
        tryDepth++;
        line("try {");
        nested(depth);
        if (random.nextBoolean()) {
            line("    if (" + expression(Type.BOOLEAN, 1) + ") {");
            line("        " + (random.nextBoolean() ? "throw new Bang(\"t\" + " + expression(Type.INT, 1) + ")"
                    : "await(failLater(new Bang(\"f\" + " + expression(Type.INT, 1) + ")))") + ";");
            line("    }");
        }
        int shape = random.nextInt(3);
        if (shape != 1) {
            String exception = fresh("e");
            line("} catch (Bang " + exception + ") {");
            indent++;
            line("trace(\"caught:\" + " + exception + ".getMessage());");
            pushScope();
            block(random.nextInt(2), depth + 1);
            popScope();
            indent--;
        }
        if (shape != 0) {
            line("} finally {");
            indent++;
            line("trace(\"finally\");");
            pushScope();
            // No jumps out of finally: javac warns, and a return there would swallow the failure being tested.
            int savedLoops = loopDepth;
            loopDepth = -100;
            block(random.nextInt(2), depth + 1);
            loopDepth = savedLoops;
            popScope();
            indent--;
        }
        line("}");
        tryDepth--;
    }

    private void lambda(int depth) {
        List<Variable> captured = new ArrayList<>();
        for (Variable variable : visible()) {
            if (random.nextInt(3) == 0) {
                captured.add(variable);
            }
        }
        List<String> copies = new ArrayList<>();
        for (Variable variable : captured) {
            String copy = fresh("c");
            line("final " + variable.type.java + " " + copy + " = " + variable.name + ";");
            copies.add(copy);
        }
        String name = fresh("task");
        Type result = pick(Type.INT, Type.STRING);
        line("Supplier<CompletableFuture<" + result.boxed + ">> " + name + " = () -> {");
        indent++;
        List<List<Variable>> saved = new ArrayList<>(scopes);
        scopes.clear();
        pushScope();
        for (int i = 0; i < captured.size(); i++) {
            declare(copies.get(i), captured.get(i).type, true);
        }
        int savedLoops = loopDepth;
        loopDepth = -100;
        int savedTries = tryDepth;
        tryDepth = 0;
        Type savedResult = currentResult;
        currentResult = result;
        List<String> savedLabels = new ArrayList<>(labels);
        labels.clear();
        block(1 + random.nextInt(2), depth + 1);
        line("return " + resultOf(result, expression(result, 1)) + ";");
        labels.addAll(savedLabels);
        loopDepth = savedLoops;
        tryDepth = savedTries;
        currentResult = savedResult;
        scopes.clear();
        scopes.addAll(saved);
        indent--;
        line("};");
        String value = fresh("v");
        line(result.java + " " + value + " = await(" + name + ".get());");
        declare(value, result, false);
    }

    private void jumpOrThrow() {
        String condition = expression(Type.BOOLEAN, 1);
        int choice = random.nextInt(4);
        if (choice == 0 && loopDepth > 0) {
            String target = !labels.isEmpty() && random.nextBoolean() ? " " + labels.get(random.nextInt(labels.size()))
                    : "";
            line("if (" + condition + ") { trace(\"jump\"); " + pick("break", "continue") + target + "; }");
        } else if (choice == 1 && loopDepth >= 0) {
            String value = currentResult == Type.STRING ? "\"early:\" + " + expression(Type.STRING, 1) + " + log"
                    : expression(currentResult, 1);
            line("if (" + condition + ") { return " + resultOf(currentResult, value) + "; }");
        } else if (choice == 2) {
            line("if (" + condition + ") { throw new Bang(\"thrown\" + " + expression(Type.INT, 1) + "); }");
        } else {
            line("trace(" + expression(Type.STRING, 1) + ");");
        }
    }

    /** An expression of {@code type}, perhaps with awaits inside. */
    String expression(Type type, int depth) {
        if (depth >= MAX_EXPRESSION_DEPTH || random.nextInt(4) == 0) {
            return leaf(type);
        }
        if (awaitBudget > 0 && random.nextInt(3) == 0) {
            return awaitOf(type, depth);
        }
        switch (type) {
            case INT:
                return intExpression(depth);
            case LONG:
                return "(" + expression(Type.LONG, depth + 1) + " " + pick("+", "-", "*") + " "
                        + expression(pick(Type.INT, Type.LONG), depth + 1) + ")";
            case DOUBLE:
                return "(" + expression(Type.DOUBLE, depth + 1) + " " + pick("+", "-", "*") + " "
                        + expression(pick(Type.INT, Type.DOUBLE, Type.FLOAT), depth + 1) + ")";
            case FLOAT:
                return "(" + expression(Type.FLOAT, depth + 1) + " " + pick("+", "*") + " "
                        + expression(Type.FLOAT, depth + 1) + ")";
            case BOOLEAN:
                return booleanExpression(depth);
            case CHAR:
                return "(char) ('a' + (" + expression(Type.INT, depth + 1) + " & 15))";
            case BYTE:
                return "(byte) (int) (" + expression(Type.INT, depth + 1) + ")";
            case SHORT:
                return "(short) (int) (" + expression(Type.INT, depth + 1) + ")";
            default:
                return stringExpression(depth);
        }
    }

    private String intExpression(int depth) {
        switch (random.nextInt(6)) {
            case 0:
                return "(" + expression(Type.BOOLEAN, depth + 1) + " ? " + expression(Type.INT, depth + 1) + " : "
                        + expression(Type.INT, depth + 1) + ")";
            case 1:
                return expression(Type.STRING, depth + 1) + ".length()";
            case 2:
                Type wide = pick(Type.LONG, Type.DOUBLE, Type.CHAR, Type.SHORT);
                return "(int) (" + wide.java + ") (" + expression(wide, depth + 1) + ")";
            case 3:
                return "new Box(" + expression(pickType(), depth + 1) + ", " + expression(Type.INT, depth + 1)
                        + ").right";
            default:
                return "(" + expression(Type.INT, depth + 1) + " " + pick(INT_OPS) + " "
                        + expression(Type.INT, depth + 1) + ")";
        }
    }

    private String booleanExpression(int depth) {
        switch (random.nextInt(4)) {
            case 0:
                return "(" + expression(Type.BOOLEAN, depth + 1) + " " + pick("&&", "||") + " "
                        + expression(Type.BOOLEAN, depth + 1) + ")";
            case 1:
                return "!" + expression(Type.BOOLEAN, depth + 1);
            case 2:
                return expression(Type.STRING, depth + 1) + ".startsWith(" + pick("\"a\"", "\"in\"", "\"B\"")
                        + ")";
            default:
                Type compared = pick(Type.INT, Type.LONG, Type.DOUBLE);
                return "(" + expression(compared, depth + 1) + " " + pick("<", ">", "==", "!=", "<=") + " "
                        + expression(compared, depth + 1) + ")";
        }
    }

    private String stringExpression(int depth) {
        switch (random.nextInt(4)) {
            case 0:
                return "String.valueOf((Object) (" + expression(pickType(), depth + 1) + "))";
            case 1:
                return "new Box(" + expression(pickType(), depth + 1) + ", " + expression(Type.INT, depth + 1)
                        + ").toString()";
            case 2:
                return "trace(" + expression(pickType(), depth + 1) + ")";
            default:
                return "(" + expression(pickType(), depth + 1) + " + \"" + pick("-", ":", "") + "\" + "
                        + expression(pickType(), depth + 1) + ")";
        }
    }

    private String awaitOf(Type type, int depth) {
        awaitBudget--;
        String value = expression(type, depth + 1);
        if (random.nextInt(40) == 0) {
            // The whole program is cancelled while it awaits this: the cancel goes down its chain of calls.
            return "await(cancelling(" + boxed(type, value) + "))";
        }
        int choice = random.nextInt(10);
        if (choice < 4) {
            return "await(later(" + boxed(type, value) + "))";
        }
        if (choice < 6) {
            return "await(done(" + boxed(type, value) + "))";
        }
        if (choice < 7) {
            return "await(elsewhere(" + boxed(type, value) + "))";
        }
        for (Helper helper : helpers) {
            if (helper.result == type && random.nextBoolean()) {
                return "await(" + helper.name + "(" + expression(Type.INT, depth + 1) + ", "
                        + expression(Type.STRING, depth + 1) + "))";
            }
        }
        return "await(later(" + boxed(type, value) + "))";
    }

    /**
     * What a {@code return} hands back for {@code value}: mostly {@code completedFuture(value)}, but also a stage still
     * pending when the method returns it (done later, on another thread, or another {@code @Async} call), or one that
     * fails later, so that a body completing as the stage it returns is compared too. Not a call inside a try
     * statement: there the reference run differs from jawait by design, since the unrewritten call finishes (or
     * throws into the {@code catch}) before the {@code finally} runs, where jawait's call is still running, or has
     * failed its future, which no {@code catch} sees.
     */
    private String resultOf(Type type, String value) {
        int choice = random.nextInt(20);
        if (choice < 3) {
            return "later(" + boxed(type, value) + ")";
        }
        if (choice < 4) {
            return "elsewhere(" + boxed(type, value) + ")";
        }
        if (choice < 5) {
            return "failLater(new Bang(\"r\" + " + expression(Type.INT, 2) + "))";
        }
        if (choice < 7 && tryDepth == 0) {
            for (Helper helper : helpers) {
                if (helper.result == type) {
                    return helper.name + "(" + expression(Type.INT, 2) + ", " + expression(Type.STRING, 2) + ")";
                }
            }
        }
        return "CompletableFuture.completedFuture(" + value + ")";
    }

    /** Boxes explicitly so that {@code later(x)} infers the type the surrounding expression needs. */
    private static String boxed(Type type, String value) {
        return "(" + type.boxed + ") (" + type.java + ") (" + value + ")";
    }

    private String leaf(Type type) {
        List<Variable> matching = new ArrayList<>();
        for (Variable variable : visible()) {
            if (variable.type == type) {
                matching.add(variable);
            }
        }
        if (!matching.isEmpty() && random.nextInt(3) != 0) {
            return matching.get(random.nextInt(matching.size())).name;
        }
        switch (type) {
            case INT:
                return random.nextInt(5) == 0 ? "counter" : intLiteral();
            case LONG:
                return random.nextInt(5) == 0 ? "total" : (random.nextInt(2000) - 1000) + "L";
            case DOUBLE:
                return (random.nextInt(200) - 100) / 4.0 + "";
            case FLOAT:
                return (random.nextInt(200) - 100) / 8.0 + "f";
            case BOOLEAN:
                return random.nextBoolean() ? "true" : "false";
            case CHAR:
                return "'" + (char) ('a' + random.nextInt(26)) + "'";
            case BYTE:
                return "(byte) " + (random.nextInt(256) - 128);
            case SHORT:
                return "(short) " + (random.nextInt(60000) - 30000);
            default:
                return "\"" + pick("a", "b", "in", "B", "xyz", "") + "\"";
        }
    }

    private String intLiteral() {
        return String.valueOf(random.nextInt(200) - 100);
    }

    private Type pickType() {
        return Type.values()[random.nextInt(Type.values().length)];
    }

    @SafeVarargs
    private <T> T pick(T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private List<Variable> visible() {
        List<Variable> all = new ArrayList<>();
        for (List<Variable> scope : scopes) {
            all.addAll(scope);
        }
        return all;
    }

    private List<Variable> assignable() {
        List<Variable> all = new ArrayList<>();
        for (Variable variable : visible()) {
            if (!variable.isFinal) {
                all.add(variable);
            }
        }
        return all;
    }

    private void declare(String name, Type type, boolean isFinal) {
        scopes.get(scopes.size() - 1).add(new Variable(name, type, isFinal));
    }

    private void pushScope() {
        scopes.add(new ArrayList<>());
    }

    private void popScope() {
        scopes.remove(scopes.size() - 1);
    }

    private String fresh(String prefix) {
        return prefix + names++;
    }

    private void line(String text) {
        for (int i = 0; i < indent; i++) {
            out.append("    ");
        }
        out.append(text).append('\n');
    }
}

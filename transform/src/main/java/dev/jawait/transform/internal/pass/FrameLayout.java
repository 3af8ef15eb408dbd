package dev.jawait.transform.internal.pass;

import dev.jawait.transform.internal.RuntimeContract;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The fields of one method's frame class, and what they hold at each await. A field is named after the source
 * variable it keeps when it keeps that one variable at every await, so that a debugger showing a suspended call's
 * frame shows {@code count = 3}; a field shared by different variables, or keeping an operand-stack entry, keeps its
 * slot's name ({@code i0}, {@code j0}, {@code l0}: see {@link SlotKind}). Which variable each field holds at each
 * await is written down apart (see {@link #variables}), for the task dump, as Kotlin's {@code DebugMetadata} records
 * its continuation's spilled variables per label.
 */
final class FrameLayout {
    /**
     * Names a variable's field must not take: the frame's inherited fields, which a same-named field would hide in a
     * debugger, {@code this} (legal in a class file, but no debugger would show it as a field), and the class's own.
     */
    private static final Set<String> RESERVED = Set.of("this", "label", "ambient", "state", "waiter", "result",
            "stack", RuntimeContract.FRAME_SHAPE_FIELD);

    private final Map<SlotKind, String[]> fields = new EnumMap<>(SlotKind.class);

    private FrameLayout() {
    }

    /** The layout for {@code slots} slots of each kind, filled at {@code sites} as their spills say. */
    static FrameLayout of(Map<SlotKind, Integer> slots, List<BuildStateMachine.AwaitSite> sites) {
        FrameLayout layout = new FrameLayout();
        Map<SlotKind, String[]> variable = new EnumMap<>(SlotKind.class);
        Map<SlotKind, boolean[]> seen = new EnumMap<>(SlotKind.class);
        // True where a slot keeps its generic name: it holds different variables, or a name it cannot take.
        Map<SlotKind, boolean[]> unnamed = new EnumMap<>(SlotKind.class);
        for (SlotKind kind : SlotKind.values()) {
            int count = slots.getOrDefault(kind, 0);
            variable.put(kind, new String[count]);
            seen.put(kind, new boolean[count]);
            unnamed.put(kind, new boolean[count]);
            layout.fields.put(kind, new String[count]);
        }
        for (BuildStateMachine.AwaitSite site : sites) {
            for (BuildStateMachine.Spill spill : site.spills()) {
                if (spill.isNull()) {
                    continue;
                }
                String name = spill.name();
                if (!seen.get(spill.kind)[spill.slot]) {
                    seen.get(spill.kind)[spill.slot] = true;
                    variable.get(spill.kind)[spill.slot] = name;
                } else if (!Objects.equals(variable.get(spill.kind)[spill.slot], name)) {
                    unnamed.get(spill.kind)[spill.slot] = true;
                }
            }
        }
        layout.name(variable, unnamed);
        return layout;
    }

    /**
     * Gives each slot its variable's name where that is unambiguous: the variable is the slot's only one, no other
     * slot takes the name, and the name is no other slot's generic one. A slot that loses its name frees a generic
     * name that may clash with another slot's variable, so this repeats until nothing changes.
     */
    private void name(Map<SlotKind, String[]> variable, Map<SlotKind, boolean[]> unnamed) {
        Map<String, Integer> claims = new HashMap<>();
        variable.forEach((kind, names) -> {
            for (int slot = 0; slot < names.length; slot++) {
                if (names[slot] != null && !unnamed.get(kind)[slot]) {
                    claims.merge(names[slot], 1, Integer::sum);
                }
            }
        });
        for (boolean changed = true; changed; ) {
            Set<String> generic = new HashSet<>();
            variable.forEach((kind, names) -> {
                for (int slot = 0; slot < names.length; slot++) {
                    String name = names[slot];
                    boolean named = name != null && !unnamed.get(kind)[slot] && claims.get(name) == 1
                            && !RESERVED.contains(name);
                    fields.get(kind)[slot] = named ? name : kind.field(slot);
                    if (!named) {
                        generic.add(kind.field(slot));
                    }
                }
            });
            changed = false;
            for (SlotKind kind : SlotKind.values()) {
                String[] names = variable.get(kind);
                for (int slot = 0; slot < names.length; slot++) {
                    if (!unnamed.get(kind)[slot] && generic.contains(fields.get(kind)[slot])
                            && !fields.get(kind)[slot].equals(kind.field(slot))) {
                        unnamed.get(kind)[slot] = true;
                        changed = true;
                    }
                }
            }
        }
    }

    /** The field of {@code slot} of {@code kind}. */
    String field(SlotKind kind, int slot) {
        return fields.get(kind)[slot];
    }

    /** Every field, in the order the frame class declares them (the order {@link #index} counts in). */
    List<String> fieldsInOrder() {
        List<String> all = new ArrayList<>();
        for (SlotKind kind : SlotKind.values()) {
            all.addAll(List.of(fields.get(kind)));
        }
        return all;
    }

    /** The kind of each field, in the same order. */
    List<SlotKind> kindsInOrder() {
        List<SlotKind> all = new ArrayList<>();
        for (SlotKind kind : SlotKind.values()) {
            for (int slot = 0; slot < fields.get(kind).length; slot++) {
                all.add(kind);
            }
        }
        return all;
    }

    private int index(SlotKind kind, int slot) {
        int index = slot;
        for (SlotKind before : SlotKind.values()) {
            if (before == kind) {
                return index;
            }
            index += fields.get(before).length;
        }
        throw new IllegalArgumentException(kind.toString());
    }

    /**
     * The source variables each await keeps, for the task dump: {@code name:sort:field,...} per await, the awaits
     * (label 1 first) separated by {@code ;}. {@code sort} is the variable's type as a descriptor's first character
     * ({@code F} for a float kept by its bits in an int field), {@code field} the field's {@link #index}. Stack
     * entries and variables without a name in the class file are left out.
     */
    String variables(List<BuildStateMachine.AwaitSite> sites) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < sites.size(); i++) {
            if (i > 0) {
                out.append(';');
            }
            String separator = "";
            for (BuildStateMachine.Spill spill : sites.get(i).locals) {
                if (spill.isNull() || spill.name() == null) {
                    continue;
                }
                out.append(separator).append(spill.name()).append(':').append(spill.sort()).append(':')
                        .append(index(spill.kind, spill.slot));
                separator = ",";
            }
        }
        return out.toString();
    }
}

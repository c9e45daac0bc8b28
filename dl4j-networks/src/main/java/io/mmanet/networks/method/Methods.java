package io.mmanet.networks.method;

import io.mmanet.methods.dmrnet.DmrnetMethod;
import io.mmanet.methods.mad.MadMethod;
import io.mmanet.methods.metakd.MetaKdMethod;
import io.mmanet.methods.mmanet.MmanetMethod;
import io.mmanet.methods.modalityteachers.ModalityTeachersMethod;
import io.mmanet.methods.sf.SfMethod;
import io.mmanet.methods.sfmd.SfMdMethod;
import io.mmanet.methods.sp.SpMethod;
import io.mmanet.methods.sr.SrMethod;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The method registry: every {@link Method} by name, in listing order. Adding a method is one
 * package under {@code io.mmanet.methods} and one {@code register} line here (docs/developing.md).
 */
public final class Methods {
    private static final Map<String, Method> REGISTRY = new LinkedHashMap<>();

    static {
        register(new SfMethod());
        register(new SfMdMethod());
        register(new SpMethod());
        register(new MadMethod());
        register(new SrMethod());
        register(new MmanetMethod());
        register(new MetaKdMethod());
        register(new DmrnetMethod());
        register(new ModalityTeachersMethod());
    }

    private Methods() {
    }

    private static void register(Method method) {
        if (REGISTRY.putIfAbsent(method.name(), method) != null) {
            throw new IllegalStateException("method '" + method.name() + "' is registered twice");
        }
    }

    /** The method called {@code name} (case-insensitive); an unknown name is an error listing the registered ones. */
    public static Method get(String name) {
        Method m = name == null ? null : REGISTRY.get(name.trim().toLowerCase(Locale.ROOT));
        if (m == null) {
            throw new IllegalArgumentException("unknown method '" + name + "'; registered methods: "
                    + String.join(", ", names()));
        }
        return m;
    }

    /**
     * The method a teacher trains with: one network on its fixed combination (SF), on every row that
     * has that combination.
     */
    public static Method teacherMethod() {
        return get("sf");
    }

    /** Every registered method, in listing order. */
    public static List<Method> all() {
        return Collections.unmodifiableList(new ArrayList<>(REGISTRY.values()));
    }

    public static List<String> names() {
        return List.copyOf(REGISTRY.keySet());
    }
}

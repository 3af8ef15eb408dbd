package dev.jawait.transform;

/** A class the transformation needs to know the hierarchy of has no class file on the class path. */
public final class TypeNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String internalName;

    public TypeNotFoundException(String internalName, Throwable cause) {
        super("class " + internalName.replace('/', '.') + " is not on the class path", cause);
        this.internalName = internalName;
    }

    public String internalName() {
        return internalName;
    }
}

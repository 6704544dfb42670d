package io.acomm.spring.boot;

/**
 * A socket location of acomm's that cannot be used, found before the web server starts: it names the property
 * that sets the location, its value, why it cannot be used and what to change. {@link AcommSocketFailureAnalyzer}
 * reports it when it fails start-up.
 */
public class AcommSocketException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The property that sets the location. */
    private final String property;

    /** The location the property gives. */
    private final String value;

    /** Why the location cannot be used. */
    private final String reason;

    /** What to change. */
    private final String action;

    /**
     * @param property the property that sets the location, such as {@code acomm.provider.socket-path}
     * @param value the location it gives (or the default one, when the property is not set)
     * @param reason why the location cannot be used
     * @param action what to change
     */
    public AcommSocketException(String property, String value, String reason, String action) {
        super(property + "=" + value + ": " + reason);
        this.property = property;
        this.value = value;
        this.reason = reason;
        this.action = action;
    }

    /**
     * @return the property that sets the location
     */
    public String property() {
        return this.property;
    }

    /**
     * @return the location the property gives
     */
    public String value() {
        return this.value;
    }

    /**
     * @return why the location cannot be used
     */
    public String reason() {
        return this.reason;
    }

    /**
     * @return what to change
     */
    public String action() {
        return this.action;
    }
}

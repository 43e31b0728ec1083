package dev.tollgate.shared.auth;

import jakarta.enterprise.context.RequestScoped;

/** Holds the {@link Caller} that {@link ApiKeyAuthFilter} authenticated for this request. */
@RequestScoped
public class CurrentCaller {

    private Caller caller;

    void set(Caller caller) {
        this.caller = caller;
    }

    public Caller get() {
        if (caller == null) {
            throw new IllegalStateException("no authenticated caller on this request");
        }
        return caller;
    }

    public String namespace() {
        return get().namespace();
    }
}

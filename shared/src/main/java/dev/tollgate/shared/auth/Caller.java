package dev.tollgate.shared.auth;

import java.util.Set;

/** The authenticated party behind a request: which key, which tenant namespace, which scopes. */
public record Caller(String keyId, String namespace, Set<Scope> scopes) {

    public boolean holds(Scope scope) {
        return scopes.contains(Scope.ADMIN) || scopes.contains(scope);
    }
}

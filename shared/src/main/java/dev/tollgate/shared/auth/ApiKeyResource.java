package dev.tollgate.shared.auth;

import dev.tollgate.shared.problem.ApiException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Manages API keys. Not part of OpenMeter's API; every operation needs the admin scope. */
@Path("/api/v1/api-keys")
@Tag(name = "API keys")
@RequiresScope(Scope.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class ApiKeyResource {

    public record CreateApiKeyRequest(String name, List<String> scopes) {
    }

    /** A key as listed; {@code secret} is only ever filled in the answer to its creation. */
    public record ApiKeyView(String id, String name, String namespace, String prefix, List<String> scopes,
            Instant createdAt, Instant revokedAt, String secret) {

        static ApiKeyView of(ApiKeyEntity key, String secret) {
            return new ApiKeyView(key.id, key.name, key.namespace, key.displayPrefix, List.of(key.scopes.split(",")),
                    key.createdAt, key.revokedAt, secret);
        }
    }

    /** The key a request was made with: what the console shows and decides its offers by. */
    public record CurrentKeyView(String id, String name, String namespace, List<String> scopes) {
    }

    private final ApiKeyService keys;
    private final CurrentCaller caller;

    ApiKeyResource(ApiKeyService keys, CurrentCaller caller) {
        this.keys = keys;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an API key; the secret is shown once, in this answer")
    public Response create(CreateApiKeyRequest request) {
        if (request == null) {
            throw ApiException.badRequest("request body is required");
        }
        ApiKeyService.CreatedKey created = keys.create(caller.namespace(), request.name(), parseScopes(request));
        return Response.status(201).entity(ApiKeyView.of(created.key(), created.secret())).build();
    }

    @GET
    @Operation(summary = "List the API keys of the caller's namespace")
    public List<ApiKeyView> list() {
        return keys.list(caller.namespace()).stream().map(k -> ApiKeyView.of(k, null)).toList();
    }

    @GET
    @Path("/current")
    @RequiresScope(Scope.READ)
    @Operation(summary = "The API key of this request: its id, name, namespace and scopes")
    public CurrentKeyView current() {
        Caller me = caller.get();
        // The bootstrap admin key and keys made before names existed may have no stored row name; the id still shows.
        String name = keys.list(me.namespace()).stream().filter(k -> k.id.equals(me.keyId())).map(k -> k.name)
                .findFirst().orElse(null);
        List<String> scopes = me.scopes().stream().sorted().map(Scope::wireName).toList();
        return new CurrentKeyView(me.keyId(), name, me.namespace(), scopes);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke an API key")
    public Response revoke(@PathParam("id") String id) {
        keys.revoke(caller.namespace(), id);
        return Response.noContent().build();
    }

    private static Set<Scope> parseScopes(CreateApiKeyRequest request) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        List<String> names = request.scopes() == null ? List.of() : request.scopes();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            int index = i;
            scopes.add(Scope.fromWireName(name).orElseThrow(() -> ApiException.invalid(
                    "scopes[" + index + "]", "unknown", "is '" + name + "', which is not a scope; use ingest, read or admin")));
        }
        return scopes;
    }
}

package dev.tollgate.entitlements.rest;

import dev.tollgate.shared.auth.ScopeDocumentFilter;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * Describes {@link AccessCheckRoute} in the OpenAPI document: it is a Vert.x route, which the REST layer's scan does
 * not see. The other methods and the sub-paths it accepts for gateways are left out, as one operation says it all.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class AccessCheckDocument implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null) {
            openAPI.setPaths(OASFactory.createPaths());
        }
        Operation get = OASFactory.createOperation().operationId("checkAccess").summary("Check access for a gateway")
                .description("subject (or customer, by id or key) and feature as parameters, or in the"
                        + " X-Tollgate-Subject (also X-Consumer-Username, X-Consumer-Custom-ID) and X-Tollgate-Feature"
                        + " headers. 200 allowed, 429 hard limit used up, 403 no entitlement or unknown subject;"
                        + " RateLimit-Policy and RateLimit headers on metered answers. Any method and any sub-path"
                        + " work the same, for nginx auth_request, Envoy ext_authz and Traefik forwardAuth.")
                .addTag("Entitlements")
                .addParameter(query("subject", "the gateway consumer (a subject key of a customer)"))
                .addParameter(query("customer", "the customer, by id or key, instead of a subject"))
                .addParameter(query("feature", "the feature key"))
                .responses(OASFactory.createAPIResponses()
                        .addAPIResponse("200", limited("access granted", "application/json", answer()))
                        .addAPIResponse("400", problem("no feature, or neither subject nor customer"))
                        .addAPIResponse("401", problem("no API key, or one not valid"))
                        .addAPIResponse("403", problem("no entitlement to the feature, or a subject no customer holds"))
                        .addAPIResponse("429", limited("the hard limit is used up until the period resets",
                                "application/problem+json", OASFactory.createSchema().addType(Schema.SchemaType.OBJECT))
                                .addHeader("Retry-After", header("seconds until the usage period resets")))
                        .addAPIResponse("503", problem("the access view is being built; try again")));
        get.addExtension(ScopeDocumentFilter.EXTENSION, "read");
        openAPI.getPaths().addPathItem(AccessCheckRoute.PATH, OASFactory.createPathItem().GET(get));
    }

    private static Parameter query(String name, String description) {
        return OASFactory.createParameter().name(name).in(Parameter.In.QUERY).description(description)
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING));
    }

    private static Schema answer() {
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .addProperty("hasAccess", OASFactory.createSchema().addType(Schema.SchemaType.BOOLEAN))
                .addProperty("featureKey", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("customerId", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("entitlementId", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("balance", OASFactory.createSchema().addType(Schema.SchemaType.NUMBER));
    }

    private static APIResponse limited(String description, String mediaType, Schema schema) {
        return OASFactory.createAPIResponse().description(description)
                .content(content(mediaType, schema))
                .addHeader("RateLimit-Policy", header("\"<feature>\";q=<quota>;w=<period seconds>, metered only"))
                .addHeader("RateLimit", header("\"<feature>\";r=<remaining>;t=<seconds to reset>, metered only"));
    }

    private static APIResponse problem(String description) {
        return OASFactory.createAPIResponse().description(description).content(content("application/problem+json",
                OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)));
    }

    private static Content content(String mediaType, Schema schema) {
        MediaType type = OASFactory.createMediaType().schema(schema);
        return OASFactory.createContent().addMediaType(mediaType, type);
    }

    private static Header header(String description) {
        return OASFactory.createHeader().description(description)
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING));
    }
}

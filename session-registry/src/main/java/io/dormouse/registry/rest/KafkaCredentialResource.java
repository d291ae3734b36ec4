package io.dormouse.registry.rest;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.dormouse.registry.config.RegistryConfig;
import io.dormouse.registry.messaging.KafkaAccess;
import io.dormouse.registry.security.Caller;
import io.dormouse.registry.security.CallerContext;
import io.dormouse.registry.security.Roles;
import io.dormouse.registry.service.KafkaTenants;
import io.dormouse.registry.service.SessionException;

/**
 * A tenant's Kafka credential on {@code /v1/admin/kafka-credentials}: one call gives the tenant a SCRAM-SHA-512
 * principal, its command, results and events topics and the ACLs that make them its own, and answers with everything
 * a client needs (the password once). Again replaces the password. A tenant admin manages its own tenant's; the
 * operator any tenant's. {@code ?format=properties} answers as a Kafka client properties file, {@code ?format=kcat} as
 * a kcat ({@code -F}) configuration.
 */
@Path("/v1/admin/kafka-credentials")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class KafkaCredentialResource {
    static final String MECHANISM = "SCRAM-SHA-512";

    @Inject
    KafkaTenants tenants;

    @Inject
    CallerContext caller;

    @Inject
    RegistryConfig config;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "kafka.security.protocol", defaultValue = "PLAINTEXT")
    String securityProtocol;

    /** Body: {@code {"tenant": "acme"}}, or nothing for the caller's own tenant. */
    public record CredentialRequest(String tenant) {
    }

    /** Everything a Kafka client of the tenant needs. */
    public record Credential(String tenant, String username, String password, String mechanism,
            String securityProtocol, String bootstrapServers, Topics topics, String groupPrefix) {
    }

    /** The tenant's topics: it produces to {@code commands} and consumes {@code results} and {@code events}. */
    public record Topics(String commands, String results, String events) {
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    public Response grant(CredentialRequest request, @QueryParam("format") String format)
            throws SQLException, InterruptedException, ExecutionException, TimeoutException {
        String tenant = caller.actingTenant(request == null ? null : request.tenant(), "Kafka credential");
        KafkaTenants.Granted granted = tenants.grant(tenant);
        KafkaAccess.TenantAccess access = granted.access();
        Credential credential = new Credential(tenant, access.principal(), granted.password(), MECHANISM,
                securityProtocol, config.kafka().clientBootstrapServers().orElse(bootstrapServers),
                new Topics(access.commands(), access.results(), access.events()), access.groupPrefix());
        if (format == null || format.equals("json")) {
            return Response.status(Response.Status.CREATED).entity(credential).build();
        }
        String text = switch (format) {
            case "properties" -> properties(credential);
            case "kcat" -> kcat(credential);
            default -> throw new SessionException(SessionException.Kind.INVALID,
                    "format: json (default), properties or kcat, got '" + format + "'");
        };
        return Response.status(Response.Status.CREATED).type(MediaType.TEXT_PLAIN).entity(text).build();
    }

    /** Tenants with Kafka access: the operator sees all, a tenant admin its own. */
    @GET
    public List<KafkaTenants.Listed> list() throws SQLException {
        Caller me = caller.caller();
        return tenants.list(me.isOperator() ? null : me.tenant());
    }

    @DELETE
    @Path("/{tenant}")
    public Response revoke(@PathParam("tenant") String tenant)
            throws SQLException, InterruptedException, ExecutionException, TimeoutException {
        if (!tenants.revoke(caller.actingTenant(tenant, "Kafka credential"))) {
            throw new SessionException(SessionException.Kind.NOT_FOUND, "tenant '" + tenant + "' has no Kafka access");
        }
        return Response.noContent().build();
    }

    private static String properties(Credential c) {
        return "# Kafka client settings of tenant " + c.tenant() + " (kafka-console-producer --producer.config,"
                + " kafka-console-consumer --consumer.config, the Java client).\n"
                + "# Produce SessionCommands to " + c.topics().commands() + "; consume " + c.topics().results()
                + " and " + c.topics().events() + " with a group id starting " + c.groupPrefix() + "\n"
                + "bootstrap.servers=" + c.bootstrapServers() + "\n"
                + "security.protocol=" + c.securityProtocol() + "\n"
                + "sasl.mechanism=" + c.mechanism() + "\n"
                + "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + c.username() + "\" password=\"" + c.password() + "\";\n";
    }

    private static String kcat(Credential c) {
        return "# kcat -F <this file> of tenant " + c.tenant() + ": produce to " + c.topics().commands()
                + ", consume " + c.topics().results() + " and " + c.topics().events() + "\n"
                + "bootstrap.servers=" + c.bootstrapServers() + "\n"
                + "security.protocol=" + c.securityProtocol().toLowerCase(java.util.Locale.ROOT) + "\n"
                + "sasl.mechanisms=" + c.mechanism() + "\n"
                + "sasl.username=" + c.username() + "\n"
                + "sasl.password=" + c.password() + "\n";
    }
}

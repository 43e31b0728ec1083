package dev.tollgate.meters.aggregator;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Turns the ingest topic's consumers on by the process's roles ({@code tollgate.process.roles}): the aggregator's
 * channel in an aggregator, the archiver's in an archiver. A disabled channel never joins its consumer group, so the
 * group's partitions go only to the processes of its role. Setting a channel's {@code enabled} explicitly still wins.
 */
public class TopicConsumerChannels implements ConfigSourceFactory {

    static final String ROLES = "tollgate.process.roles";
    private static final String ALL = "api,ingest,aggregator,archiver,worker";
    /** Below application.properties (250) and the environment (300): an explicit setting overrides this one. */
    private static final int ORDINAL = 110;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue value = context.getValue(ROLES);
        Set<String> roles = roles(value == null || value.getValue() == null ? ALL : value.getValue());
        return List.of(new PropertiesConfigSource(Map.of(
                "mp.messaging.incoming.events-in.enabled", String.valueOf(roles.contains("aggregator")),
                "mp.messaging.incoming.events-archive.enabled", String.valueOf(roles.contains("archiver"))),
                "tollgate-role-channels", ORDINAL));
    }

    static Set<String> roles(String value) {
        return Arrays.stream(value.split(",")).map(r -> r.trim().toLowerCase(Locale.ROOT)).filter(r -> !r.isEmpty())
                .collect(Collectors.toSet());
    }
}

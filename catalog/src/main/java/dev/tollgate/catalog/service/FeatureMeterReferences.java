package dev.tollgate.catalog.service;

import dev.tollgate.catalog.store.FeatureRepository;
import dev.tollgate.meters.api.MeterReferences;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;

/** Live features keep their meter: deleting it would take the usage that plans bill from under them. */
@ApplicationScoped
class FeatureMeterReferences implements MeterReferences {

    private final FeatureRepository features;

    FeatureMeterReferences(FeatureRepository features) {
        this.features = features;
    }

    @Override
    @Transactional
    public List<String> usersOf(String namespace, String meterSlug) {
        return features.liveKeysOnMeter(namespace, meterSlug).stream().map(key -> "feature '" + key + "'").toList();
    }
}

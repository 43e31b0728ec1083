package dev.tollgate.meters.service;

import dev.tollgate.meters.domain.Meter;
import dev.tollgate.meters.store.MeterRepository;
import dev.tollgate.shared.problem.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;

@ApplicationScoped
public class MeterService {

    private final MeterRepository meters;

    MeterService(MeterRepository meters) {
        this.meters = meters;
    }

    @Transactional
    public List<Meter> list(String namespace) {
        return meters.listLive(namespace);
    }

    @Transactional
    public Meter get(String namespace, String idOrSlug) {
        return meters.findLive(namespace, idOrSlug)
                .orElseThrow(() -> ApiException.notFound("no meter with id or slug '" + idOrSlug + "'"));
    }

    @Transactional
    public List<Meter> allLive() {
        return meters.listAllLive();
    }
}

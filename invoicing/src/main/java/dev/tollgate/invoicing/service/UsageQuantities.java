package dev.tollgate.invoicing.service;

import dev.tollgate.catalog.api.BillingCustomers;
import dev.tollgate.ingest.api.SubjectAttribution;
import dev.tollgate.invoicing.domain.UsageSnapshot;
import dev.tollgate.invoicing.store.InvoiceLineEntity;
import dev.tollgate.invoicing.store.LineJson;
import dev.tollgate.meters.api.MeterUsage;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The usage behind lines: a customer's usage of a meter over a period, through the subjects that were the customer's
 * then. A billing run asks for all its lines at once ({@link #prefetch}), so that the customers sharing a meter,
 * filters and period are read in a few ClickHouse queries instead of one each.
 */
@ApplicationScoped
public class UsageQuantities {

    /** One customer's usage question; bounds move to the start of their minute, as meters store usage. */
    public record Question(String namespace, String usageCustomerId, String meterSlug, Map<String, String> filters,
            Instant from, Instant to) {

        public Question {
            from = floor(from);
            to = floor(to);
            filters = Map.copyOf(filters);
        }

        /**
         * The question that prices a usage line: its usage from the start of its billing period (a later segment of
         * a progressively billed period subtracts what the earlier ones billed) to its end.
         */
        public static Question of(InvoiceLineEntity line, LineJson json) {
            Instant from = line.billingPeriodFrom != null && line.billingPeriodFrom.isBefore(line.periodFrom)
                    ? line.billingPeriodFrom : line.periodFrom;
            return new Question(line.namespace, line.usageCustomerId, line.meterSlug, json.groupFilters(line), from,
                    line.periodTo);
        }

        Group group() {
            return new Group(namespace, meterSlug, filters, from, to);
        }
    }

    private record Group(String namespace, String meterSlug, Map<String, String> filters, Instant from, Instant to) {
    }

    /** Answers already read, and the attributions they were read through. */
    public static final class Answers {

        private final Map<Question, UsageSnapshot> snapshots = new ConcurrentHashMap<>();

        public static Answers none() {
            return new Answers();
        }

        public int size() {
            return snapshots.size();
        }
    }

    private final MeterUsage usage;
    private final BillingCustomers customers;

    UsageQuantities(MeterUsage usage, BillingCustomers customers) {
        this.usage = usage;
        this.customers = customers;
    }

    /** Reads the answers to many questions, a meter, filters and period at a time for all their customers. */
    public Answers prefetch(Collection<Question> questions, Instant now) {
        Answers answers = new Answers();
        Map<Group, List<Question>> groups = questions.stream().distinct()
                .collect(Collectors.groupingBy(Question::group, LinkedHashMap::new, Collectors.toList()));
        groups.forEach((group, asked) -> answer(group, asked, answers, now));
        return answers;
    }

    /** The usage and how it was found, from the answers when they have it, else read now. */
    public UsageSnapshot snapshot(Question question, Answers answers, Instant now) {
        UsageSnapshot known = answers.snapshots.get(question);
        if (known != null) {
            return known;
        }
        answer(question.group(), List.of(question), answers, now);
        return answers.snapshots.get(question);
    }

    private void answer(Group group, List<Question> asked, Answers answers, Instant now) {
        List<String> ids = asked.stream().map(Question::usageCustomerId).distinct().toList();
        Map<String, List<SubjectAttribution>> attributions = new HashMap<>();
        if (group.from().isBefore(group.to())) {
            attributions.putAll(customers.attributions(group.namespace(), ids, group.from(), group.to()));
        }
        Map<String, List<SubjectAttribution>> wanted = new LinkedHashMap<>();
        ids.forEach(id -> wanted.put(id, attributions.getOrDefault(id, List.of())));
        Map<String, BigDecimal> totals = wanted.values().stream().allMatch(List::isEmpty) ? Map.of()
                : usage.totals(new MeterUsage.Selection(group.namespace(), group.meterSlug(), group.filters(),
                        group.from(), group.to()), wanted);
        for (Question question : asked) {
            List<SubjectAttribution> subjects = new ArrayList<>(wanted.get(question.usageCustomerId()));
            answers.snapshots.put(question, new UsageSnapshot(group.meterSlug(), group.filters(), List.copyOf(subjects),
                    group.from(), group.to(), totals.getOrDefault(question.usageCustomerId(), BigDecimal.ZERO),
                    now));
        }
    }

    static Instant floor(Instant instant) {
        return Instant.ofEpochSecond(Math.floorDiv(instant.getEpochSecond(), 60) * 60);
    }
}

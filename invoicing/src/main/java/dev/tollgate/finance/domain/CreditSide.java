package dev.tollgate.finance.domain;

/**
 * Who a charge is credited to: the platform (the plan's credit account) for direct costs and shared features, or the
 * department that runs a shared platform customer, which recovers its cost from the others.
 *
 * @param department null for the platform
 */
public record CreditSide(String department) implements Comparable<CreditSide> {

    public static final CreditSide PLATFORM = new CreditSide(null);

    public static CreditSide department(String department) {
        return department == null ? PLATFORM : new CreditSide(department);
    }

    public boolean isPlatform() {
        return department == null;
    }

    /** The platform first, then departments by name: the order of journal lines and invoice lines. */
    @Override
    public int compareTo(CreditSide other) {
        if (isPlatform() || other.isPlatform()) {
            return Boolean.compare(!isPlatform(), !other.isPlatform());
        }
        return department.compareTo(other.department);
    }
}

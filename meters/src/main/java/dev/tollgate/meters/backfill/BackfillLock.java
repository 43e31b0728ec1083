package dev.tollgate.meters.backfill;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jboss.logging.Logger;

/**
 * Lets one Tollgate instance at a time run backfills: a PostgreSQL session advisory lock, held on its own connection
 * while the backfills run. If the instance dies, its connection closes and the lock is free again.
 */
@ApplicationScoped
public class BackfillLock {

    private static final Logger LOG = Logger.getLogger(BackfillLock.class);
    /** An arbitrary constant naming this lock among the database's advisory locks. */
    private static final long LOCK_KEY = 0x746f6c6c67617465L;

    private final AgroalDataSource dataSource;

    BackfillLock(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs the work if no other instance holds the lock; otherwise does nothing. */
    public void whileHeld(Runnable work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            if (!call(connection, "SELECT pg_try_advisory_lock(?)")) {
                LOG.debug("another instance runs the backfills");
                return;
            }
            try {
                work.run();
            } finally {
                call(connection, "SELECT pg_advisory_unlock(?)");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot take the backfill lock: " + e.getMessage(), e);
        }
    }

    private static boolean call(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, LOCK_KEY);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }
}

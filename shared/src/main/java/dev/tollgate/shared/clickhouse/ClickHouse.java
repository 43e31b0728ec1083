package dev.tollgate.shared.clickhouse;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one adapter to ClickHouse, over the official client-v2 and HTTP. It speaks only text formats (JSONEachRow) so that
 * the same calls work against ClickHouse 18.16 and current releases.
 */
@ApplicationScoped
public class ClickHouse {

    private static final JsonFactory ROWS = new JsonFactory();

    private final Client client;
    private final ClickHouseConfig config;
    private final ObjectMapper json;
    private final MeterRegistry registry;
    /** Chunks for insert bodies: enough for the archiver's and the aggregator's bodies in flight (8 MB). */
    private final BoundedPool<byte[]> bodies = GzipBody.pool(32);

    ClickHouse(ClickHouseConfig config, ObjectMapper json, MeterRegistry registry) {
        this.config = config;
        this.json = json;
        this.registry = registry;
        this.client = new Client.Builder()
                .addEndpoint(config.url())
                .setUsername(config.username())
                .setPassword(config.password().orElse(""))
                .setConnectTimeout(config.connectTimeout().toMillis(), ChronoUnit.MILLIS)
                .setSocketTimeout(config.socketTimeout().toMillis(), ChronoUnit.MILLIS)
                .compressServerResponse(config.compressServerResponse())
                .compressClientRequest(config.compressClientRequest())
                .useHttpCompression(config.useHttpCompression())
                .setOptions(config.options())
                .build();
    }

    public String database() {
        return config.database();
    }

    /** A table name qualified with the configured database, ready to splice into SQL. */
    public String table(String name) {
        return Sql.identifier(config.database()) + "." + Sql.identifier(name);
    }

    public boolean ping(long timeoutMillis) {
        return client.ping(timeoutMillis);
    }

    /** Runs a statement that returns nothing of interest (DDL, ALTER). */
    public void execute(String sql) {
        try (QueryResponse ignored = await(client.query(sql, textSettings()))) {
            // the body is empty; closing releases the connection
        } catch (Exception e) {
            throw failure("statement failed", e);
        }
    }

    /** Runs a SELECT and reads its rows; numbers keep their exact decimal value. */
    public List<JsonNode> query(String sql) {
        List<JsonNode> result = new ArrayList<>();
        query(sql, result::add);
        return result;
    }

    /** Runs a SELECT and hands its rows to the sink one by one as they arrive, so a large result never sits in memory. */
    public void query(String sql, Consumer<JsonNode> sink) {
        QuerySettings settings = new QuerySettings().setFormat(ClickHouseFormat.JSONEachRow);
        // 18.16 ignores the format the client asks for out of band, so name it in the statement as well.
        try (QueryResponse response = await(client.query(sql + " FORMAT JSONEachRow", settings));
                InputStream body = response.getInputStream();
                MappingIterator<JsonNode> rows = json.readerFor(JsonNode.class).readValues(body)) {
            while (rows.hasNextValue()) {
                sink.accept(rows.nextValue());
            }
        } catch (Exception e) {
            throw failure("query failed", e);
        }
    }

    /** Writes one item as one JSON object: one row of an insert. */
    @FunctionalInterface
    public interface RowWriter<T> {
        void write(T item, JsonGenerator out) throws IOException;
    }

    /** A row that knows how to write itself, for inserts that mix kinds of rows. */
    @FunctionalInterface
    public interface JsonRow {
        void write(JsonGenerator out) throws IOException;
    }

    /**
     * Inserts rows into a table of the configured database as one statement, sent as one gzip member. The gzip trailer
     * makes the server reject a body cut short by a crash, even at a row boundary, so an insert lands whole or not at
     * all. Compression favours speed: the body crosses a local network once.
     */
    public <T> void insertJsonRows(String table, Iterable<T> items, RowWriter<T> writer,
            Map<String, String> serverSettings) {
        GzipBody body = gzip(out -> {
            try (JsonGenerator json = ROWS.createGenerator(out)) {
                json.setRootValueSeparator(null);
                for (T item : items) {
                    writer.write(item, json);
                    json.writeRaw('\n');
                }
            }
        });
        insertGzipped(table, List.of(), body, ClickHouseFormat.JSONEachRow, serverSettings);
    }

    /** Writes one item as one TabSeparated row, its columns in the order the statement names them. */
    @FunctionalInterface
    public interface TsvWriter<T> {
        void write(T item, TsvRowWriter row) throws IOException;
    }

    /**
     * Inserts rows as TabSeparated into the named columns, as one gzip member (see
     * {@link #insertJsonRows}): cheaper than JSON for rows that carry large text.
     */
    public <T> void insertTsvRows(String table, List<String> columns, Iterable<T> items,
            TsvWriter<T> writer) {
        insertTsv(table, columns, rows(row -> {
            for (T item : items) {
                writer.write(item, row);
                row.endRow();
            }
        }));
    }

    /** Writes the i-th row of a table held in arrays, its columns in the order the statement names them. */
    @FunctionalInterface
    public interface IndexedTsvWriter {
        void write(int i, TsvRowWriter row) throws IOException;
    }

    /**
     * Inserts {@code count} TabSeparated rows, the i-th written by {@code writer}: for rows held in parallel arrays
     * rather than one object each.
     */
    public void insertTsvRows(String table, List<String> columns, int count, IndexedTsvWriter writer) {
        insertTsv(table, columns, rows(row -> {
            for (int i = 0; i < count; i++) {
                writer.write(i, row);
                row.endRow();
            }
        }));
    }

    private interface RowsWriter {
        void write(TsvRowWriter row) throws IOException;
    }

    private static BodyWriter rows(RowsWriter rows) {
        return out -> {
            TsvRowWriter row = new TsvRowWriter(new BufferedOutputStream(out, 64 * 1024));
            rows.write(row);
            row.flush();
        };
    }

    /**
     * Inserts TabSeparated rows that the body writes, already encoded (see {@link TsvRowWriter#to}), as one gzip
     * member.
     */
    public void insertTsv(String table, List<String> columns, BodyWriter body) {
        insertGzipped(table, columns, gzip(body), ClickHouseFormat.TabSeparated, Map.of());
    }

    /** @param columns the columns the rows fill, in order; empty when the rows name their fields */
    private void insertGzipped(String table, List<String> columns, GzipBody gzippedRows, ClickHouseFormat format,
            Map<String, String> serverSettings) {
        String qualified = table(table);
        InsertSettings settings = new InsertSettings().appCompressedData(true, "gzip");
        serverSettings.forEach(settings::serverSetting);
        Timer.Sample sample = Timer.start(registry);
        InputStream body = gzippedRows.read();
        try (var ignored = await(columns.isEmpty() ? client.insert(qualified, body, format, settings)
                : client.insert(qualified, columns, body, format, settings))) {
            sample.stop(registry.timer("tollgate.clickhouse.insert", "table", table, "outcome", "success"));
            gzippedRows.release();
        } catch (Exception e) {
            sample.stop(registry.timer("tollgate.clickhouse.insert", "table", table, "outcome", "failure"));
            throw failure("insert into " + table + " failed", e);
        }
    }

    /** Writes a body into the stream it is given. */
    @FunctionalInterface
    public interface BodyWriter {
        void write(OutputStream out) throws IOException;
    }

    /** One gzip member holding everything the writer writes, at tollgate.clickhouse.insert-compression-level. */
    private GzipBody gzip(BodyWriter body) {
        try {
            return GzipBody.of(body, config.insertCompressionLevel(), bodies);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private QuerySettings textSettings() {
        return new QuerySettings().setFormat(ClickHouseFormat.TabSeparated);
    }

    private <T> T await(java.util.concurrent.CompletableFuture<T> future)
            throws InterruptedException, ExecutionException, TimeoutException {
        return future.get(config.socketTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
    }

    private static ClickHouseException failure(String what, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return new ClickHouseException(what + ": " + cause.getMessage(), cause);
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** Reading a failure's body is not always possible; keep the message short and free of data. */
    public static final class ClickHouseException extends RuntimeException {
        ClickHouseException(String message, Throwable cause) {
            super(message, cause);
        }
    }

}

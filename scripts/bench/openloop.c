/*
 * An open-loop HTTP/1.1 load generator, as wrk2 is (wrk2 is in no package repository these machines reach): requests
 * are due on a fixed schedule, RATE per second whatever the answers do, and each latency is counted from when the
 * request was due, not from when it was sent, so a stalled server shows in the percentiles instead of slowing the
 * load (no coordinated omission). One thread and epoll: on a 2-core machine shared with the server, the generator
 * should take as little CPU, and stall as little, as it can.
 *
 * Usage: openloop URL RATE SECONDS PATHS_FILE [CONNECTIONS [WARMUP_SECONDS]]
 *   URL           http://HOST:PORT (IPv4 address)
 *   PATHS_FILE    one request path per line, used in turn
 *   BENCH_KEY     the API key, sent as "Authorization: Bearer" (environment)
 *   BODIES_FILE   (environment, optional) one request body per line: the requests are then POSTs, body k sent to
 *                 path k modulo the number of paths, the bodies used in turn. The measured schedule carries on from
 *                 where the warm-up's stopped in the file, so with at least RATE x (WARMUP_SECONDS + SECONDS) lines
 *                 no body is sent twice (Tollgate deduplicates events by id; a repeated body would measure that).
 *   CONTENT_TYPE  (environment) the POSTs' Content-Type, default application/json
 * Without BODIES_FILE the requests are GETs, as before.
 * First WARMUP_SECONDS (default 10) at the same rate, not counted and answered in full before the measured schedule
 * starts, on the same connections. A request due while every connection is busy waits for one, its wait counted.
 * Prints one line on stdout:
 *   openloop rate=R sent=N done=N errors=E complete=true achieved=A p50=.. p90=.. p99=.. p999=.. max=.. ms
 *   statuses={200=N, 429=M}
 * and the worst latency of each second of the schedule on stderr. Build: cc -O2 -o openloop openloop.c
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BUFFER 16384

typedef struct {
    int fd;
    long request; /* index in the schedule, -1 when idle */
    char *out;
    size_t out_len, out_sent;
    char in[BUFFER];
    size_t in_len;
} conn_t;

typedef struct {
    long total, next, answered, errors;
    long first; /* the request (line) the schedule's first request sends; later ones follow in turn */
    int64_t start, interval;
    int64_t *latency; /* nanoseconds from due to answered; -1 until answered */
    long statuses[600];
} schedule_t;

static struct sockaddr_in address;
static char **requests;
static size_t *request_lengths;
static long request_count; /* prepared requests: one per path, or one per body with BODIES_FILE */

static int64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t) t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void die(const char *what) {
    perror(what);
    exit(1);
}

static void connect_one(conn_t *c, int epoll) {
    c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (c->fd < 0) die("socket");
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(c->fd, (struct sockaddr *) &address, sizeof address) < 0 && errno != EINPROGRESS) die("connect");
    struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT | EPOLLET, .data.ptr = c};
    if (epoll_ctl(epoll, EPOLL_CTL_ADD, c->fd, &ev) < 0) die("epoll_ctl");
    c->request = -1;
    c->in_len = 0;
}

static void flush_out(conn_t *c) {
    while (c->out_sent < c->out_len) {
        ssize_t n = write(c->fd, c->out + c->out_sent, c->out_len - c->out_sent);
        if (n <= 0) return; /* EAGAIN (or not yet connected): EPOLLOUT resumes it */
        c->out_sent += (size_t) n;
    }
}

static void send_request(conn_t *c, long index, long first) {
    long which = (first + index) % request_count;
    c->request = index;
    c->out = requests[which];
    c->out_len = request_lengths[which];
    c->out_sent = 0;
    c->in_len = 0;
    flush_out(c);
}

/* The length of a complete response at the start of the buffer, 0 while incomplete; the status in *status. */
static size_t complete_response(conn_t *c, int *status) {
    c->in[c->in_len] = 0;
    char *end = strstr(c->in, "\r\n\r\n");
    if (end == NULL) return 0;
    size_t head = (size_t) (end - c->in) + 4;
    *status = atoi(c->in + 9);
    long length = 0;
    for (char *line = strstr(c->in, "\r\n"); line != NULL && line < end; line = strstr(line + 2, "\r\n")) {
        if (strncasecmp(line + 2, "content-length:", 15) == 0) length = atol(line + 17);
        if (strncasecmp(line + 2, "transfer-encoding:", 18) == 0) {
            char *last = strstr(end, "\r\n0\r\n\r\n"); /* chunked: complete at the last chunk */
            return last == NULL ? 0 : (size_t) (last - c->in) + 7;
        }
    }
    return c->in_len >= head + (size_t) length ? head + (size_t) length : 0;
}

static int run(schedule_t *s, conn_t *conns, int count, int epoll) {
    long *waiting = malloc(sizeof(long) * (size_t) s->total);
    long wait_head = 0, wait_tail = 0;
    struct epoll_event events[256];
    while (s->answered + s->errors < s->total) {
        int64_t now = now_ns();
        while (s->next < s->total && s->start + s->next * s->interval <= now) waiting[wait_tail++] = s->next++;
        for (int i = 0; i < count && wait_head < wait_tail; i++) {
            if (conns[i].request < 0) send_request(&conns[i], waiting[wait_head++], s->first);
        }
        int64_t wait = s->next < s->total ? s->start + s->next * s->interval - now_ns() : 100000000;
        struct timespec timeout = {.tv_sec = 0, .tv_nsec = wait < 0 ? 0 : (wait > 100000000 ? 100000000 : wait)};
        int n = epoll_pwait2(epoll, events, 256, &timeout, NULL);
        if (n < 0 && errno != EINTR) die("epoll_pwait2");
        for (int e = 0; e < n; e++) {
            conn_t *c = events[e].data.ptr;
            if (events[e].events & EPOLLOUT) flush_out(c);
            if (!(events[e].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) continue;
            for (;;) {
                ssize_t r = read(c->fd, c->in + c->in_len, BUFFER - 1 - c->in_len);
                if (r < 0 && errno == EAGAIN) break;
                if (r <= 0 || c->in_len + (size_t) r >= BUFFER - 1) { /* closed, failed or too large */
                    if (c->request >= 0) s->errors++;
                    close(c->fd);
                    connect_one(c, epoll);
                    break;
                }
                c->in_len += (size_t) r;
                int status = 0;
                if (c->request >= 0 && complete_response(c, &status) > 0) {
                    s->latency[c->request] = now_ns() - (s->start + c->request * s->interval);
                    s->statuses[status > 0 && status < 600 ? status : 0]++;
                    s->answered++;
                    c->request = -1;
                    c->in_len = 0;
                    if (wait_head < wait_tail) send_request(c, waiting[wait_head++], s->first);
                }
            }
        }
    }
    free(waiting);
    return 0;
}

static int compare(const void *a, const void *b) {
    int64_t x = *(const int64_t *) a, y = *(const int64_t *) b;
    return x < y ? -1 : x > y;
}

static double quantile_ms(int64_t *sorted, long n, double q) {
    if (n == 0) return 0;
    long index = (long) (q * (double) n + 0.999999) - 1;
    return (double) sorted[index < 0 ? 0 : (index >= n ? n - 1 : index)] / 1e6;
}

static schedule_t *schedule(long rate, long total, long first) {
    schedule_t *s = calloc(1, sizeof *s);
    s->total = total;
    s->first = first;
    s->interval = 1000000000LL / rate;
    s->start = now_ns() + 200000000LL;
    s->latency = malloc(sizeof(int64_t) * (size_t) (total > 0 ? total : 1));
    for (long i = 0; i < total; i++) s->latency[i] = -1;
    return s;
}

/* The non-empty lines of a file, without their line ends, any length; exits if it cannot be read. */
static char **read_lines(const char *name, long *count) {
    FILE *file = fopen(name, "r");
    if (file == NULL) die(name);
    char **lines = NULL, *line = NULL;
    size_t capacity = 0, size = 0;
    ssize_t length;
    *count = 0;
    while ((length = getline(&line, &size, file)) >= 0) {
        line[strcspn(line, "\r\n")] = 0;
        if (line[0] == 0) continue;
        if ((size_t) *count == capacity) {
            capacity = capacity == 0 ? 1024 : capacity * 2;
            lines = realloc(lines, sizeof(char *) * capacity);
            if (lines == NULL) die("realloc");
        }
        lines[(*count)++] = strdup(line);
    }
    free(line);
    fclose(file);
    return lines;
}

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: openloop URL RATE SECONDS PATHS_FILE [CONNECTIONS [WARMUP_SECONDS]]\n");
        return 2;
    }
    char host[256];
    int port;
    if (sscanf(argv[1], "http://%255[^:/]:%d", host, &port) != 2) {
        fprintf(stderr, "openloop: URL must be http://IPV4:PORT\n");
        return 2;
    }
    address.sin_family = AF_INET;
    address.sin_port = htons((uint16_t) port);
    if (inet_pton(AF_INET, host, &address.sin_addr) != 1) {
        fprintf(stderr, "openloop: %s is not an IPv4 address\n", host);
        return 2;
    }
    long rate = atol(argv[2]), seconds = atol(argv[3]);
    int count = argc > 5 ? atoi(argv[5]) : 64;
    long warmup = argc > 6 ? atol(argv[6]) : 10;
    if (rate <= 0 || seconds <= 0 || count <= 0 || warmup < 0) {
        fprintf(stderr, "openloop: RATE, SECONDS and CONNECTIONS must be positive\n");
        return 2;
    }
    const char *key = getenv("BENCH_KEY") ? getenv("BENCH_KEY") : "";
    long path_count = 0, body_count = 0;
    char **paths = read_lines(argv[4], &path_count);
    if (path_count == 0) {
        fprintf(stderr, "openloop: %s has no paths\n", argv[4]);
        return 2;
    }
    const char *bodies_file = getenv("BODIES_FILE");
    if (bodies_file != NULL && bodies_file[0] != 0) {
        const char *type = getenv("CONTENT_TYPE");
        if (type == NULL || type[0] == 0) type = "application/json";
        char **bodies = read_lines(bodies_file, &body_count);
        if (body_count == 0) {
            fprintf(stderr, "openloop: %s has no bodies\n", bodies_file);
            return 2;
        }
        if (body_count < rate * (warmup + seconds)) {
            fprintf(stderr, "openloop: warning: %ld bodies for %ld requests, so bodies repeat\n", body_count,
                    rate * (warmup + seconds));
        }
        requests = malloc(sizeof(char *) * (size_t) body_count);
        request_lengths = malloc(sizeof(size_t) * (size_t) body_count);
        for (long i = 0; i < body_count; i++) {
            size_t body_length = strlen(bodies[i]);
            int length = asprintf(&requests[i], "POST %s HTTP/1.1\r\nHost: %s:%d\r\nAuthorization: Bearer %s\r\n"
                    "Content-Type: %s\r\nContent-Length: %zu\r\n\r\n%s", paths[i % path_count], host, port, key, type,
                    body_length, bodies[i]);
            if (length < 0) die("asprintf");
            request_lengths[i] = (size_t) length;
            free(bodies[i]);
        }
        free(bodies);
        request_count = body_count;
    } else {
        requests = malloc(sizeof(char *) * (size_t) path_count);
        request_lengths = malloc(sizeof(size_t) * (size_t) path_count);
        for (long i = 0; i < path_count; i++) {
            int length = asprintf(&requests[i], "GET %s HTTP/1.1\r\nHost: %s:%d\r\nAuthorization: Bearer %s\r\n"
                    "\r\n", paths[i], host, port, key);
            if (length < 0) die("asprintf");
            request_lengths[i] = (size_t) length;
        }
        request_count = path_count;
    }
    int epoll = epoll_create1(0);
    conn_t *conns = calloc((size_t) count, sizeof(conn_t));
    for (int i = 0; i < count; i++) connect_one(&conns[i], epoll);
    /* GETs start the measured schedule at the first path again, as they always did; bodies carry on after the
       warm-up's, so that no event is sent twice. */
    long first = 0;
    if (warmup > 0) {
        schedule_t *warming = schedule(rate, rate * warmup, 0);
        run(warming, conns, count, epoll);
        if (body_count > 0) first = rate * warmup;
    }
    schedule_t *s = schedule(rate, rate * seconds, first);
    run(s, conns, count, epoll);
    double elapsed = (double) (now_ns() - s->start) / 1e9;

    int64_t *sorted = malloc(sizeof(int64_t) * (size_t) s->total);
    long done = 0;
    for (long i = 0; i < s->total; i++) {
        if (s->latency[i] >= 0) sorted[done++] = s->latency[i];
    }
    qsort(sorted, (size_t) done, sizeof(int64_t), compare);
    printf("openloop rate=%ld sent=%ld done=%ld errors=%ld complete=%s achieved=%.0f p50=%.3f p90=%.3f p99=%.3f"
           " p999=%.3f max=%.3f ms statuses={", rate, s->total, done, s->errors, done == s->total ? "true" : "false",
           (double) done / elapsed, quantile_ms(sorted, done, 0.50), quantile_ms(sorted, done, 0.90),
           quantile_ms(sorted, done, 0.99), quantile_ms(sorted, done, 0.999),
           done == 0 ? 0 : (double) sorted[done - 1] / 1e6);
    const char *separator = "";
    for (int status = 0; status < 600; status++) {
        if (s->statuses[status] > 0) {
            printf("%s%d=%ld", separator, status, s->statuses[status]);
            separator = ", ";
        }
    }
    printf("}\n");
    fprintf(stderr, "worst latency per second of the schedule, ms:");
    for (long from = 0; from < s->total; from += rate) {
        int64_t worst = 0;
        for (long i = from; i < s->total && i < from + rate; i++) worst = s->latency[i] > worst ? s->latency[i] : worst;
        fprintf(stderr, " %ld", (long) (worst / 1000000));
    }
    fprintf(stderr, "\n");
    /* OPENLOOP_TRACE=FILE: every request slower than 10 ms, as "<when it was due, Unix ms> <latency ms>", to line the
       tail up with GC logs and metrics (a diagnostic; the bench does not set it). */
    const char *trace = getenv("OPENLOOP_TRACE");
    FILE *t = trace ? fopen(trace, "w") : NULL;
    if (t) {
        struct timespec real;
        clock_gettime(CLOCK_REALTIME, &real);
        int64_t offset = (int64_t) real.tv_sec * 1000000000LL + real.tv_nsec - now_ns();
        for (long i = 0; i < s->total; i++) {
            if (s->latency[i] > 10000000LL) {
                fprintf(t, "%.3f %.1f\n", (double) (s->start + i * s->interval + offset) / 1e6,
                        (double) s->latency[i] / 1e6);
            }
        }
        fclose(t);
    }
    return 0;
}

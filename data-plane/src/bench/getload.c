// Load generator for `npm run bench -- tiering` (bench/tiering.ts compiles it with gcc -O2 when gcc is
// there): closed-loop GETs (and SETs) from many connections, one request in flight each, every reply
// checked byte by byte against the value the bench stored. In C so that the driver costs a few
// microseconds per request and the two cores of the machine go to the server, not to the load generator.
//
//   getload <port> <clients> <seconds> <keys> <hot-keys> <hot-percent> <value-bytes> [seed] [set-one-in]
//           [generation-base]
//
// Key i is "k:%09d"; its value of generation g is "v<g>:<i>:" followed by the letter 'a' + (i + g) % 26
// up to value-bytes (bench/tiering.ts valueOf(i, g)); the bench stores generation 0. hot-percent of the
// requests go to keys [0, hot-keys), the rest to [0, keys). With set-one-in N > 0 a request is a SET of
// the key's next generation with probability 1/N; a GET must then return a generation between the last
// one acknowledged when it was sent and the last one sent. An earlier run's SETs wrote generations up to
// generation-base (default 0): this run's start above it, and a key it has not written yet may hold any
// generation up to it. A null reply is a miss, anything else than an acceptable value an error. Prints
// one line:
//   {"ops":..,"seconds":..,"p50_ms":..,"p99_ms":..,"errors":..,"misses":..,"cpu_us_per_op":..}
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_REPLY (1 << 20)

typedef struct {
  int fd;
  long key;
  int is_set;
  /** SET: the generation written; GET: the oldest acceptable one. */
  unsigned gen;
  double t0;
  size_t have;
  char *buf;
} conn_t;

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t rng_state = 88172645463325252ULL;
static uint64_t rng(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return rng_state;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static long keys_n, hot_n, hot_pct, value_bytes, set_one_in;
/** Per key: the last generation sent in a SET, and the last one acknowledged. */
static unsigned *issued, *acked;
static char *set_req;
/** "$<value-bytes>\r\n": the head of every expected GET reply. */
static char bulk_head[32];
static size_t bulk_len;

static long pick(void) {
  if (hot_pct > 0 && (long)(rng() % 100) < hot_pct) return (long)(rng() % (uint64_t)hot_n);
  return (long)(rng() % (uint64_t)keys_n);
}

static int write_all(int fd, const char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w <= 0) return -1;
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

static int send_request(conn_t *c) {
  char req[96];
  c->key = pick();
  c->is_set = set_one_in > 0 && rng() % (uint64_t)set_one_in == 0;
  c->t0 = now_s();
  c->have = 0;
  if (!c->is_set) {
    c->gen = acked[c->key];
    int n = snprintf(req, sizeof req, "*2\r\n$3\r\nGET\r\n$11\r\nk:%09ld\r\n", c->key);
    // A few dozen bytes into an idle loopback socket: written whole or the connection is broken.
    return write(c->fd, req, (size_t)n) == n ? 0 : -1;
  }
  c->gen = ++issued[c->key];
  int head = snprintf(set_req, 128, "*3\r\n$3\r\nSET\r\n$11\r\nk:%09ld\r\n$%ld\r\n", c->key, value_bytes);
  char *v = set_req + head;
  int vh = snprintf(v, 64, "v%u:%ld:", c->gen, c->key);
  memset(v + vh, 'a' + (int)((c->key + c->gen) % 26), (size_t)(value_bytes - vh));
  memcpy(v + value_bytes, "\r\n", 2);
  return write_all(c->fd, set_req, (size_t)head + (size_t)value_bytes + 2);
}

// 1 when a whole reply is in c->buf (*len set), 0 when more bytes are needed.
static int reply_complete(const conn_t *c, size_t *len) {
  char *eol = memmem(c->buf, c->have, "\r\n", 2);
  if (eol == NULL) return 0;
  if (c->buf[0] != '$') {
    *len = (size_t)(eol - c->buf) + 2;
    return 1;
  }
  long n = strtol(c->buf + 1, NULL, 10);
  size_t need = (size_t)(eol - c->buf) + 2 + (n < 0 ? 0 : (size_t)n + 2);
  if (c->have < need) return 0;
  *len = need;
  return 1;
}

// 0 an acceptable reply, 1 miss (null bulk), 2 wrong.
static int check(conn_t *c, size_t len) {
  if (c->is_set) {
    if (len != 5 || memcmp(c->buf, "+OK\r\n", 5) != 0) return 2;
    if (acked[c->key] < c->gen) acked[c->key] = c->gen;
    return 0;
  }
  if (len == 5 && memcmp(c->buf, "$-1\r\n", 5) == 0) return 1;
  size_t pre = bulk_len;
  if (len != pre + (size_t)value_bytes + 2 || memcmp(c->buf, bulk_head, pre) != 0 || c->buf[pre] != 'v') return 2;
  char *end;
  unsigned long g = strtoul(c->buf + pre + 1, &end, 10);
  if (g < c->gen || g > issued[c->key] || *end != ':') return 2;
  char head[64];
  int hl = snprintf(head, sizeof head, ":%ld:", c->key);
  if (memcmp(end, head, (size_t)hl) != 0) return 2;
  char fill = (char)('a' + (c->key + (long)g) % 26);
  for (char *k = end + hl; k < c->buf + pre + value_bytes; k++)
    if (*k != fill) return 2;
  return c->buf[len - 2] == '\r' && c->buf[len - 1] == '\n' ? 0 : 2;
}

int main(int argc, char **argv) {
  if (argc < 8) {
    fprintf(stderr, "usage: %s port clients seconds keys hot-keys hot-percent value-bytes [seed] [set-one-in]\n",
            argv[0]);
    return 2;
  }
  int port = atoi(argv[1]);
  int clients = atoi(argv[2]);
  double seconds = atof(argv[3]);
  keys_n = atol(argv[4]);
  hot_n = atol(argv[5]) > 0 ? atol(argv[5]) : 1;
  hot_pct = atol(argv[6]);
  value_bytes = atol(argv[7]);
  if (argc > 8) rng_state ^= (uint64_t)atoll(argv[8]) * 0x9E3779B97F4A7C15ULL;
  set_one_in = argc > 9 ? atol(argv[9]) : 0;
  unsigned base = argc > 10 ? (unsigned)strtoul(argv[10], NULL, 10) : 0;
  if (clients <= 0 || keys_n <= 0 || value_bytes <= 0 || value_bytes > MAX_REPLY / 2) return 2;
  issued = calloc((size_t)keys_n, sizeof(unsigned));
  acked = calloc((size_t)keys_n, sizeof(unsigned));
  set_req = malloc((size_t)value_bytes + 256);
  bulk_len = (size_t)snprintf(bulk_head, sizeof bulk_head, "$%ld\r\n", value_bytes);
  for (long i = 0; i < keys_n; i++) issued[i] = base;

  int ep = epoll_create1(0);
  conn_t *conns = calloc((size_t)clients, sizeof(conn_t));
  size_t lat_cap = 1 << 20, lat_n = 0;
  double *lat = malloc(lat_cap * sizeof(double));
  long errors = 0, misses = 0;
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  for (int i = 0; i < clients; i++) {
    conn_t *c = &conns[i];
    c->buf = malloc(MAX_REPLY);
    c->fd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(c->fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
      perror("connect");
      return 1;
    }
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
    epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
  }
  struct rusage ru0, ru1;
  getrusage(RUSAGE_SELF, &ru0);
  double start = now_s(), deadline = start + seconds;
  int active = clients;
  for (int i = 0; i < clients; i++)
    if (send_request(&conns[i]) != 0) return 1;
  struct epoll_event events[256];
  while (active > 0) {
    int n = epoll_wait(ep, events, 256, 1000);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // no reply for a second: stop and report what was measured
    double t = now_s();
    for (int e = 0; e < n; e++) {
      conn_t *c = events[e].data.ptr;
      ssize_t r = read(c->fd, c->buf + c->have, MAX_REPLY - c->have);
      if (r <= 0) {
        errors++;
        epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
        active--;
        continue;
      }
      c->have += (size_t)r;
      size_t len;
      if (!reply_complete(c, &len)) {
        if (c->have == MAX_REPLY) c->have = 0, errors++;
        continue;
      }
      int k = check(c, len);
      if (k == 1) misses++;
      else if (k == 2) errors++;
      if (lat_n == lat_cap) lat = realloc(lat, (lat_cap *= 2) * sizeof(double));
      lat[lat_n++] = (t - c->t0) * 1000;
      if (t >= deadline || send_request(c) != 0) {
        epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
        active--;
      }
    }
  }
  double secs = now_s() - start;
  getrusage(RUSAGE_SELF, &ru1);
  double cpu = (double)(ru1.ru_utime.tv_sec - ru0.ru_utime.tv_sec + ru1.ru_stime.tv_sec - ru0.ru_stime.tv_sec) +
               (double)(ru1.ru_utime.tv_usec - ru0.ru_utime.tv_usec + ru1.ru_stime.tv_usec - ru0.ru_stime.tv_usec) / 1e6;
  qsort(lat, lat_n, sizeof(double), cmp_double);
  printf("{\"ops\":%zu,\"seconds\":%.6f,\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"errors\":%ld,\"misses\":%ld,\"cpu_us_per_op\":%.2f}\n",
         lat_n, secs, lat_n ? lat[lat_n / 2] : 0.0, lat_n ? lat[(size_t)(lat_n * 0.99)] : 0.0, errors, misses,
         lat_n ? cpu * 1e6 / (double)lat_n : 0.0);
  for (int i = 0; i < clients; i++) close(conns[i].fd);
  return 0;
}

// Latency probe for `npm run bench -- tiering` (compiled like getload.c): one connection that sends a
// PING, waits for +PONG, sleeps <interval-us> and sends the next one, for <seconds>. It runs beside the
// read load of each round, against strata (tiered and in RAM) and redis-server alike, so its worst round
// trip is the stall a client sees, measured the same way for the peer: the server's own pauses, its
// queueing behind the other clients' commands and the time this shared machine did not run it.
//
//   pingprobe <port> <seconds> <interval-us>
//
// Prints one line: {"pings":..,"p50_ms":..,"p99_ms":..,"p999_ms":..,"max_ms":..,"errors":..}
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double at(const double *sorted, long n, double q) {
  if (n == 0) return 0;
  long i = (long)(q * (double)(n - 1));
  return sorted[i];
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: pingprobe <port> <seconds> <interval-us>\n");
    return 2;
  }
  int port = atoi(argv[1]);
  double seconds = atof(argv[2]);
  long interval_us = atol(argv[3]);
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in addr = {0};
  addr.sin_family = AF_INET;
  addr.sin_port = htons((unsigned short)port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
    perror("connect");
    return 1;
  }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  long cap = 1 << 16, n = 0, errors = 0;
  double *rtt = malloc(sizeof(double) * (size_t)cap);
  static const char ping[] = "*1\r\n$4\r\nPING\r\n";
  double end = now_s() + seconds;
  struct timespec pause = {interval_us / 1000000, (interval_us % 1000000) * 1000};
  while (now_s() < end) {
    double t0 = now_s();
    if (write(fd, ping, sizeof ping - 1) != (ssize_t)(sizeof ping - 1)) {
      perror("write");
      return 1;
    }
    char buf[64];
    size_t have = 0;
    while (have < 7) {
      ssize_t r = read(fd, buf + have, sizeof buf - have);
      if (r <= 0) {
        perror("read");
        return 1;
      }
      have += (size_t)r;
    }
    if (have != 7 || memcmp(buf, "+PONG\r\n", 7) != 0) errors++;
    if (n == cap) {
      cap *= 2;
      rtt = realloc(rtt, sizeof(double) * (size_t)cap);
    }
    rtt[n++] = (now_s() - t0) * 1000;
    nanosleep(&pause, NULL);
  }
  qsort(rtt, (size_t)n, sizeof(double), cmp_double);
  printf("{\"pings\":%ld,\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"p999_ms\":%.3f,\"max_ms\":%.3f,\"errors\":%ld}\n", n,
         at(rtt, n, 0.5), at(rtt, n, 0.99), at(rtt, n, 0.999), n ? rtt[n - 1] : 0, errors);
  return 0;
}

// Reference program for `npm run bench -- native`: the same workloads as the JavaScript side, driven
// from C with liburing, so the table compares Node against the best a plain C loop gets from this disk.
//
//   ref <file> <randread|seqwrite> <queue-depth> <block-bytes> <seconds> <file-bytes> [seed]
//
// O_DIRECT, one registered buffer per in-flight slot (fixed buffers), refill as completions arrive,
// one io_uring_submit per batch of completions. Prints one JSON line:
//   {"ops":..,"bytes":..,"seconds":..,"p50_us":..,"p99_us":..,"cpu_user_s":..,"cpu_sys_s":..}
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <liburing.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double tv_s(struct timeval tv) { return (double)tv.tv_sec + (double)tv.tv_usec / 1e6; }

static int cmp_double(const void* a, const void* b) {
  double x = *(const double*)a, y = *(const double*)b;
  return x < y ? -1 : x > y;
}

static uint32_t rng_state;
static uint32_t xorshift32(void) {
  uint32_t x = rng_state;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  return rng_state = x;
}

static void die(const char* what, int err) {
  fprintf(stderr, "ref: %s: %s\n", what, strerror(err));
  exit(1);
}

int main(int argc, char** argv) {
  if (argc < 7) {
    fprintf(stderr, "usage: ref <file> <randread|seqwrite> <qd> <block-bytes> <seconds> <file-bytes> [seed]\n");
    return 2;
  }
  const char* path = argv[1];
  int writing = strcmp(argv[2], "seqwrite") == 0;
  unsigned qd = (unsigned)atoi(argv[3]);
  size_t bs = (size_t)atol(argv[4]);
  double seconds = atof(argv[5]);
  uint64_t file_bytes = (uint64_t)atoll(argv[6]);
  rng_state = argc > 7 ? (uint32_t)atol(argv[7]) : 2463534242u;
  if (rng_state == 0) rng_state = 1;
  uint64_t blocks = file_bytes / bs;
  if (qd == 0 || bs == 0 || blocks == 0) die("arguments", EINVAL);

  int fd = open(path, (writing ? O_WRONLY : O_RDONLY) | O_DIRECT);
  if (fd < 0) die("open", errno);

  struct io_uring ring;
  int r = io_uring_queue_init(qd < 8 ? 8 : qd, &ring, 0);
  if (r < 0) die("io_uring_queue_init", -r);

  struct iovec* iov = calloc(qd, sizeof *iov);
  double* started = calloc(qd, sizeof *started);
  for (unsigned i = 0; i < qd; i++) {
    if (posix_memalign(&iov[i].iov_base, 4096, bs) != 0) die("posix_memalign", ENOMEM);
    memset(iov[i].iov_base, 0x5a ^ (int)i, bs);
    iov[i].iov_len = bs;
  }
  r = io_uring_register_buffers(&ring, iov, qd);
  if (r < 0) die("io_uring_register_buffers", -r);

  size_t lat_cap = 1 << 20, lat_n = 0;
  double* lat = malloc(lat_cap * sizeof *lat);
  uint64_t next_block = 0;

#define PREP(slot)                                                                    \
  do {                                                                                \
    struct io_uring_sqe* sqe = io_uring_get_sqe(&ring);                               \
    uint64_t blk = writing ? next_block++ % blocks : (uint64_t)xorshift32() % blocks; \
    if (writing)                                                                      \
      io_uring_prep_write_fixed(sqe, fd, iov[slot].iov_base, bs, blk * bs, slot);     \
    else                                                                              \
      io_uring_prep_read_fixed(sqe, fd, iov[slot].iov_base, bs, blk * bs, slot);      \
    io_uring_sqe_set_data64(sqe, slot);                                               \
    started[slot] = now_s();                                                          \
  } while (0)

  struct rusage ru0, ru1;
  getrusage(RUSAGE_SELF, &ru0);
  double t0 = now_s(), deadline = t0 + seconds;
  for (unsigned i = 0; i < qd; i++) PREP(i);
  io_uring_submit(&ring);
  unsigned inflight = qd;
  uint64_t ops = 0;
  int stopping = 0;
  while (inflight > 0) {
    struct io_uring_cqe* cqe;
    r = io_uring_wait_cqe(&ring, &cqe);
    if (r < 0) die("io_uring_wait_cqe", -r);
    unsigned head, seen = 0;
    double t = now_s();
    if (t >= deadline) stopping = 1;
    io_uring_for_each_cqe(&ring, head, cqe) {
      seen++;
      unsigned slot = (unsigned)cqe->user_data;
      if (cqe->res != (int)bs) die(writing ? "write" : "read", cqe->res < 0 ? -cqe->res : EIO);
      ops++;
      if (lat_n == lat_cap) {
        lat_cap *= 2;
        lat = realloc(lat, lat_cap * sizeof *lat);
      }
      lat[lat_n++] = (t - started[slot]) * 1e6;
      if (stopping) {
        inflight--;
      } else {
        PREP(slot);
      }
    }
    io_uring_cq_advance(&ring, seen);
    if (!stopping) io_uring_submit(&ring);
  }
  double elapsed = now_s() - t0;
  getrusage(RUSAGE_SELF, &ru1);
  qsort(lat, lat_n, sizeof *lat, cmp_double);
  printf("{\"ops\":%llu,\"bytes\":%llu,\"seconds\":%.6f,\"p50_us\":%.2f,\"p99_us\":%.2f,\"cpu_user_s\":%.6f,\"cpu_sys_s\":%.6f}\n",
         (unsigned long long)ops, (unsigned long long)(ops * bs), elapsed, lat[lat_n / 2], lat[(size_t)(lat_n * 0.99)],
         tv_s(ru1.ru_utime) - tv_s(ru0.ru_utime), tv_s(ru1.ru_stime) - tv_s(ru0.ru_stime));
  io_uring_queue_exit(&ring);
  close(fd);
  return 0;
}

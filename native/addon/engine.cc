// Strata disk I/O engine: io_uring (liburing) with a libuv thread-pool fallback, as an N-API addon.
//
// The JavaScript side (src/index.ts) owns all policy: slot allocation, validation, errors, promises.
// This file only moves operation descriptors to the kernel and results back, with as few crossings of
// the JS/C++ boundary as possible:
//
//   submit:   JS writes descriptors into a shared Float64Array (7 doubles per op) and calls submit(n)
//             once per tick; all n ops reach the kernel in one io_uring_submit.
//   complete: the ring signals an eventfd (io_uring_register_eventfd) that libuv polls on the JS thread;
//             the poll callback drains the completion queue into a shared Int32Array of (slot, result)
//             pairs and calls the JS dispatcher once for the whole batch.
//
// The thread-pool engine uses the same descriptors and the same completion path: workers run
// pread/pwrite, their after-work callbacks (on the loop thread) queue results and signal the eventfd.

#include <napi.h>
#include <uv.h>

#include <errno.h>
#include <fcntl.h>
#include <liburing.h>
#include <stdlib.h>
#include <string.h>
#include <malloc.h>
#include <sys/eventfd.h>
#include <sys/uio.h>
#include <unistd.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

namespace {

// ---- descriptor layout shared with src/index.ts ----------------------------------------------------
constexpr int kDescStride = 7;  // slot, op, fd, bufKind, arenaOffset, length, fileOffset
enum Op : uint8_t { kRead = 1, kWrite = 2, kFdatasync = 3, kReadv = 4, kWritev = 5 };
enum BufKind : int { kArena = 0, kExternal = 1 };
constexpr uintptr_t kAlign = 4096;
constexpr size_t kMaxFixedBytes = size_t(1) << 30;  // one registered iovec is at most 1 GiB

Napi::Error ErrnoError(Napi::Env env, int err, const std::string& what) {
  const char* name = strerrorname_np(err);
  std::string code = name ? name : "EUNKNOWN";
  Napi::Error e = Napi::Error::New(env, code + ": " + strerror(err) + ", " + what);
  e.Set("code", Napi::String::New(env, code));
  e.Set("errno", Napi::Number::New(env, -err));
  return e;
}

class Engine;

struct Slot {
  uint8_t op = 0;
  bool fixed = false;
  int fd = -1;
  char* addr = nullptr;
  uint32_t len = 0;
  uint32_t done = 0;
  uint64_t off = 0;
  int32_t result = 0;
  std::vector<iovec> iov;
  uv_work_t work;  // thread-pool engine only
  Engine* engine = nullptr;
  std::atomic<uint32_t>* outstanding = nullptr;
};

class Engine : public Napi::ObjectWrap<Engine> {
 public:
  static Napi::Function Init(Napi::Env env) {
    return DefineClass(env, "NativeEngine",
                       {
                           InstanceMethod<&Engine::Submit>("submit"),
                           InstanceMethod<&Engine::SetExternal>("setExternal"),
                           InstanceMethod<&Engine::SetIov>("setIov"),
                           InstanceMethod<&Engine::Info>("info"),
                           InstanceMethod<&Engine::Close>("close"),
                       });
  }

  // new NativeEngine(kind, options, submitQueue: Float64Array, completions: Int32Array, onComplete,
  //                  arena: Uint8Array | null)
  // options: { sqEntries, maxInFlight, registerBuffers, coopTaskrun }
  explicit Engine(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Engine>(info) {
    Napi::Env env = info.Env();
    env_ = env;
    std::string kind = info[0].As<Napi::String>().Utf8Value();
    Napi::Object opts = info[1].As<Napi::Object>();
    uint32_t sqEntries = opts.Get("sqEntries").As<Napi::Number>().Uint32Value();
    maxInFlight_ = opts.Get("maxInFlight").As<Napi::Number>().Uint32Value();
    bool registerBuffers = opts.Get("registerBuffers").ToBoolean();
    bool coop = opts.Get("coopTaskrun").ToBoolean();
    bool defer = opts.Get("deferTaskrun").ToBoolean();

    Napi::Float64Array subq = info[2].As<Napi::Float64Array>();
    Napi::Int32Array compl_ = info[3].As<Napi::Int32Array>();
    if (subq.ElementLength() < size_t(maxInFlight_) * kDescStride || compl_.ElementLength() < size_t(maxInFlight_) * 2)
      throw Napi::RangeError::New(env, "shared arrays are smaller than maxInFlight requires");
    subq_ = subq.Data();
    compl_ptr_ = compl_.Data();
    subqRef_ = Napi::Persistent(static_cast<Napi::Object>(subq));
    complRef_ = Napi::Persistent(static_cast<Napi::Object>(compl_));
    onComplete_ = Napi::Persistent(info[4].As<Napi::Function>());
    asyncCtx_ = std::make_unique<Napi::AsyncContext>(env, "StrataIoCompletion");

    slots_.resize(maxInFlight_);
    for (auto& s : slots_) s.engine = this;

    if (kind == "io_uring") {
      uring_ = true;
      io_uring_params p;
      memset(&p, 0, sizeof p);
      p.flags = IORING_SETUP_CQSIZE | IORING_SETUP_SUBMIT_ALL;
      if (coop) p.flags |= IORING_SETUP_COOP_TASKRUN | IORING_SETUP_SINGLE_ISSUER;
      if (defer) p.flags |= IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_SINGLE_ISSUER;
      p.cq_entries = std::max(maxInFlight_, sqEntries * 2);
      int r = io_uring_queue_init_params(sqEntries, &ring_, &p);
      if (r == -EINVAL) {  // older kernel: retry without the newer setup flags
        memset(&p, 0, sizeof p);
        p.flags = IORING_SETUP_CQSIZE;
        p.cq_entries = std::max(maxInFlight_, sqEntries * 2);
        r = io_uring_queue_init_params(sqEntries, &ring_, &p);
      }
      if (r < 0) throw ErrnoError(env, -r, "io_uring_queue_init");
      ringInit_ = true;
      setupFlags_ = p.flags;
      defer_ = (p.flags & IORING_SETUP_DEFER_TASKRUN) != 0;
      sqEntries_ = p.sq_entries;
      cqEntries_ = p.cq_entries;
      if (cqEntries_ < maxInFlight_) {
        Teardown();
        throw Napi::RangeError::New(env, "completion queue smaller than maxInFlight");
      }
    } else if (kind != "threadpool") {
      throw Napi::TypeError::New(env, "unknown engine kind: " + kind);
    }

    efd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (efd_ < 0) {
      int e = errno;
      Teardown();
      throw ErrnoError(env, e, "eventfd");
    }
    if (uring_) {
      int r = io_uring_register_eventfd(&ring_, efd_);
      if (r < 0) {
        Teardown();
        throw ErrnoError(env, -r, "io_uring_register_eventfd");
      }
    }

    // The pool arena: a page-aligned view of an ArrayBuffer that JS allocated. V8 owns the memory, so
    // it is freed only after the environment's cleanup hooks ran (OnEnvExit waits for in-flight I/O
    // first), never while the kernel or a pool thread may still write into it.
    if (info[5].IsTypedArray()) {
      Napi::Uint8Array arena = info[5].As<Napi::Uint8Array>();
      char* mem = reinterpret_cast<char*>(arena.Data());
      size_t bytes = arena.ByteLength();
      if ((reinterpret_cast<uintptr_t>(mem) & (kAlign - 1)) != 0 || bytes % kAlign != 0) {
        Teardown();
        throw Napi::RangeError::New(env, "pool arena must be 4 KiB-aligned and a multiple of 4 KiB");
      }
      arena_ = mem;
      arenaBytes_ = bytes;
      arenaRef_ = Napi::Persistent(static_cast<Napi::Object>(arena));
      if (uring_ && registerBuffers && bytes > 0 && bytes <= kMaxFixedBytes) {
        iovec v{mem, bytes};
        int r = io_uring_register_buffers(&ring_, &v, 1);
        if (r == 0) {
          fixed_ = true;
        } else {
          fixedError_ = std::string(strerrorname_np(-r) ? strerrorname_np(-r) : "EUNKNOWN") + ": " + strerror(-r);
        }
      }
    }

    uv_loop_t* loop = nullptr;
    if (napi_get_uv_event_loop(env, &loop) != napi_ok || loop == nullptr) {
      Teardown();
      throw Napi::Error::New(env, "no libuv loop");
    }
    loop_ = loop;
    poll_ = new uv_poll_t;
    poll_->data = this;
    uv_poll_init(loop, poll_, efd_);
    uv_poll_start(poll_, UV_READABLE, OnReadable);
    uv_unref(reinterpret_cast<uv_handle_t*>(poll_));  // idle engines do not keep the process alive
    napi_add_env_cleanup_hook(env, OnEnvExit, this);
    cleanupHookAdded_ = true;
  }

  ~Engine() override {
    // The completion callback reference keeps the wrapper alive until close(), so an open engine is
    // only finalized at environment teardown (process or worker exit).
    if (cleanupHookAdded_) napi_remove_env_cleanup_hook(env_, OnEnvExit, this);
    Abandon();
  }

 private:
  // ---- submission ------------------------------------------------------------------------------------
  Napi::Value Submit(const Napi::CallbackInfo& info) {
    uint32_t n = info[0].As<Napi::Number>().Uint32Value();
    if (closed_) throw ErrnoError(info.Env(), EBADF, "submit on a closed engine");
    if (n > maxInFlight_) throw Napi::RangeError::New(info.Env(), "submit count exceeds maxInFlight");
    bool wasIdle = inflight_ == 0;
    for (uint32_t i = 0; i < n; i++) {
      const double* d = subq_ + size_t(i) * kDescStride;
      uint32_t slot = static_cast<uint32_t>(d[0]);
      if (slot >= maxInFlight_) throw Napi::RangeError::New(info.Env(), "slot out of range");
      Slot& s = slots_[slot];
      s.op = static_cast<uint8_t>(d[1]);
      s.fd = static_cast<int>(d[2]);
      int bufKind = static_cast<int>(d[3]);
      s.len = static_cast<uint32_t>(d[5]);
      s.off = static_cast<uint64_t>(d[6]);
      s.done = 0;
      s.fixed = false;
      inflight_++;
      if (s.op < kRead || s.op > kWritev) {
        PostLocal(slot, -EINVAL);
        continue;
      }
      if ((s.op == kRead || s.op == kWrite) && bufKind == kArena) {
        size_t aoff = static_cast<size_t>(d[4]);
        if (arena_ == nullptr || aoff > arenaBytes_ || s.len > arenaBytes_ - aoff) {
          PostLocal(slot, -EFAULT);
          continue;
        }
        s.addr = arena_ + aoff;
        s.fixed = fixed_;
      }
      if (uring_) {
        PrepUring(slot);
      } else {
        s.work.data = &s;
        s.outstanding = &tpOutstanding_;
        tpOutstanding_++;
        int r = uv_queue_work(loop_, &s.work, WorkRun, WorkDone);
        if (r != 0) {
          tpOutstanding_--;
          PostLocal(slot, -EAGAIN);
        }
      }
    }
    if (uring_ && sqQueued_ > 0) SubmitRing();
    if (wasIdle && inflight_ > 0) uv_ref(reinterpret_cast<uv_handle_t*>(poll_));
    return info.Env().Undefined();
  }

  void PrepUring(uint32_t slot) {
    io_uring_sqe* sqe = io_uring_get_sqe(&ring_);
    if (sqe == nullptr) {
      SubmitRing();
      sqe = io_uring_get_sqe(&ring_);
      if (sqe == nullptr) {
        PostLocal(slot, -EBUSY);
        return;
      }
    }
    Slot& s = slots_[slot];
    char* addr = s.addr + s.done;
    unsigned len = s.len - s.done;
    uint64_t off = s.off + s.done;
    switch (s.op) {
      case kRead:
        if (s.fixed)
          io_uring_prep_read_fixed(sqe, s.fd, addr, len, off, 0);
        else
          io_uring_prep_read(sqe, s.fd, addr, len, off);
        break;
      case kWrite:
        if (s.fixed)
          io_uring_prep_write_fixed(sqe, s.fd, addr, len, off, 0);
        else
          io_uring_prep_write(sqe, s.fd, addr, len, off);
        break;
      case kFdatasync:
        io_uring_prep_fsync(sqe, s.fd, IORING_FSYNC_DATASYNC);
        break;
      case kReadv:
        io_uring_prep_readv(sqe, s.fd, s.iov.data(), s.iov.size(), s.off);
        break;
      case kWritev:
        io_uring_prep_writev(sqe, s.fd, s.iov.data(), s.iov.size(), s.off);
        break;
      default:  // Submit() rejects unknown ops before they get here
        io_uring_prep_nop(sqe);
        break;
    }
    io_uring_sqe_set_data64(sqe, slot);
    sqQueued_++;
  }

  void SubmitRing() {
    for (int attempt = 0; attempt < 8; attempt++) {
      int r = io_uring_submit(&ring_);
      if (r >= 0) {
        sqQueued_ = io_uring_sq_ready(&ring_);
        if (sqQueued_ == 0) return;
        continue;
      }
      if (r == -EINTR) continue;
      if (r == -EAGAIN || r == -EBUSY) {
        // Kernel is short of resources: the SQEs stay in the ring. Wake the completion handler, which
        // retries the submit on its next pass (and on every completion batch until the SQ is empty).
        sqQueued_ = io_uring_sq_ready(&ring_);
        Wake();
        return;
      }
      // Unexpected: fail every queued SQE rather than leaving its promise pending.
      unsigned head = *ring_.sq.khead;
      unsigned tail = ring_.sq.sqe_tail;
      for (unsigned i = head; i != tail; i++) {
        io_uring_sqe* sqe = &ring_.sq.sqes[i & *ring_.sq.kring_mask];
        PostLocal(static_cast<uint32_t>(sqe->user_data), r);
      }
      sqQueued_ = 0;
      return;
    }
  }

  // A completion produced without the kernel (validation failure, queueing failure, thread pool).
  void PostLocal(uint32_t slot, int32_t res) {
    local_.push_back({slot, res});
    Wake();
  }

  void Wake() {
    if (signaled_) return;
    signaled_ = true;
    uint64_t one = 1;
    ssize_t w = write(efd_, &one, sizeof one);
    (void)w;
  }

  // Buffers that are not views of the pool arena: JS passes them once per op (the slow path).
  Napi::Value SetExternal(const Napi::CallbackInfo& info) {
    uint32_t slot = info[0].As<Napi::Number>().Uint32Value();
    if (slot >= maxInFlight_) throw Napi::RangeError::New(info.Env(), "slot out of range");
    Napi::Uint8Array buf = info[1].As<Napi::Uint8Array>();
    char* p = reinterpret_cast<char*>(buf.Data());
    if ((reinterpret_cast<uintptr_t>(p) & (kAlign - 1)) != 0) return Napi::Boolean::New(info.Env(), false);
    slots_[slot].addr = p;
    return Napi::Boolean::New(info.Env(), true);
  }

  // setIov(slot, buffers[]) -> index of the first misaligned buffer, or -1 when all are aligned.
  Napi::Value SetIov(const Napi::CallbackInfo& info) {
    uint32_t slot = info[0].As<Napi::Number>().Uint32Value();
    if (slot >= maxInFlight_) throw Napi::RangeError::New(info.Env(), "slot out of range");
    Napi::Array arr = info[1].As<Napi::Array>();
    Slot& s = slots_[slot];
    s.iov.clear();
    for (uint32_t i = 0; i < arr.Length(); i++) {
      Napi::Uint8Array b = arr.Get(i).As<Napi::Uint8Array>();
      char* p = reinterpret_cast<char*>(b.Data());
      if ((reinterpret_cast<uintptr_t>(p) & (kAlign - 1)) != 0) return Napi::Number::New(info.Env(), i);
      s.iov.push_back({p, b.ByteLength()});
    }
    return Napi::Number::New(info.Env(), -1);
  }

  // ---- thread-pool engine ------------------------------------------------------------------------------
  static void WorkRun(uv_work_t* req) {
    Slot* s = static_cast<Slot*>(req->data);
    switch (s->op) {
      case kRead:
      case kWrite: {
        uint32_t done = 0;
        int32_t err = 0;
        while (done < s->len) {
          ssize_t r = s->op == kRead ? pread(s->fd, s->addr + done, s->len - done, s->off + done)
                                     : pwrite(s->fd, s->addr + done, s->len - done, s->off + done);
          if (r < 0) {
            if (errno == EINTR) continue;
            err = -errno;
            break;
          }
          if (r == 0) break;
          done += static_cast<uint32_t>(r);
        }
        s->result = err != 0 ? err : static_cast<int32_t>(done);
        break;
      }
      case kFdatasync:
        s->result = fdatasync(s->fd) == 0 ? 0 : -errno;
        break;
      case kReadv:
      case kWritev: {
        ssize_t r;
        do {
          r = s->op == kReadv ? preadv(s->fd, s->iov.data(), s->iov.size(), s->off)
                              : pwritev(s->fd, s->iov.data(), s->iov.size(), s->off);
        } while (r < 0 && errno == EINTR);
        s->result = r < 0 ? -errno : static_cast<int32_t>(r);
        break;
      }
      default:
        s->result = -EINVAL;
    }
    s->outstanding->fetch_sub(1);  // last touch of the slot from this thread
  }

  static void WorkDone(uv_work_t* req, int status) {
    Slot* s = static_cast<Slot*>(req->data);
    Engine* e = s->engine;
    if (e == nullptr) return;  // abandoned at environment teardown
    e->PostLocal(static_cast<uint32_t>(s - e->slots_.data()), status == UV_ECANCELED ? -ECANCELED : s->result);
  }

  // ---- completion ---------------------------------------------------------------------------------------
  static void OnReadable(uv_poll_t* handle, int status, int events) {
    static_cast<Engine*>(handle->data)->Drain();
  }

  void Drain() {
    if (closed_) return;
    uint64_t v;
    ssize_t rd = read(efd_, &v, sizeof v);
    (void)rd;
    signaled_ = false;
    uint32_t k = 0;
    for (const auto& p : local_) {
      compl_ptr_[2 * k] = static_cast<int32_t>(p.first);
      compl_ptr_[2 * k + 1] = p.second;
      k++;
    }
    local_.clear();
    if (uring_) {
      // With DEFER_TASKRUN the kernel posts completions only when asked (the eventfd says there is
      // deferred work): run it now, without waiting.
      if (defer_) io_uring_get_events(&ring_);
      bool resubmit = false;
      unsigned head;
      unsigned seen = 0;
      io_uring_cqe* cqe;
      io_uring_for_each_cqe(&ring_, head, cqe) {
        seen++;
        uint32_t slot = static_cast<uint32_t>(cqe->user_data);
        if (slot >= maxInFlight_) continue;
        Slot& s = slots_[slot];
        int32_t res = cqe->res;
        if (s.op == kRead || s.op == kWrite) {
          if (res > 0 && s.done + static_cast<uint32_t>(res) < s.len) {
            // Short transfer: continue with the remainder (a retry at EOF returns 0, a retry on a full
            // disk returns the real error, so the caller sees the cause rather than a count).
            s.done += static_cast<uint32_t>(res);
            PrepUring(slot);
            resubmit = true;
            continue;
          }
          if (res >= 0) res += static_cast<int32_t>(s.done);
        }
        compl_ptr_[2 * k] = static_cast<int32_t>(slot);
        compl_ptr_[2 * k + 1] = res;
        k++;
      }
      io_uring_cq_advance(&ring_, seen);
      if (resubmit || sqQueued_ > 0) SubmitRing();
    }
    if (k == 0) return;
    inflight_ -= k;
    if (inflight_ == 0) uv_unref(reinterpret_cast<uv_handle_t*>(poll_));
    // Raw N-API here: while a worker is being terminated JS cannot run and every call may fail, which
    // must not turn into a C++ exception (node-addon-api would abort creating the Error).
    napi_env env = env_;
    napi_handle_scope scope;
    if (napi_open_handle_scope(env, &scope) != napi_ok) return;
    napi_value argv[1];
    napi_value recv;
    napi_value fn = nullptr;
    napi_value result;
    if (napi_create_uint32(env, k, &argv[0]) == napi_ok && napi_get_global(env, &recv) == napi_ok &&
        napi_get_reference_value(env, static_cast<napi_ref>(onComplete_), &fn) == napi_ok && fn != nullptr) {
      napi_status st = napi_make_callback(env, *asyncCtx_, recv, fn, 1, argv, &result);
      bool pending = false;
      if (st != napi_ok && napi_is_exception_pending(env, &pending) == napi_ok && pending) {
        napi_value exc;
        if (napi_get_and_clear_last_exception(env, &exc) == napi_ok) napi_fatal_exception(env, exc);
      }
    }
    napi_close_handle_scope(env, scope);
  }

  // ---- information and shutdown ----------------------------------------------------------------------
  Napi::Value Info(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Napi::Object o = Napi::Object::New(env);
    o.Set("kind", uring_ ? "io_uring" : "threadpool");
    o.Set("fixedBuffers", fixed_);
    if (!fixedError_.empty()) o.Set("fixedBuffersError", fixedError_);
    o.Set("sqEntries", sqEntries_);
    o.Set("cqEntries", cqEntries_);
    o.Set("setupFlags", setupFlags_);
    o.Set("inflight", inflight_);
    return o;
  }

  Napi::Value Close(const Napi::CallbackInfo& info) {
    if (closed_) return info.Env().Undefined();
    if (inflight_ > 0) throw ErrnoError(info.Env(), EBUSY, "close with operations in flight");
    Teardown();
    onComplete_.Reset();
    subqRef_.Reset();
    complRef_.Reset();
    arenaRef_.Reset();
    return info.Env().Undefined();
  }

  static void OnEnvExit(void* arg) {
    Engine* e = static_cast<Engine*>(arg);
    e->cleanupHookAdded_ = false;
    e->Abandon();
  }

  // The environment is going away with the engine still open: JavaScript can no longer be called, but
  // the kernel and the thread pool may still be writing into buffers that are about to be freed. Wait
  // (bounded) for in-flight operations to finish, then tear down. Slots that a thread-pool request
  // still references are leaked rather than freed under it.
  void Abandon() {
    if (closed_) return;
    const int kMaxWaitMs = 10000;
    if (uring_ && ringInit_) {
      uint32_t kernel = inflight_ - static_cast<uint32_t>(local_.size());
      for (int waited = 0; kernel > 0 && waited < kMaxWaitMs; waited += 10) {
        if (sqQueued_ > 0) io_uring_submit(&ring_);
        __kernel_timespec ts{0, 10 * 1000 * 1000};
        io_uring_cqe* cqe = nullptr;
        int r = io_uring_wait_cqe_timeout(&ring_, &cqe, &ts);
        if (r < 0 && r != -ETIME && r != -EINTR) break;
        unsigned head, seen = 0;
        io_uring_for_each_cqe(&ring_, head, cqe) seen++;
        io_uring_cq_advance(&ring_, seen);
        kernel = seen > kernel ? 0 : kernel - seen;
      }
    } else if (!uring_) {
      for (int waited = 0; tpOutstanding_.load() > 0 && waited < kMaxWaitMs; waited++) usleep(1000);
      if (inflight_ > 0) {
        // libuv still calls the after-work callback of finished requests, later, possibly after this
        // addon is unloaded: point it nowhere (libuv skips a null after_work_cb) and keep the requests.
        auto* kept = new std::vector<Slot>(std::move(slots_));  // intentionally never freed
        for (auto& slot : *kept) {
          slot.engine = nullptr;
          slot.work.after_work_cb = nullptr;
        }
      }
    }
    Teardown(true);
  }

  void Teardown(bool abandoning = false) {
    if (closed_) return;
    closed_ = true;
    if (ringInit_) {
      io_uring_queue_exit(&ring_);  // also drops the registered buffers and eventfd
      ringInit_ = false;
    }
    if (poll_ != nullptr) {
      // uv_close stops polling at once (libuv removes the fd from epoll), so the eventfd can be closed
      // now; only the handle's memory must wait for the close callback. At environment teardown the
      // addon may be unloaded before libuv runs close callbacks, so there the handle (a few hundred
      // bytes) is left to the process instead of pointing libuv at code that may be gone.
      poll_->data = nullptr;
      if (abandoning)
        uv_close(reinterpret_cast<uv_handle_t*>(poll_), nullptr);
      else
        uv_close(reinterpret_cast<uv_handle_t*>(poll_), [](uv_handle_t* h) { delete reinterpret_cast<uv_poll_t*>(h); });
      poll_ = nullptr;
    }
    if (efd_ >= 0) close(efd_);
    efd_ = -1;
  }

  Napi::Env env_ = Napi::Env(nullptr);
  bool uring_ = false;
  bool ringInit_ = false;
  bool fixed_ = false;
  bool closed_ = false;
  bool defer_ = false;
  bool signaled_ = false;
  std::string fixedError_;
  io_uring ring_;
  unsigned setupFlags_ = 0;
  unsigned sqEntries_ = 0;
  unsigned cqEntries_ = 0;
  unsigned sqQueued_ = 0;
  int efd_ = -1;
  uv_poll_t* poll_ = nullptr;
  uv_loop_t* loop_ = nullptr;
  uint32_t maxInFlight_ = 0;
  uint32_t inflight_ = 0;
  std::atomic<uint32_t> tpOutstanding_{0};
  std::vector<Slot> slots_;
  std::vector<std::pair<uint32_t, int32_t>> local_;
  double* subq_ = nullptr;
  int32_t* compl_ptr_ = nullptr;
  char* arena_ = nullptr;
  size_t arenaBytes_ = 0;
  Napi::ObjectReference subqRef_;
  Napi::ObjectReference complRef_;
  Napi::ObjectReference arenaRef_;
  Napi::FunctionReference onComplete_;
  std::unique_ptr<Napi::AsyncContext> asyncCtx_;
  bool cleanupHookAdded_ = false;
};

// ---- module functions ----------------------------------------------------------------------------------

// fallocate(fd, offset, length): allocates blocks and extends the file size (mode 0).
Napi::Value Fallocate(const Napi::CallbackInfo& info) {
  int fd = info[0].As<Napi::Number>().Int32Value();
  int64_t off = info[1].As<Napi::Number>().Int64Value();
  int64_t len = info[2].As<Napi::Number>().Int64Value();
  int r;
  do {
    r = fallocate(fd, 0, off, len);
  } while (r < 0 && errno == EINTR);
  if (r < 0) throw ErrnoError(info.Env(), errno, "fallocate");
  return info.Env().Undefined();
}

// addressOf(buffer) % alignment, to validate caller buffers without a submission.
Napi::Value Misalignment(const Napi::CallbackInfo& info) {
  Napi::Uint8Array buf = info[0].As<Napi::Uint8Array>();
  return Napi::Number::New(info.Env(), static_cast<double>(reinterpret_cast<uintptr_t>(buf.Data()) & (kAlign - 1)));
}

// mallopt(M_MMAP_THRESHOLD, bytes): allocations of at least `bytes` get their own mapping, returned
// to the system when freed. Fixing it also stops glibc from raising the threshold to the largest
// chunk freed so far (after which large blocks come from the heap and their freed space stays in RSS).
Napi::Value SetMmapThreshold(const Napi::CallbackInfo& info) {
  int bytes = info[0].As<Napi::Number>().Int32Value();
  return Napi::Boolean::New(info.Env(), mallopt(M_MMAP_THRESHOLD, bytes) == 1);
}

Napi::Object InitModule(Napi::Env env, Napi::Object exports) {
  exports.Set("NativeEngine", Engine::Init(env));
  exports.Set("fallocate", Napi::Function::New(env, Fallocate));
  exports.Set("misalignment", Napi::Function::New(env, Misalignment));
  exports.Set("setMmapThreshold", Napi::Function::New(env, SetMmapThreshold));
  exports.Set("descStride", Napi::Number::New(env, kDescStride));
  return exports;
}

}  // namespace

NODE_API_MODULE(strata_native, InitModule)

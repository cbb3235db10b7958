//===- bench/bench_main.cpp - Buffers, run context, cache pollution, main() ---===//
//
//   copyintent_bench [--long] [google benchmark flags...]
//
// --long (or COPYINTENT_BENCH_LONG=1) adds the 256 MiB copies, which need 512 MiB of
// buffers and several seconds per method.
//
// Cache pollution ("pollution/<method>/<hot bytes>"): each iteration reads a hot
// buffer twice so that it is cached, copies 1 MiB with the method between two other
// buffers (untimed), then reads the hot buffer again; only that re-read is timed
// (manual time). "pollution/none/..." skips the copy. The slowdown of a method is
// time(method) / time(none) - 1: how much of the hot data its copy evicted.
//
//===----------------------------------------------------------------------===//
#include "bench.h"

#include <sys/mman.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#ifndef CI_BENCH_LOWERED_FLAGS
#define CI_BENCH_LOWERED_FLAGS "?"
#endif

namespace cibench {

namespace {

bool gLong = false;
Buffers gBuffers;

constexpr size_t kHuge = size_t(2) << 20;
constexpr size_t kSrcOffset = 512;
constexpr size_t kPollutionCopy = size_t(1) << 20;
/// Hot-buffer sizes of the pollution benchmark: the 1 MiB of the project's target,
/// and 256 KiB, which fits in a 512 KiB L2 (Zen 2/3, many Intel cores).
constexpr size_t kHotSizes[] = {size_t(1) << 20, size_t(256) << 10};

char *allocate(size_t bytes) {
  size_t len = (bytes + kHuge - 1) / kHuge * kHuge + kHuge;
  void *p = mmap(nullptr, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) {
    perror("copyintent_bench: mmap");
    exit(1);
  }
  char *a = reinterpret_cast<char *>((uintptr_t(p) + kHuge - 1) & ~(kHuge - 1));
  // Huge pages where the kernel allows them: fewer TLB misses for every method alike.
  madvise(a, len - kHuge, MADV_HUGEPAGE);
  return a;
}

void allocateBuffers() {
  size_t maxN = gLong ? kLongSize : kSizes[std::size(kSizes) - 1];
  size_t cap = maxN + 4096;
  gBuffers.capacity = maxN;
  gBuffers.dst = allocate(cap);
  gBuffers.src = allocate(cap + kSrcOffset) + kSrcOffset;
  // Fault every page in now, outside any measurement.
  for (size_t i = 0; i < cap; ++i)
    gBuffers.src[i] = char(i * 131 + 7);
  memset(gBuffers.dst, 0, cap);
}

std::string readCpuModel() {
  std::ifstream f("/proc/cpuinfo");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("model name", 0) == 0) {
      size_t c = line.find(':');
      return c == std::string::npos ? line : line.substr(c + 2);
    }
  return "unknown";
}

std::string readCpuFlags() {
  std::ifstream f("/proc/cpuinfo");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("flags", 0) == 0) {
      std::istringstream in(line.substr(line.find(':') + 1));
      std::string flag, out;
      while (in >> flag)
        for (const char *want : {"sse2", "avx", "avx2", "avx512f", "clflush", "clflushopt",
                                 "clwb", "movdir64b", "erms", "fsrm"})
          if (flag == want)
            out += (out.empty() ? "" : " ") + flag;
      return out;
    }
  return "unknown";
}

std::string readFirstLine(const char *path) {
  std::ifstream f(path);
  std::string line;
  std::getline(f, line);
  return line.empty() ? "unknown" : line;
}

// --- Correctness check of every method before anything is timed ------------------

bool verify(const std::vector<PollutionMethod> &methods) {
  static const size_t ns[] = {0,    1,    7,    63,   64,    65,    255,
                              256,  257,  1000, 4096, 4099,  65536 + 17, 1 << 20};
  bool ok = true;
  for (const PollutionMethod &m : methods)
    for (bool mis : {false, true})
      for (size_t n : ns) {
        Span sp = span(mis);
        memset(sp.dst, 0, n + 128);
        m.fn(sp.dst, sp.src, n);
        bool bad = memcmp(sp.dst, sp.src, n) != 0;
        for (size_t i = n; i < n + 128 && !bad; ++i)
          bad = sp.dst[i] != 0;
        if (bad) {
          fprintf(stderr, "copyintent_bench: %s copied %zu bytes (%s) wrongly\n",
                  m.name.c_str(), n, mis ? "misaligned" : "aligned");
          ok = false;
        }
      }
  return ok;
}

// --- Cache pollution ---------------------------------------------------------------

__attribute__((noinline)) uint64_t readAll(const uint64_t *p, size_t words) {
  uint64_t a = 0, b = 0, c = 0, d = 0;
  for (size_t i = 0; i < words; i += 4) {
    a += p[i];
    b += p[i + 1];
    c += p[i + 2];
    d += p[i + 3];
  }
  return a + b + c + d;
}

void benchPollution(benchmark::State &st, CopyFn fn, const uint64_t *hot,
                    size_t hotBytes) {
  using Clock = std::chrono::steady_clock;
  const Buffers &b = buffers();
  size_t words = hotBytes / sizeof(uint64_t);
  uint64_t sink = 0;
  for (auto _ : st) {
    sink += readAll(hot, words);
    sink += readAll(hot, words);
    if (fn)
      fn(b.dst, b.src, kPollutionCopy);
    benchmark::ClobberMemory();
    auto t0 = Clock::now();
    sink += readAll(hot, words);
    auto t1 = Clock::now();
    st.SetIterationTime(std::chrono::duration<double>(t1 - t0).count());
  }
  benchmark::DoNotOptimize(sink);
  st.SetBytesProcessed(int64_t(st.iterations()) * int64_t(hotBytes));
}

void registerPollution(const std::vector<PollutionMethod> &methods) {
  for (size_t hotBytes : kHotSizes) {
    auto *hot = reinterpret_cast<uint64_t *>(allocate(hotBytes));
    for (size_t i = 0; i < hotBytes / 8; ++i)
      hot[i] = i;
    std::vector<PollutionMethod> all = {{"none", nullptr}};
    all.insert(all.end(), methods.begin(), methods.end());
    for (const PollutionMethod &m : all) {
      std::string name = "pollution/" + m.name + "/" + std::to_string(hotBytes);
      CopyFn fn = m.fn;
      benchmark::RegisterBenchmark(name.c_str(),
                                   [fn, hot, hotBytes](benchmark::State &st) {
                                     benchPollution(st, fn, hot, hotBytes);
                                   })
          ->UseManualTime();
    }
  }
}

} // namespace

const Buffers &buffers() { return gBuffers; }

bool longRun() { return gLong; }

std::vector<size_t> sizes() {
  std::vector<size_t> v(std::begin(kSizes), std::end(kSizes));
  if (gLong)
    v.push_back(kLongSize);
  return v;
}

std::string benchName(const std::string &method, bool misaligned, size_t n) {
  return method + (misaligned ? "/misaligned/" : "/aligned/") + std::to_string(n);
}

} // namespace cibench

int main(int argc, char **argv) {
  using namespace cibench;
  if (const char *e = getenv("COPYINTENT_BENCH_LONG"); e && *e && strcmp(e, "0") != 0)
    gLong = true;
  int out = 1;
  for (int i = 1; i < argc; ++i) {
    if (strcmp(argv[i], "--long") == 0)
      gLong = true;
    else
      argv[out++] = argv[i];
  }
  argc = out;
  argv[argc] = nullptr;

  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv))
    return 1;

  allocateBuffers();

  std::vector<PollutionMethod> methods;
  for (auto part : {anchorPollutionMethods(), loweredPollutionMethods(),
                    runtimePollutionMethods()})
    methods.insert(methods.end(), part.begin(), part.end());
  if (!verify(methods))
    return 1;

  benchmark::AddCustomContext("cpu_model", readCpuModel());
  benchmark::AddCustomContext("cpu_flags", readCpuFlags());
  benchmark::AddCustomContext("thp", readFirstLine("/sys/kernel/mm/transparent_hugepage/enabled"));
  benchmark::AddCustomContext("lowered_flags", CI_BENCH_LOWERED_FLAGS);
  benchmark::AddCustomContext("long", gLong ? "1" : "0");
  benchmark::AddCustomContext("pollution_copy_bytes", std::to_string(kPollutionCopy));
  addAnchorContext();
  addRuntimeContext();

  registerAnchors();
  registerLowered();
  registerRuntime();
  registerPollution(methods);

  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

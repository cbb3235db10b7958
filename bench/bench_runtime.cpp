//===- bench/bench_runtime.cpp - copyintent_* through libcopyintent ---------===//
//
// Compiled without the pass: every copyintent_* call is an ordinary call into the
// runtime (libcopyintent.a), which picks its implementation by CPUID once.
//
//===----------------------------------------------------------------------===//
#include "bench.h"

#include "copyintent/copy.h"

#include <string>

namespace cibench {

void registerRuntime() {
  registerCall<copyintent_memcpy_nocache>("runtime.nocache", false);
  registerCall<copyintent_memcpy_writethrough>("runtime.writethrough", true);
  registerCall<copyintent_memcpy_persist>("runtime.persist", true);
}

std::vector<PollutionMethod> runtimePollutionMethods() {
  return {{"runtime.nocache", copyintent_memcpy_nocache},
          {"runtime.writethrough", copyintent_memcpy_writethrough},
          {"runtime.persist", copyintent_memcpy_persist}};
}

void addRuntimeContext() {
  struct copyintent_caps c;
  copyintent_query(&c);
  benchmark::AddCustomContext(
      "copyintent_runtime",
      std::string("flush=") + c.flush_name + " drain=" + c.drain_name + " nt_width=" +
          std::to_string(c.nt_width) + " nt_threshold=" + std::to_string(c.nt_threshold) +
          " line=" + std::to_string(c.line_size) +
          " domain=" + (c.domain == COPYINTENT_DOMAIN_EADR ? "eadr" : "adr"));
}

} // namespace cibench

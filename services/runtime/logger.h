// Structured logs: one JSON object per line on stderr, with the keys of
// valohub.runtime.v1.LogRecord (time, level, service, message, request_id, method, code,
// duration_ms). Thread-safe; lines from different threads never interleave.
#ifndef VALOHUB_SERVICES_RUNTIME_LOGGER_H_
#define VALOHUB_SERVICES_RUNTIME_LOGGER_H_

#include <cstdio>
#include <string>
#include "absl/strings/string_view.h"

#include "absl/synchronization/mutex.h"

namespace valohub {

struct LogFields {
  std::string request_id;
  std::string method;
  std::string code;
  double duration_ms = -1;  // omitted when negative
  std::string peer;
};

class Logger {
 public:
  explicit Logger(std::string service, std::FILE* out = stderr);

  void Info(absl::string_view message, const LogFields& fields = {});
  void Warn(absl::string_view message, const LogFields& fields = {});
  void Error(absl::string_view message, const LogFields& fields = {});

  const std::string& service() const { return service_; }

 private:
  void Write(absl::string_view level, absl::string_view message, const LogFields& fields);

  const std::string service_;
  std::FILE* const out_;
  absl::Mutex mu_;
};

}  // namespace valohub

#endif  // VALOHUB_SERVICES_RUNTIME_LOGGER_H_

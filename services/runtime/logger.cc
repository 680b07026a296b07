#include "services/runtime/logger.h"

#include <google/protobuf/util/json_util.h>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "valohub/runtime/v1/log_record.pb.h"

namespace valohub {

Logger::Logger(std::string service, std::FILE* out) : service_(std::move(service)), out_(out) {}

void Logger::Info(absl::string_view message, const LogFields& fields) {
  Write("INFO", message, fields);
}
void Logger::Warn(absl::string_view message, const LogFields& fields) {
  Write("WARN", message, fields);
}
void Logger::Error(absl::string_view message, const LogFields& fields) {
  Write("ERROR", message, fields);
}

void Logger::Write(absl::string_view level, absl::string_view message, const LogFields& fields) {
  runtime::v1::LogRecord record;
  record.set_time(absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone()));
  record.set_level(std::string(level));
  record.set_service(service_);
  record.set_message(std::string(message));
  record.set_request_id(fields.request_id);
  record.set_method(fields.method);
  record.set_code(fields.code);
  if (fields.duration_ms >= 0) record.set_duration_ms(fields.duration_ms);
  record.set_peer(fields.peer);
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string line;
  if (!google::protobuf::util::MessageToJsonString(record, &line, options).ok()) return;
  line.push_back('\n');
  absl::MutexLock lock(&mu_);
  std::fwrite(line.data(), 1, line.size(), out_);
  std::fflush(out_);
}

}  // namespace valohub

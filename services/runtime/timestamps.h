// PostgreSQL timestamps travel as microseconds since the Unix epoch
// (`(extract(epoch from t) * 1000000)::bigint`), exact in both directions.
#ifndef VALOHUB_SERVICES_RUNTIME_TIMESTAMPS_H_
#define VALOHUB_SERVICES_RUNTIME_TIMESTAMPS_H_

#include <cstdint>

#include "google/protobuf/timestamp.pb.h"

namespace valohub {

inline void SetMicros(int64_t micros, google::protobuf::Timestamp* out) {
  int64_t seconds = micros / 1000000;
  int64_t rest = micros % 1000000;
  if (rest < 0) {
    rest += 1000000;
    --seconds;
  }
  out->set_seconds(seconds);
  out->set_nanos(static_cast<int32_t>(rest * 1000));
}

inline int64_t ToMicros(const google::protobuf::Timestamp& t) {
  return t.seconds() * 1000000 + t.nanos() / 1000;
}

}  // namespace valohub

#endif  // VALOHUB_SERVICES_RUNTIME_TIMESTAMPS_H_

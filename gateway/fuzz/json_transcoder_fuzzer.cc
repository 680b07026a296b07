// Fuzzes JSON-to-protobuf conversion of request bodies and printing of the result: the first
// byte picks a route, the rest is the body.
#include <cstddef>
#include <cstdint>
#include <string>

#include "gateway/fuzz/fuzz_routes.h"
#include <google/protobuf/message.h>

#include "gateway/http_binding.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  auto match = valohub::gateway::FuzzMatch(data[0]);
  std::string body(reinterpret_cast<const char*>(data + 1), size - 1);
  auto message = valohub::gateway::BindRequest(match, {}, body);
  if (!message.ok()) return 0;
  std::string bytes = (*message)->SerializeAsString();
  auto response = valohub::gateway::NewResponse(*match.route);
  // Reuse the request bytes as a response: any bytes must parse or fail cleanly.
  if (response->ParseFromString(bytes)) {
    (void)valohub::gateway::ResponseToJson(*match.route, *response);
  }
  return 0;
}

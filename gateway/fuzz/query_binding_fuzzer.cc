// Fuzzes query-parameter binding: the first byte picks a route, the rest is a query string.
#include <boost/url/parse.hpp>
#include <cstddef>
#include <cstdint>
#include <string>

#include "gateway/fuzz/fuzz_routes.h"
#include <google/protobuf/message.h>

#include "gateway/http_binding.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  auto match = valohub::gateway::FuzzMatch(data[0]);
  std::string target = "/x?" + std::string(reinterpret_cast<const char*>(data + 1), size - 1);
  auto url = boost::urls::parse_origin_form(target);
  if (!url) return 0;
  valohub::gateway::QueryParams query;
  for (auto p : url->params()) query.emplace_back(std::string(p.key), std::string(p.value));
  auto message = valohub::gateway::BindRequest(match, query, "");
  if (message.ok()) (void)(*message)->SerializeAsString();
  return 0;
}

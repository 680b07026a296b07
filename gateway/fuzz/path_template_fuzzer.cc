// Fuzzes the path-template parser and matcher: the first line is a template, the rest a
// request path.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "gateway/path_template.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  size_t nl = input.find('\n');
  std::string text = input.substr(0, nl);
  std::string path = nl == std::string::npos ? "" : input.substr(nl + 1);
  auto parsed = valohub::gateway::PathTemplate::Parse(text);
  if (!parsed.ok()) return 0;
  std::vector<std::string> decoded = absl::StrSplit(path, '/');
  std::vector<std::string> segments;
  std::string verb;
  valohub::gateway::SplitPath(decoded, &segments, &verb);
  valohub::gateway::PathTemplate::Bindings bindings;
  parsed->Match(segments, verb, &bindings);
  parsed->Match(decoded, "", &bindings);
  return 0;
}

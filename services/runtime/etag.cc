#include "services/runtime/etag.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/runtime/status.h"

namespace valohub {

std::string MakeEtag(int64_t version) { return absl::StrCat("\"v", version, "\""); }

absl::StatusOr<int64_t> ParseEtag(const std::string& etag, const std::string& field) {
  if (etag.empty()) return 0;
  int64_t version;
  if (etag.size() < 4 || etag.front() != '"' || etag[1] != 'v' || etag.back() != '"' ||
      !absl::SimpleAtoi(etag.substr(2, etag.size() - 3), &version) || version <= 0) {
    return InvalidArgument({{field, "is not an etag returned by this service"}});
  }
  return version;
}

}  // namespace valohub

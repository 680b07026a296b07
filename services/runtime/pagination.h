// AIP-158 pagination over rows keyed by an increasing insertion sequence.
#ifndef VALOHUB_SERVICES_RUNTIME_PAGINATION_H_
#define VALOHUB_SERVICES_RUNTIME_PAGINATION_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"

namespace valohub {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 1000;

struct Page {
  // Rows to return; fetch one more to learn whether a next page exists.
  int size;
  // Return rows with seq greater than this.
  int64_t after_seq;
};

// page_size 0 means the default, above the maximum is clamped, negative is INVALID_ARGUMENT.
// `scope` is what the list is of (parent and filters); a token from another scope is refused.
absl::StatusOr<Page> ParsePage(int32_t page_size, const std::string& page_token,
                               const std::string& scope);

std::string MakePageToken(const std::string& scope, int64_t last_seq);

}  // namespace valohub

#endif  // VALOHUB_SERVICES_RUNTIME_PAGINATION_H_

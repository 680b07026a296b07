#include "services/runtime/pagination.h"

#include "absl/strings/escaping.h"
#include "services/runtime/status.h"
#include "valohub/runtime/v1/page_token.pb.h"

namespace valohub {

absl::StatusOr<Page> ParsePage(int32_t page_size, const std::string& page_token,
                               const std::string& scope) {
  if (page_size < 0) return InvalidArgument({{"page_size", "must not be negative"}});
  Page page{page_size == 0 ? kDefaultPageSize : std::min(page_size, kMaxPageSize), 0};
  if (page_token.empty()) return page;
  std::string raw;
  runtime::v1::PageToken token;
  if (!absl::WebSafeBase64Unescape(page_token, &raw) || !token.ParseFromString(raw) ||
      token.scope() != scope || token.last_seq() < 0) {
    return InvalidArgument(
        {{"page_token", "is not a token returned by this list with the same parameters"}});
  }
  page.after_seq = token.last_seq();
  return page;
}

std::string MakePageToken(const std::string& scope, int64_t last_seq) {
  runtime::v1::PageToken token;
  token.set_scope(scope);
  token.set_last_seq(last_seq);
  std::string out;
  absl::WebSafeBase64Escape(token.SerializeAsString(), &out);
  return out;
}

}  // namespace valohub

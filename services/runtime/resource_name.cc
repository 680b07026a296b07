#include "services/runtime/resource_name.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/runtime/call_context.h"
#include "services/runtime/status.h"

namespace valohub {

bool IsValidId(absl::string_view id) {
  if (id.empty() || id.size() > 63) return false;
  for (size_t i = 0; i < id.size(); ++i) {
    char c = id[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && i > 0);
    if (!ok) return false;
  }
  return true;
}

absl::StatusOr<std::vector<std::string>> ParseName(absl::string_view name,
                                                   absl::string_view pattern,
                                                   absl::string_view field) {
  std::vector<absl::string_view> want = absl::StrSplit(pattern, '/');
  std::vector<absl::string_view> got = absl::StrSplit(name, '/');
  auto invalid = [&] {
    return InvalidArgument({{std::string(field),
                             name.empty() ? "is required"
                                          : absl::StrCat("must be a resource name of the form ",
                                                         pattern)}});
  };
  if (want.size() != got.size()) return invalid();
  std::vector<std::string> ids;
  for (size_t i = 0; i < want.size(); ++i) {
    if (want[i] == "*") {
      if (!IsValidId(got[i])) return invalid();
      ids.emplace_back(got[i]);
    } else if (want[i] != got[i]) {
      return invalid();
    }
  }
  return ids;
}

absl::StatusOr<std::string> ChooseId(absl::string_view requested, absl::string_view field) {
  if (requested.empty()) return NewUuid();
  if (!IsValidId(requested)) {
    return InvalidArgument(
        {{std::string(field),
          "must be 1-63 characters of lowercase letters, digits and '-', not starting with '-'"}});
  }
  return std::string(requested);
}

bool IsAbsoluteUri(absl::string_view uri) {
  size_t colon = uri.find(':');
  if (colon == absl::string_view::npos || colon == 0 || colon + 1 >= uri.size() ||
      uri.size() > 2048) {
    return false;
  }
  if (!absl::ascii_isalpha(uri[0])) return false;
  for (size_t i = 0; i < colon; ++i) {
    char c = uri[i];
    if (!absl::ascii_isalnum(c) && c != '+' && c != '-' && c != '.') return false;
  }
  for (char c : uri) {
    if (c <= ' ' || c >= 0x7f) return false;
  }
  return true;
}

}  // namespace valohub

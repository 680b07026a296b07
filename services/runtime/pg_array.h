// PostgreSQL array literals for bulk statements (`unnest($1::text[], $2::bytea[])`): one
// round trip for a whole batch. libpqxx 6.4 has no array parameters of its own.
#ifndef VALOHUB_SERVICES_RUNTIME_PG_ARRAY_H_
#define VALOHUB_SERVICES_RUNTIME_PG_ARRAY_H_

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"

namespace valohub::db {

// {"a","b\"c"}: every element quoted and escaped. `field` maps an element to its text.
template <typename T, typename F>
std::string TextArray(const std::vector<T>& items, F field) {
  std::string out = "{";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    for (char c : absl::StrCat(field(items[i]))) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

inline std::string TextArray(const std::vector<std::string>& items) {
  return TextArray(items, [](const std::string& s) -> const std::string& { return s; });
}

// {"\\x0a1b",...}: a bytea[] literal in hex form.
template <typename T, typename F>
std::string ByteaArray(const std::vector<T>& items, F field) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "{";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    out += "\"\\\\x";
    for (unsigned char c : field(items[i])) {
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
    out += '"';
  }
  return out + "}";
}

}  // namespace valohub::db

#endif  // VALOHUB_SERVICES_RUNTIME_PG_ARRAY_H_

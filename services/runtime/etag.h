// Etags of hub resources: the row version, quoted so that it reads as an opaque token.
#ifndef VALOHUB_SERVICES_RUNTIME_ETAG_H_
#define VALOHUB_SERVICES_RUNTIME_ETAG_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"

namespace valohub {

std::string MakeEtag(int64_t version);
// 0 for an empty etag (no precondition); INVALID_ARGUMENT naming `field` when malformed.
absl::StatusOr<int64_t> ParseEtag(const std::string& etag, const std::string& field);

}  // namespace valohub

#endif  // VALOHUB_SERVICES_RUNTIME_ETAG_H_

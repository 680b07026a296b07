// AIP-122 resource names. A pattern is a name with `*` for each id:
// "institutions/*/people/*". Ids are 1-63 characters: lowercase letters, digits and '-',
// starting with a letter or digit (server-made ids are UUIDs).
#ifndef VALOHUB_SERVICES_RUNTIME_RESOURCE_NAME_H_
#define VALOHUB_SERVICES_RUNTIME_RESOURCE_NAME_H_

#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/statusor.h"

namespace valohub {

// The ids of `name` in order, or INVALID_ARGUMENT naming `field` when it does not match.
absl::StatusOr<std::vector<std::string>> ParseName(absl::string_view name,
                                                   absl::string_view pattern,
                                                   absl::string_view field);

bool IsValidId(absl::string_view id);

// A caller-chosen id if given and valid, else a new UUID; INVALID_ARGUMENT naming `field` when
// a given id is malformed.
absl::StatusOr<std::string> ChooseId(absl::string_view requested, absl::string_view field);

// An absolute URI (RFC 3986 scheme, ':', the rest) of printable ASCII, at most 2048 bytes.
bool IsAbsoluteUri(absl::string_view uri);

}  // namespace valohub

#endif  // VALOHUB_SERVICES_RUNTIME_RESOURCE_NAME_H_

// AIP-134 partial updates with google.protobuf.FieldMask.
#ifndef VALOHUB_SERVICES_RUNTIME_UPDATE_MASK_H_
#define VALOHUB_SERVICES_RUNTIME_UPDATE_MASK_H_

#include <string>
#include <vector>

#include "absl/status/status.h"

namespace google::protobuf {
class FieldMask;
class Message;
}  // namespace google::protobuf

namespace valohub {

// Copies the fields named by `mask` from `patch` into `target` (repeated fields are replaced,
// not appended). Paths are top-level proto field names; a path outside `mutable_fields` is
// INVALID_ARGUMENT naming update_mask. An empty mask means every mutable field that `patch`
// populates. "*" means every mutable field.
absl::Status ApplyUpdate(const google::protobuf::Message& patch,
                         const google::protobuf::FieldMask& mask,
                         const std::vector<std::string>& mutable_fields,
                         google::protobuf::Message* target);

}  // namespace valohub

#endif  // VALOHUB_SERVICES_RUNTIME_UPDATE_MASK_H_

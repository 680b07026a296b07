#include "services/runtime/update_mask.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/field_mask.pb.h>
#include <google/protobuf/message.h>
#include <google/protobuf/util/field_mask_util.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/runtime/status.h"

namespace valohub {

absl::Status ApplyUpdate(const google::protobuf::Message& patch,
                         const google::protobuf::FieldMask& mask,
                         const std::vector<std::string>& mutable_fields,
                         google::protobuf::Message* target) {
  google::protobuf::FieldMask effective;
  bool all = mask.paths_size() == 1 && mask.paths(0) == "*";
  if (mask.paths_size() == 0 || all) {
    const auto* reflection = patch.GetReflection();
    for (const std::string& path : mutable_fields) {
      const auto* field = patch.GetDescriptor()->FindFieldByName(path);
      if (field == nullptr) continue;
      bool populated = field->is_repeated() ? reflection->FieldSize(patch, field) > 0
                                            : reflection->HasField(patch, field);
      if (all || populated) effective.add_paths(path);
    }
  } else {
    Violations violations;
    for (const std::string& path : mask.paths()) {
      if (std::find(mutable_fields.begin(), mutable_fields.end(), path) == mutable_fields.end()) {
        violations.Add("update_mask",
                       absl::StrCat("names '", path, "', which cannot be updated; updatable: ",
                                    absl::StrJoin(mutable_fields, ", ")));
      } else {
        effective.add_paths(path);
      }
    }
    if (!violations.empty()) return violations.ToStatus();
  }
  google::protobuf::util::FieldMaskUtil::MergeOptions options;
  options.set_replace_message_fields(true);
  options.set_replace_repeated_fields(true);
  google::protobuf::util::FieldMaskUtil::MergeMessageTo(patch, effective, options, target);
  return absl::OkStatus();
}

}  // namespace valohub

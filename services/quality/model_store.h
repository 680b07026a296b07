// Quality models and their versions (quality.models). A version never changes once written.
#ifndef VALOHUB_SERVICES_QUALITY_MODEL_STORE_H_
#define VALOHUB_SERVICES_QUALITY_MODEL_STORE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/runtime/db.h"
#include "services/runtime/pagination.h"
#include "valohub/quality/v1/quality.pb.h"

namespace valohub::quality {

class ModelStore {
 public:
  static std::vector<db::Query> Queries();

  // Writes `model` (name qualityModels/{id}, version set) as a new version; ALREADY_EXISTS when
  // that version is there.
  static absl::Status Insert(db::Tx& tx, const std::string& model_id, const v1::QualityModel& model);
  // `version` 0: the newest. NOT_FOUND when missing.
  static absl::StatusOr<v1::QualityModel> Get(db::Tx& tx, const std::string& model_id, int version);
  // The newest version of each model, by first creation.
  static absl::StatusOr<std::vector<v1::QualityModel>> List(db::Tx& tx, const Page& page,
                                                            int64_t* next_seq);
};

}  // namespace valohub::quality

#endif  // VALOHUB_SERVICES_QUALITY_MODEL_STORE_H_

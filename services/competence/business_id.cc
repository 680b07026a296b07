#include "services/competence/business_id.h"

namespace valohub::competence {

std::string BusinessIdProblem(absl::string_view id) {
  if (id.empty()) return "is required";
  if (id.size() != 9 || id[7] != '-') return "must have the form 1234567-8";
  static constexpr int kWeights[7] = {7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 7; ++i) {
    if (id[i] < '0' || id[i] > '9') return "must have the form 1234567-8";
    sum += (id[i] - '0') * kWeights[i];
  }
  if (id[8] < '0' || id[8] > '9') return "must have the form 1234567-8";
  int remainder = sum % 11;
  if (remainder == 1) return "is not a valid business id (no check digit exists)";
  int check = remainder == 0 ? 0 : 11 - remainder;
  if (id[8] - '0' != check) return "has a wrong check digit";
  return "";
}

}  // namespace valohub::competence

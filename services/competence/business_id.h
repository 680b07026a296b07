// Finnish business id (Y-tunnus): seven digits, a hyphen and a check digit. The check digit is
// computed from the digits with weights 7, 9, 10, 5, 8, 4, 2; with r = sum mod 11 it is 0 when
// r is 0, 11 - r when r is 2..10, and r = 1 never occurs in a valid id (Finnish Tax
// Administration, "Y-tunnuksen tarkistusmerkki").
#ifndef VALOHUB_SERVICES_COMPETENCE_BUSINESS_ID_H_
#define VALOHUB_SERVICES_COMPETENCE_BUSINESS_ID_H_

#include <string>
#include "absl/strings/string_view.h"

namespace valohub::competence {

// Empty when `id` is a valid business id, else what is wrong with it.
std::string BusinessIdProblem(absl::string_view id);

}  // namespace valohub::competence

#endif  // VALOHUB_SERVICES_COMPETENCE_BUSINESS_ID_H_

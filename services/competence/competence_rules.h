// Validation of competence resources as clients send them. Each function records every problem
// it finds, with the field path as the client wrote it ("person.email"), so one response names
// all of them.
#ifndef VALOHUB_SERVICES_COMPETENCE_COMPETENCE_RULES_H_
#define VALOHUB_SERVICES_COMPETENCE_COMPETENCE_RULES_H_

#include <string>

#include "absl/strings/string_view.h"
#include "services/runtime/status.h"
#include "valohub/competence/v1/competence.pb.h"

namespace valohub::competence {

// ISO 3166-2:FI region codes FI-01 .. FI-19.
bool IsFinnishRegion(absl::string_view code);
// A plausible mailbox address: local@domain.tld, no spaces, at most 254 characters.
bool IsEmail(absl::string_view email);
// An ISO 8601 calendar date YYYY-MM-DD that exists.
bool IsDate(absl::string_view date);
// A framework item or level code: 1-64 of letters, digits, '.', '_', '-'.
bool IsCode(absl::string_view code);

void CheckInstitution(const v1::Institution& institution, const std::string& prefix,
                      Violations& violations);
void CheckPerson(const v1::Person& person, const std::string& prefix, Violations& violations);
// Structure of a framework's levels and tree; `for_publish` also requires at least one level
// and one competence.
void CheckFramework(const v1::Framework& framework, const std::string& prefix, bool for_publish,
                    Violations& violations);

}  // namespace valohub::competence

#endif  // VALOHUB_SERVICES_COMPETENCE_COMPETENCE_RULES_H_

// Rules for learning units that need no database: the Annex I elements of the EU Council
// Recommendation on micro-credentials (2022/C 243/02) a unit must state, and the derived
// values the catalogue searches on.
#ifndef VALOHUB_SERVICES_LEARNING_UNIT_RULES_H_
#define VALOHUB_SERVICES_LEARNING_UNIT_RULES_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "services/runtime/status.h"
#include "valohub/learning/v1/learning.pb.h"

namespace valohub::learning {

// Hours of work per ECTS credit when a unit states its workload in hours only (the Finnish
// convention: 1 ECTS = 27 hours).
inline constexpr double kHoursPerEcts = 27.0;

// For a unit to be published: records a violation for every missing or malformed element of
// `unit`, with field paths under `prefix` ("unit."). Output-only fields are ignored.
void CheckUnit(const v1::Unit& unit, const std::string& prefix, Violations& v);
// The same for a draft: elements may still be missing (the quality service's automatic checks
// name them when the draft is submitted), but what is there must be well formed.
void CheckDraft(const v1::Unit& unit, const std::string& prefix, Violations& v);

// The workload in ECTS, or hours / kHoursPerEcts when only hours are given.
double EctsEquivalent(const v1::Workload& workload);

// Title, description and learning outcomes: what a catalogue text search looks in.
std::string SearchText(const v1::Unit& unit);

// BCP 47 language tag of the simple kind: "fi", "sv-FI", "en".
bool IsLanguageTag(absl::string_view tag);

// SHA-256 (hex) of the unit's content without its output-only fields: what a quality approval
// covers.
std::string ContentDigest(const v1::Unit& unit);

// Clears the fields a client may not set (name, version, state, times, etag, titles).
void ClearOutputOnly(v1::Unit* unit);

}  // namespace valohub::learning

#endif  // VALOHUB_SERVICES_LEARNING_UNIT_RULES_H_

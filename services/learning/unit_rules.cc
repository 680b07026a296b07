#include "services/learning/unit_rules.h"

#include <openssl/sha.h>

#include <cmath>

#include "absl/strings/escaping.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/runtime/resource_name.h"

namespace valohub::learning {
namespace {

bool IsAbsoluteHttpUri(absl::string_view uri) {
  return IsAbsoluteUri(uri) && (absl::StartsWith(uri, "https://") || absl::StartsWith(uri, "http://")) &&
         uri.find("://") + 3 < uri.size() && uri.find_first_of("\"<>") == absl::string_view::npos;
}

bool IsUpperAlpha(absl::string_view s, size_t n) {
  if (s.size() != n) return false;
  for (char c : s) {
    if (c < 'A' || c > 'Z') return false;
  }
  return true;
}

// Required text of at most `max` bytes: "is required (Annex I: <element>)" when empty.
void Text(Violations& v, const std::string& field, const std::string& value, size_t max,
          const char* element, bool optional = false) {
  if (absl::StripAsciiWhitespace(value).empty()) {
    if (optional) return;
    v.Add(field, element != nullptr ? absl::StrCat("is required (Annex I: ", element, ")")
                                    : std::string("is required"));
  } else if (value.size() > max) {
    v.Add(field, absl::StrCat("must be at most ", max, " bytes"));
  }
}

}  // namespace

bool IsLanguageTag(absl::string_view tag) {
  // language ("fi", "sme") with optional region or script subtags of 2-8 alphanumerics.
  if (tag.empty() || tag.size() > 35) return false;
  size_t start = 0;
  bool first = true;
  while (start <= tag.size()) {
    size_t end = tag.find('-', start);
    if (end == absl::string_view::npos) end = tag.size();
    absl::string_view part = tag.substr(start, end - start);
    if (first) {
      if (part.size() < 2 || part.size() > 3) return false;
      for (char c : part) {
        if (c < 'a' || c > 'z') return false;
      }
    } else {
      if (part.size() < 2 || part.size() > 8) return false;
      for (char c : part) {
        if (!absl::ascii_isalnum(c)) return false;
      }
    }
    first = false;
    if (end == tag.size()) break;
    start = end + 1;
  }
  return true;
}

namespace {

void CheckUnitElements(const v1::Unit& u, const std::string& prefix, bool draft, Violations& v) {
  const auto f = [&prefix](const std::string& field) { return prefix + field; };
  // A missing element: refused when the unit must be complete, allowed in a draft.
  const auto required = [&](const std::string& field, const std::string& description) {
    if (!draft) v.Add(field, description);
  };
  Text(v, f("title"), u.title(), 300, "title");
  if (u.description().size() > 10000) v.Add(f("description"), "must be at most 10000 bytes");
  Text(v, f("awarding_body"), u.awarding_body(), 300, "awarding body", draft);
  if (u.country().empty()) {
    required(f("country"), "is required (Annex I: country or region of the issuer)");
  } else if (!IsUpperAlpha(u.country(), 2)) {
    v.Add(f("country"), "must be an ISO 3166-1 alpha-2 code such as \"FI\"");
  }
  if (!u.region().empty()) {
    const std::string& r = u.region();
    bool ok = r.size() >= 4 && r.size() <= 6 && r.compare(0, 2, u.country()) == 0 && r[2] == '-';
    for (size_t i = 3; ok && i < r.size(); ++i) ok = absl::ascii_isalnum(r[i]);
    v.Check(ok, f("region"), "must be an ISO 3166-2 code of the country, such as \"FI-18\"");
  }
  if (u.learning_outcomes_size() == 0) {
    required(f("learning_outcomes"), "is required (Annex I: learning outcomes): state at least one");
  } else if (u.learning_outcomes_size() > 50) {
    v.Add(f("learning_outcomes"), "must have at most 50 entries");
  }
  for (int i = 0; i < u.learning_outcomes_size(); ++i) {
    Text(v, f(absl::StrCat("learning_outcomes[", i, "]")), u.learning_outcomes(i), 2000, nullptr,
         draft);
  }
  const v1::Workload& w = u.workload();
  if (!u.has_workload() || (w.ects() == 0 && w.hours() == 0)) {
    required(f("workload"), "is required (Annex I: notional workload): give ECTS credits or hours");
  } else {
    v.Check(std::isfinite(w.ects()) && w.ects() >= 0 && w.ects() <= 60, f("workload.ects"),
            "must be between 0 and 60");
    v.Check(std::isfinite(w.hours()) && w.hours() >= 0 && w.hours() <= 1620, f("workload.hours"),
            "must be between 0 and 1620");
  }
  if (u.eqf_not_applicable()) {
    v.Check(u.eqf_level() == 0, f("eqf_level"), "must be 0 when eqf_not_applicable is set");
  } else if (u.eqf_level() == 0) {
    required(f("eqf_level"),
          "is required (Annex I: level): EQF 1-8, or set eqf_not_applicable");
  } else {
    v.Check(u.eqf_level() >= 1 && u.eqf_level() <= 8, f("eqf_level"), "must be an EQF level 1-8");
  }
  if (u.assessment_type() == v1::ASSESSMENT_TYPE_UNSPECIFIED) {
    required(f("assessment_type"), "is required (Annex I: type of assessment)");
  } else {
    v.Check(v1::AssessmentType_IsValid(u.assessment_type()), f("assessment_type"),
            "is not a known assessment type");
  }
  if (u.participation_mode() == v1::PARTICIPATION_MODE_UNSPECIFIED) {
    required(f("participation_mode"),
          "is required (Annex I: form of participation): ONLINE, ON_SITE or BLENDED");
  } else {
    v.Check(v1::ParticipationMode_IsValid(u.participation_mode()), f("participation_mode"),
            "must be ONLINE, ON_SITE or BLENDED");
  }
  if (u.pacing() == v1::PACING_UNSPECIFIED) {
    required(f("pacing"), "is required (Annex I: form of participation): SELF_PACED or SCHEDULED");
  } else {
    v.Check(v1::Pacing_IsValid(u.pacing()), f("pacing"), "must be SELF_PACED or SCHEDULED");
  }
  Text(v, f("quality_assurance"), u.quality_assurance(), 2000, "type of quality assurance",
       draft);
  if (u.prerequisites().size() > 4000) v.Add(f("prerequisites"), "must be at most 4000 bytes");
  v.Check(u.languages_size() <= 20, f("languages"), "must have at most 20 entries");
  for (int i = 0; i < u.languages_size(); ++i) {
    v.Check(IsLanguageTag(u.languages(i)), f(absl::StrCat("languages[", i, "]")),
            "must be a BCP 47 language tag such as \"fi\" or \"sv-FI\"");
  }
  if (u.stackability().description().size() > 2000) {
    v.Add(f("stackability.description"), "must be at most 2000 bytes");
  }
  v.Check(u.duration_days() >= 0 && u.duration_days() <= 3650, f("duration_days"),
          "must be between 0 and 3650");
  if (u.alignments_size() == 0) {
    required(f("alignments"), "is required: align the unit to at least one competence");
  } else if (u.alignments_size() > 50) {
    v.Add(f("alignments"), "must have at most 50 entries");
  }
  for (int i = 0; i < u.alignments_size(); ++i) {
    const auto& a = u.alignments(i);
    const std::string base = f(absl::StrCat("alignments[", i, "]"));
    v.Check(!a.competence().empty(), base + ".competence", "is required");
    v.Check(!a.target_level().empty(), base + ".target_level", "is required");
    for (int j = 0; j < i; ++j) {
      if (u.alignments(j).competence() == a.competence() && !a.competence().empty()) {
        v.Add(base + ".competence", "is listed twice");
        break;
      }
    }
  }
  Text(v, f("achievement.criteria_narrative"), u.achievement().criteria_narrative(), 10000,
       nullptr, draft);
  if (!u.achievement().image_uri().empty()) {
    v.Check(IsAbsoluteHttpUri(u.achievement().image_uri()), f("achievement.image_uri"),
            "must be an absolute http(s) URI");
  }
}

}  // namespace

void CheckUnit(const v1::Unit& u, const std::string& prefix, Violations& v) {
  CheckUnitElements(u, prefix, /*draft=*/false, v);
}

void CheckDraft(const v1::Unit& u, const std::string& prefix, Violations& v) {
  CheckUnitElements(u, prefix, /*draft=*/true, v);
}

double EctsEquivalent(const v1::Workload& w) {
  return w.ects() > 0 ? w.ects() : w.hours() / kHoursPerEcts;
}

std::string SearchText(const v1::Unit& u) {
  std::string text = absl::StrCat(u.title(), "\n", u.description(), "\n",
                                  absl::StrJoin(u.learning_outcomes(), "\n"));
  for (const auto& a : u.alignments()) absl::StrAppend(&text, "\n", a.competence_title());
  return text;
}

std::string ContentDigest(const v1::Unit& unit) {
  v1::Unit content = unit;
  ClearOutputOnly(&content);
  content.clear_quality();
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    content.SerializeToCodedStream(&coded);
  }
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

void ClearOutputOnly(v1::Unit* u) {
  u->clear_name();
  u->clear_version();
  u->clear_state();
  u->clear_create_time();
  u->clear_update_time();
  u->clear_publish_time();
  u->clear_published_version();
  u->clear_etag();
  u->clear_provider_display_name();
  u->clear_quality();
  for (auto& a : *u->mutable_alignments()) {
    a.clear_competence_title();
    a.clear_framework_title();
    a.clear_esco_uris();
  }
}

}  // namespace valohub::learning

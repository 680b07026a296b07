#include "services/competence/competence_rules.h"

#include "services/runtime/resource_name.h"

#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "services/competence/business_id.h"
#include "services/competence/case_codec.h"

namespace valohub::competence {

bool IsFinnishRegion(absl::string_view code) {
  int n;
  return code.size() == 5 && code.substr(0, 3) == "FI-" && absl::ascii_isdigit(code[3]) &&
         absl::ascii_isdigit(code[4]) && absl::SimpleAtoi(code.substr(3), &n) && n >= 1 &&
         n <= 19;
}

bool IsEmail(absl::string_view email) {
  if (email.size() > 254) return false;
  size_t at = email.find('@');
  if (at == absl::string_view::npos || at == 0 || email.find('@', at + 1) != absl::string_view::npos) {
    return false;
  }
  absl::string_view domain = email.substr(at + 1);
  size_t dot = domain.rfind('.');
  if (dot == absl::string_view::npos || dot == 0 || dot + 1 >= domain.size()) return false;
  for (char c : email) {
    if (c <= ' ' || c >= 0x7f) return false;
  }
  return true;
}

bool IsDate(absl::string_view date) {
  absl::CivilDay day;
  return date.size() == 10 && absl::ParseCivilTime(date, &day) &&
         absl::FormatCivilTime(day) == date;
}

bool IsCode(absl::string_view code) {
  if (code.empty() || code.size() > 64) return false;
  for (char c : code) {
    if (!absl::ascii_isalnum(c) && c != '.' && c != '_' && c != '-') return false;
  }
  return true;
}

namespace {

void CheckText(absl::string_view value, const std::string& field, size_t max, bool required,
               Violations& v) {
  if (required && value.empty()) {
    v.Add(field, "is required");
  } else if (value.size() > max) {
    v.Add(field, absl::StrCat("must be at most ", max, " bytes"));
  }
}

}  // namespace

void CheckInstitution(const v1::Institution& in, const std::string& p, Violations& v) {
  CheckText(in.display_name(), p + "display_name", 200, true, v);
  v.Check(in.kind() != v1::Institution::KIND_UNSPECIFIED && v1::Institution::Kind_IsValid(in.kind()),
          p + "kind",
          "must be VET_PROVIDER, UNIVERSITY_OF_APPLIED_SCIENCES, TEACHER_EDUCATION_INSTITUTION "
          "or OTHER");
  std::string problem = BusinessIdProblem(in.business_id());
  v.Check(problem.empty(), p + "business_id", problem);
  v.Check(IsFinnishRegion(in.region()), p + "region",
          "must be an ISO 3166-2:FI region code, FI-01 to FI-19");
}

void CheckPerson(const v1::Person& in, const std::string& p, Violations& v) {
  CheckText(in.display_name(), p + "display_name", 200, true, v);
  v.Check(in.email().empty() || IsEmail(in.email()), p + "email", "is not an email address");
  std::set<int> roles;
  for (int i = 0; i < in.roles_size(); ++i) {
    int role = in.roles(i);
    std::string field = absl::StrCat(p, "roles[", i, "]");
    if (role == v1::STAFF_ROLE_UNSPECIFIED || !v1::StaffRole_IsValid(role)) {
      v.Add(field, "must be a staff role");
    } else if (!roles.insert(role).second) {
      v.Add(field, "is listed twice");
    }
  }
  CheckText(in.teaching_field(), p + "teaching_field", 200, false, v);
  v.Check(in.employment_start_date().empty() || IsDate(in.employment_start_date()),
          p + "employment_start_date", "must be a date YYYY-MM-DD");
  CheckText(in.external_id(), p + "external_id", 128, false, v);
}

void CheckFramework(const v1::Framework& f, const std::string& p, bool for_publish,
                    Violations& v) {
  CheckText(f.display_name(), p + "display_name", 200, true, v);
  CheckText(f.description(), p + "description", 10000, false, v);
  CheckText(f.version(), p + "version", 64, false, v);
  CheckText(f.creator(), p + "creator", 200, false, v);
  v.Check(f.case_identifier().empty() || IsUuid(f.case_identifier()), p + "case_identifier",
          "must be a UUID");
  std::set<std::string> levels;
  for (int i = 0; i < f.levels_size(); ++i) {
    const auto& level = f.levels(i);
    std::string field = absl::StrCat(p, "levels[", i, "]");
    if (!IsCode(level.code())) {
      v.Add(field + ".code", "must be 1-64 letters, digits, '.', '_' or '-'");
    } else if (!levels.insert(level.code()).second) {
      v.Add(field + ".code", "is used by an earlier level");
    }
    CheckText(level.title(), field + ".title", 200, true, v);
  }
  std::map<std::string, v1::FrameworkItemKind> kinds;
  std::set<std::string> identifiers;
  int competences = 0;
  for (int i = 0; i < f.items_size(); ++i) {
    const auto& item = f.items(i);
    std::string field = absl::StrCat(p, "items[", i, "]");
    if (!IsCode(item.code())) {
      v.Add(field + ".code", "must be 1-64 letters, digits, '.', '_' or '-'");
    } else if (kinds.count(item.code()) > 0) {
      v.Add(field + ".code", "is used by an earlier item");
    }
    if (item.kind() != v1::AREA && item.kind() != v1::COMPETENCE) {
      v.Add(field + ".kind", "must be AREA or COMPETENCE");
    }
    if (item.kind() == v1::COMPETENCE) ++competences;
    if (!item.parent_code().empty()) {
      auto parent = kinds.find(item.parent_code());
      if (parent == kinds.end()) {
        v.Add(field + ".parent_code", "must be the code of an earlier item");
      } else if (parent->second != v1::AREA) {
        v.Add(field + ".parent_code", "must be the code of an AREA");
      }
    }
    CheckText(item.title(), field + ".title", 500, true, v);
    CheckText(item.description(), field + ".description", 10000, false, v);
    if (!item.case_identifier().empty()) {
      if (!IsUuid(item.case_identifier())) {
        v.Add(field + ".case_identifier", "must be a UUID");
      } else if (!identifiers.insert(absl::AsciiStrToLower(item.case_identifier())).second) {
        v.Add(field + ".case_identifier", "is used by an earlier item");
      }
    }
    std::set<std::string> described;
    for (int d = 0; d < item.level_descriptors_size(); ++d) {
      const auto& descriptor = item.level_descriptors(d);
      std::string dfield = absl::StrCat(field, ".level_descriptors[", d, "]");
      if (levels.count(descriptor.level()) == 0) {
        v.Add(dfield + ".level", "must be a code of the framework's levels");
      } else if (!described.insert(descriptor.level()).second) {
        v.Add(dfield + ".level", "is described twice");
      }
      CheckText(descriptor.description(), dfield + ".description", 10000, true, v);
    }
    for (int a = 0; a < item.alignments_size(); ++a) {
      const auto& alignment = item.alignments(a);
      std::string afield = absl::StrCat(field, ".alignments[", a, "]");
      v.Check(IsAbsoluteUri(alignment.target_uri()), afield + ".target_uri",
              "must be an absolute URI");
      v.Check(alignment.relation() == v1::EXACT_MATCH || alignment.relation() == v1::RELATED,
              afield + ".relation", "must be EXACT_MATCH or RELATED");
    }
    kinds[item.code()] = item.kind();
  }
  if (for_publish) {
    v.Check(!levels.empty(), p + "levels", "a published framework needs a proficiency scale");
    v.Check(competences > 0, p + "items", "a published framework needs at least one competence");
  }
}

}  // namespace valohub::competence

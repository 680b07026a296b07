#include "services/competence/case_codec.h"

#include <google/protobuf/util/time_util.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/runtime/status.h"

namespace valohub::competence {
namespace {

constexpr char kScaleCategory[] = "proficiencyScale";
constexpr char kDescriptorCategory[] = "levelDescriptors";

std::string Urn(const std::string& uuid) { return "urn:uuid:" + uuid; }

v1::CaseLinkUri Link(const std::string& title, const std::string& identifier) {
  v1::CaseLinkUri link;
  link.set_title(title);
  link.set_identifier(identifier);
  link.set_uri(Urn(identifier));
  return link;
}

std::string AdoptionStatus(v1::FrameworkStatus status) {
  switch (status) {
    case v1::PUBLISHED: return "Adopted";
    case v1::RETIRED: return "Deprecated";
    default: return "Draft";
  }
}

bool HexToBytes(const std::string& uuid, unsigned char out[16]) {
  int n = 0;
  for (size_t i = 0; i < uuid.size() && n < 32; ++i) {
    char c = uuid[i];
    if (c == '-') continue;
    int v;
    if (c >= '0' && c <= '9') v = c - '0';
    else if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
    else return false;
    if (n % 2 == 0) out[n / 2] = static_cast<unsigned char>(v << 4);
    else out[n / 2] |= static_cast<unsigned char>(v);
    ++n;
  }
  return n == 32;
}

}  // namespace

bool IsUuid(const std::string& s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash != (s[i] == '-')) return false;
    if (!dash && !absl::ascii_isxdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

std::string NameBasedUuid(const std::string& ns, const std::string& name) {
  unsigned char ns_bytes[16] = {0};
  HexToBytes(ns, ns_bytes);
  std::string input(reinterpret_cast<const char*>(ns_bytes), 16);
  input += name;
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest);
  digest[6] = static_cast<unsigned char>((digest[6] & 0x0f) | 0x50);
  digest[8] = static_cast<unsigned char>((digest[8] & 0x3f) | 0x80);
  char buf[37];
  std::snprintf(buf, sizeof buf,
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                digest[0], digest[1], digest[2], digest[3], digest[4], digest[5], digest[6],
                digest[7], digest[8], digest[9], digest[10], digest[11], digest[12], digest[13],
                digest[14], digest[15]);
  return buf;
}

v1::CasePackage ExportCase(const v1::Framework& f) {
  v1::CasePackage package;
  const std::string& doc_id = f.case_identifier();
  std::string changed =
      f.has_update_time() ? google::protobuf::util::TimeUtil::ToString(f.update_time()) : "";
  auto* doc = package.mutable_document();
  doc->set_identifier(doc_id);
  doc->set_uri(Urn(doc_id));
  doc->set_title(f.display_name());
  doc->set_description(f.description());
  doc->set_version(f.version());
  doc->set_creator(f.creator());
  doc->set_adoption_status(AdoptionStatus(f.status()));
  doc->set_last_change_date_time(changed);
  const v1::CaseLinkUri doc_link = Link(f.display_name(), doc_id);

  std::map<std::string, const v1::FrameworkItem*> by_code;
  for (const auto& item : f.items()) by_code[item.code()] = &item;
  std::map<std::string, int> sibling_count;

  auto* rubric = package.add_rubrics();
  rubric->set_identifier(NameBasedUuid(doc_id, "rubric"));
  rubric->set_uri(Urn(rubric->identifier()));
  rubric->set_title(f.display_name() + " proficiency levels");
  rubric->set_last_change_date_time(changed);
  auto* scale = rubric->add_criteria();
  scale->set_identifier(NameBasedUuid(doc_id, "scale"));
  scale->set_uri(Urn(scale->identifier()));
  scale->set_category(kScaleCategory);
  scale->set_description("Proficiency scale, lowest level first");
  scale->set_position(0);
  scale->set_rubric_id(rubric->identifier());
  for (int i = 0; i < f.levels_size(); ++i) {
    const auto& level = f.levels(i);
    auto* out = scale->add_levels();
    out->set_identifier(NameBasedUuid(doc_id, "level/" + level.code()));
    out->set_uri(Urn(out->identifier()));
    out->set_quality(level.code());
    out->set_description(level.title());
    out->set_feedback(level.description());
    out->set_position(i + 1);
    out->set_score(i + 1);
    out->set_rubric_criterion_id(scale->identifier());
  }

  int criterion_position = 1;
  for (const auto& item : f.items()) {
    auto* ci = package.add_items();
    ci->set_identifier(item.case_identifier());
    ci->set_uri(Urn(item.case_identifier()));
    ci->set_human_coding_scheme(item.code());
    ci->set_abbreviated_statement(item.title());
    ci->set_full_statement(item.description().empty() ? item.title() : item.description());
    ci->set_item_type(item.kind() == v1::AREA ? "Area" : "Competence");
    int position = ++sibling_count[item.parent_code()];
    ci->set_list_enumeration(absl::StrCat(position));
    ci->set_last_change_date_time(changed);
    *ci->mutable_document_uri() = doc_link;
    const v1::CaseLinkUri item_link = Link(item.title(), item.case_identifier());

    auto* child_of = package.add_associations();
    child_of->set_association_type("isChildOf");
    *child_of->mutable_origin_node_uri() = item_link;
    auto parent = by_code.find(item.parent_code());
    *child_of->mutable_destination_node_uri() =
        parent == by_code.end() ? doc_link : Link(parent->second->title(),
                                                  parent->second->case_identifier());
    child_of->set_sequence_number(position);
    child_of->set_identifier(NameBasedUuid(doc_id, "isChildOf/" + item.case_identifier()));
    child_of->set_uri(Urn(child_of->identifier()));
    child_of->set_last_change_date_time(changed);
    *child_of->mutable_document_uri() = doc_link;

    for (int a = 0; a < item.alignments_size(); ++a) {
      const auto& alignment = item.alignments(a);
      auto* assoc = package.add_associations();
      assoc->set_association_type(alignment.relation() == v1::RELATED ? "isRelatedTo"
                                                                      : "exactMatchOf");
      *assoc->mutable_origin_node_uri() = item_link;
      auto* dest = assoc->mutable_destination_node_uri();
      dest->set_title(alignment.target_title());
      dest->set_identifier(alignment.target_uri());
      dest->set_uri(alignment.target_uri());
      assoc->set_sequence_number(a + 1);
      assoc->set_identifier(NameBasedUuid(
          doc_id, absl::StrCat(assoc->association_type(), "/", item.case_identifier(), "/",
                               alignment.target_uri())));
      assoc->set_uri(Urn(assoc->identifier()));
      assoc->set_last_change_date_time(changed);
      *assoc->mutable_document_uri() = doc_link;
    }

    if (item.level_descriptors_size() > 0) {
      auto* criterion = rubric->add_criteria();
      criterion->set_identifier(NameBasedUuid(doc_id, "descriptors/" + item.case_identifier()));
      criterion->set_uri(Urn(criterion->identifier()));
      criterion->set_category(kDescriptorCategory);
      criterion->set_description(item.title());
      *criterion->mutable_item_uri() = item_link;
      criterion->set_position(criterion_position++);
      criterion->set_rubric_id(rubric->identifier());
      for (int d = 0; d < item.level_descriptors_size(); ++d) {
        const auto& descriptor = item.level_descriptors(d);
        auto* level = criterion->add_levels();
        level->set_identifier(NameBasedUuid(
            doc_id, "descriptor/" + item.case_identifier() + "/" + descriptor.level()));
        level->set_uri(Urn(level->identifier()));
        level->set_quality(descriptor.level());
        level->set_description(descriptor.description());
        level->set_position(d + 1);
        level->set_rubric_criterion_id(criterion->identifier());
      }
    }
  }
  return package;
}

absl::StatusOr<v1::Framework> ImportCase(const v1::CasePackage& package) {
  Violations violations;
  v1::Framework f;
  f.set_status(v1::DRAFT);
  const auto& doc = package.document();
  violations.Check(IsUuid(doc.identifier()), "package.CFDocument.identifier", "must be a UUID");
  violations.Check(!doc.title().empty(), "package.CFDocument.title", "is required");
  f.set_case_identifier(absl::AsciiStrToLower(doc.identifier()));
  f.set_display_name(doc.title());
  f.set_description(doc.description());
  f.set_version(doc.version());
  f.set_creator(doc.creator());

  // Items by identifier, in package order.
  std::map<std::string, int> index_of;
  for (int i = 0; i < package.items_size(); ++i) {
    const auto& item = package.items(i);
    std::string field = absl::StrCat("package.CFItems[", i, "]");
    if (!IsUuid(item.identifier())) {
      violations.Add(field + ".identifier", "must be a UUID");
      continue;
    }
    std::string id = absl::AsciiStrToLower(item.identifier());
    if (!index_of.emplace(id, i).second) {
      violations.Add(field + ".identifier", "appears twice");
    }
  }
  if (!violations.empty()) return violations.ToStatus();

  struct Placement {
    std::string parent;  // identifier of the parent item, empty for a root
    int sequence = 0;
  };
  std::map<std::string, Placement> placement;
  std::map<std::string, std::vector<v1::Alignment>> alignments;
  std::map<std::string, std::vector<std::string>> children;
  for (int i = 0; i < package.associations_size(); ++i) {
    const auto& a = package.associations(i);
    std::string origin = absl::AsciiStrToLower(a.origin_node_uri().identifier());
    if (index_of.count(origin) == 0) continue;  // associations between outside nodes
    std::string dest = absl::AsciiStrToLower(a.destination_node_uri().identifier());
    if (a.association_type() == "isChildOf") {
      Placement p;
      p.sequence = a.sequence_number();
      if (index_of.count(dest) > 0) p.parent = dest;
      placement[origin] = p;
    } else if (a.association_type() == "exactMatchOf" || a.association_type() == "isRelatedTo") {
      v1::Alignment alignment;
      alignment.set_target_uri(a.destination_node_uri().uri().empty()
                                   ? a.destination_node_uri().identifier()
                                   : a.destination_node_uri().uri());
      alignment.set_target_title(a.destination_node_uri().title());
      alignment.set_relation(a.association_type() == "isRelatedTo" ? v1::RELATED
                                                                   : v1::EXACT_MATCH);
      alignments[origin].push_back(alignment);
    }
  }
  std::vector<std::string> roots;
  for (int i = 0; i < package.items_size(); ++i) {
    std::string id = absl::AsciiStrToLower(package.items(i).identifier());
    const std::string& parent = placement[id].parent;
    (parent.empty() ? roots : children[parent]).push_back(id);
  }
  auto by_sequence = [&](const std::string& a, const std::string& b) {
    int sa = placement[a].sequence, sb = placement[b].sequence;
    if (sa != sb) return sa < sb;
    return index_of[a] < index_of[b];
  };

  std::map<std::string, std::vector<v1::LevelDescriptor>> descriptors;
  for (const auto& rubric : package.rubrics()) {
    for (const auto& criterion : rubric.criteria()) {
      std::vector<v1::CaseRubricCriterionLevel> levels(criterion.levels().begin(),
                                                       criterion.levels().end());
      std::stable_sort(levels.begin(), levels.end(),
                       [](const auto& a, const auto& b) { return a.position() < b.position(); });
      if (criterion.category() == kScaleCategory) {
        for (const auto& level : levels) {
          auto* out = f.add_levels();
          out->set_code(level.quality());
          out->set_title(level.description());
          out->set_description(level.feedback());
        }
        continue;
      }
      std::string item = absl::AsciiStrToLower(criterion.item_uri().identifier());
      if (index_of.count(item) == 0) continue;
      for (const auto& level : levels) {
        v1::LevelDescriptor d;
        d.set_level(level.quality());
        d.set_description(level.description());
        descriptors[item].push_back(d);
      }
    }
  }

  // Parents before children, siblings by sequence number. Items caught in an isChildOf cycle
  // are never reached from a root and are reported.
  std::set<std::string> emitted;
  std::map<std::string, std::string> code_of;
  std::vector<std::string> stack(roots);
  std::stable_sort(stack.begin(), stack.end(), by_sequence);
  std::reverse(stack.begin(), stack.end());
  while (!stack.empty()) {
    std::string id = stack.back();
    stack.pop_back();
    if (!emitted.insert(id).second) continue;
    const auto& ci = package.items(index_of[id]);
    auto* item = f.add_items();
    item->set_case_identifier(id);
    item->set_code(ci.human_coding_scheme().empty() ? id.substr(0, 8) : ci.human_coding_scheme());
    code_of[id] = item->code();
    const std::string& parent = placement[id].parent;
    if (!parent.empty()) item->set_parent_code(code_of[parent]);
    std::string title =
        ci.abbreviated_statement().empty() ? ci.full_statement() : ci.abbreviated_statement();
    item->set_title(title);
    if (ci.full_statement() != title) item->set_description(ci.full_statement());
    std::string type = absl::AsciiStrToLower(ci.item_type());
    auto& kids = children[id];
    if (type == "area") {
      item->set_kind(v1::AREA);
    } else if (type == "competence") {
      item->set_kind(v1::COMPETENCE);
    } else {
      item->set_kind(kids.empty() ? v1::COMPETENCE : v1::AREA);
    }
    for (const auto& d : descriptors[id]) *item->add_level_descriptors() = d;
    for (const auto& a : alignments[id]) *item->add_alignments() = a;
    std::vector<std::string> ordered(kids);
    std::stable_sort(ordered.begin(), ordered.end(), by_sequence);
    for (auto it = ordered.rbegin(); it != ordered.rend(); ++it) stack.push_back(*it);
  }
  for (int i = 0; i < package.items_size(); ++i) {
    if (emitted.count(absl::AsciiStrToLower(package.items(i).identifier())) == 0) {
      violations.Add(absl::StrCat("package.CFItems[", i, "]"),
                     "is part of an isChildOf cycle and has no path to the document");
    }
  }
  if (!violations.empty()) return violations.ToStatus();
  return f;
}

}  // namespace valohub::competence

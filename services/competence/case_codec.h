// Conversion between the hub's Framework and a 1EdTech CASE v1.1 CFPackage.
//
// Mapping (also in docs/frameworks.md):
//   Framework            -> CFDocument (identifier = case_identifier; adoptionStatus Draft,
//                           Adopted or Deprecated from the status)
//   FrameworkItem        -> CFItem (humanCodingScheme = code, abbreviatedStatement = title,
//                           fullStatement = description or the title, CFItemType Area/Competence)
//   parent_code          -> CFAssociation isChildOf (origin child, destination parent item or
//                           the CFDocument for a root), sequenceNumber = position among siblings
//   Alignment            -> CFAssociation exactMatchOf / isRelatedTo to the target URI
//   ProficiencyLevel     -> CFRubric criterion of category "proficiencyScale": one
//                           CFRubricCriterionLevel per level, quality = code, description = title,
//                           feedback = description, position = rank
//   LevelDescriptor      -> CFRubric criterion of category "levelDescriptors" per item (CFItemURI),
//                           quality = level code, description = the descriptor
// Export then import gives back the same framework content; association and rubric
// identifiers are name-based UUIDs (RFC 4122 v5), so exporting twice gives the same package.
#ifndef VALOHUB_SERVICES_COMPETENCE_CASE_CODEC_H_
#define VALOHUB_SERVICES_COMPETENCE_CASE_CODEC_H_

#include <string>

#include "absl/status/statusor.h"
#include "valohub/competence/v1/case.pb.h"
#include "valohub/competence/v1/competence.pb.h"

namespace valohub::competence {

v1::CasePackage ExportCase(const v1::Framework& framework);

// A DRAFT framework (no name, times or etag). INVALID_ARGUMENT with field violations (paths
// into the package, such as "package.CFItems[3].identifier") when the package cannot be read as
// a framework tree.
absl::StatusOr<v1::Framework> ImportCase(const v1::CasePackage& package);

// RFC 4122 version 5 UUID of `name` in the namespace UUID `ns`.
std::string NameBasedUuid(const std::string& ns, const std::string& name);
bool IsUuid(const std::string& s);

}  // namespace valohub::competence

#endif  // VALOHUB_SERVICES_COMPETENCE_CASE_CODEC_H_

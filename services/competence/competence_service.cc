#include "services/competence/competence_service.h"

#include <google/protobuf/util/message_differencer.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/competence/api_key_store.h"
#include "services/competence/assessment_store.h"
#include "services/competence/case_codec.h"
#include "services/competence/competence_rules.h"
#include "services/competence/development_need_store.h"
#include "services/competence/etag.h"
#include "services/competence/framework_store.h"
#include "services/competence/institution_store.h"
#include "services/competence/person_store.h"
#include "services/competence/request_log.h"
#include "services/runtime/authorization.h"
#include "services/runtime/pagination.h"
#include "services/runtime/resource_name.h"
#include "services/runtime/status.h"
#include "services/runtime/timestamps.h"
#include "services/runtime/update_mask.h"

namespace valohub::competence {
namespace {

constexpr char kErrorDomain[] = "competence.valohub.fi";

const std::vector<std::string> kInstitutionMutable = {"display_name", "kind", "business_id",
                                                      "region"};
const std::vector<std::string> kPersonMutable = {"display_name",   "email",
                                                 "roles",          "teaching_field",
                                                 "employment_start_date", "external_id"};
const std::vector<std::string> kFrameworkMutable = {"display_name", "description", "version",
                                                    "creator",      "levels",      "items"};
const std::vector<std::string> kNeedMutable = {"competence", "priority", "description"};

// Runs a create in one transaction that also consults and fills the request log, so a retry
// with the same request_id returns the first response and writes nothing.
template <typename Response>
absl::Status RunCreate(db::Pool& pool, const CallContext& call, const std::string& scope,
                       const std::string& request_id, Response* out,
                       const std::function<absl::StatusOr<Response>(db::Tx&)>& create) {
  if (!request_id.empty() && !IsRequestId(request_id)) {
    return InvalidArgument({{"request_id", "must be 1-128 printable ASCII characters"}});
  }
  return pool.Run(call.deadline, [&](db::Tx& tx) -> absl::Status {
    if (!request_id.empty()) {
      auto found = RequestLog::Find(tx, scope, request_id, out);
      if (!found.ok()) return found.status();
      if (*found) return absl::OkStatus();
    }
    auto created = create(tx);
    if (!created.ok()) return created.status();
    *out = *std::move(created);
    if (!request_id.empty()) return RequestLog::Record(tx, scope, request_id, *out);
    return absl::OkStatus();
  });
}

template <typename Response>
absl::Status RunRead(db::Pool& pool, const CallContext& call, Response* out,
                     const std::function<absl::StatusOr<Response>(db::Tx&)>& read) {
  return pool.Run(call.deadline, [&](db::Tx& tx) -> absl::Status {
    auto result = read(tx);
    if (!result.ok()) return result.status();
    *out = *std::move(result);
    return absl::OkStatus();
  });
}

// A read of one resource: no transaction needed.
template <typename Response>
absl::Status RunGet(db::Pool& pool, const CallContext& call, Response* out,
                    const std::function<absl::StatusOr<Response>(db::Tx&)>& read) {
  return pool.Run(
      call.deadline,
      [&](db::Tx& tx) -> absl::Status {
        auto result = read(tx);
        if (!result.ok()) return result.status();
        *out = *std::move(result);
        return absl::OkStatus();
      },
      db::Isolation::kAutocommit);
}

absl::StatusOr<PersonKey> ParsePerson(const std::string& name, const std::string& field) {
  auto ids = ParseName(name, "institutions/*/people/*", field);
  if (!ids.ok()) return ids.status();
  return PersonKey{(*ids)[0], (*ids)[1]};
}

struct CompetenceRef {
  std::string framework_id;
  std::string code;
};

absl::StatusOr<CompetenceRef> ParseCompetence(const std::string& name, const std::string& field) {
  std::vector<std::string> parts;
  constexpr absl::string_view kPrefix = "frameworks/";
  size_t slash = name.find("/competences/");
  if (name.rfind(kPrefix.data(), 0) != 0 || slash == std::string::npos) {
    return InvalidArgument(
        {{field, name.empty() ? "is required"
                              : "must be a name of the form frameworks/*/competences/*"}});
  }
  CompetenceRef ref{name.substr(kPrefix.size(), slash - kPrefix.size()),
                    name.substr(slash + std::string("/competences/").size())};
  if (!IsValidId(ref.framework_id) || !IsCode(ref.code)) {
    return InvalidArgument({{field, "must be a name of the form frameworks/*/competences/*"}});
  }
  return ref;
}

// A competence that assessments and needs may refer to: of a PUBLISHED framework; with `level`,
// that level must be on the framework's scale.
absl::Status CheckCompetenceUsable(db::Tx& tx, const CompetenceRef& ref, const std::string& level,
                                   const std::string& competence_field,
                                   const std::string& level_field) {
  auto check = FrameworkStore::Check(tx, ref.framework_id, ref.code, level);
  if (!check.ok()) return check.status();
  if (!check->framework_exists || !check->competence_exists) {
    return InvalidArgument({{competence_field, "names no competence of any framework"}});
  }
  if (check->status != v1::PUBLISHED) {
    return Error(absl::StatusCode::kFailedPrecondition, "FRAMEWORK_NOT_PUBLISHED",
                 "frameworks/" + ref.framework_id + " is not PUBLISHED");
  }
  if (!level_field.empty() && !check->level_exists) {
    return InvalidArgument({{level_field, "is not a level of the framework's proficiency scale"}});
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> ParseRequiredEtag(const std::string& etag, const std::string& field) {
  return ParseEtag(etag, field);
}

// What a caller wants to do with a person's data.
enum class PersonAccess {
  kRead,      // institution admins, managers, the person themself
  kWriteOwn,  // institution admins, the person themself
  kAdmin,     // institution admins
};

absl::Status DenyPerson(const PersonKey& key, const std::string& action) {
  return Error(absl::StatusCode::kPermissionDenied, "NOT_ALLOWED",
               "the caller may not " + action + " institutions/" + key.institution_id +
                   "/people/" + key.person_id);
}

absl::Status AuthorizePerson(const Principal& p, const PersonKey& key, PersonAccess access,
                             const std::string& action) {
  if (absl::Status s = RequireTenant(p, key.institution_id); !s.ok()) return s;
  if (IsOperator(p) || p.HasRole(kInstitutionAdmin)) return absl::OkStatus();
  const bool self = IsSelf(p, key.institution_id, key.person_id);
  switch (access) {
    case PersonAccess::kRead:
      if (self || p.HasRole(kManager)) return absl::OkStatus();
      break;
    case PersonAccess::kWriteOwn:
      if (self) return absl::OkStatus();
      break;
    case PersonAccess::kAdmin:
      break;
  }
  return DenyPerson(key, action);
}

absl::Status AuthorizeInstitutionAdmin(const Principal& p, const std::string& institution_id,
                                       const std::string& action) {
  if (absl::Status s = RequireTenant(p, institution_id); !s.ok()) return s;
  return RequireRole(p, {kInstitutionAdmin}, action);
}

// Fields of their own person record that a staff member may change; the rest (roles, external
// id, employment data) are the institution admin's.
const std::vector<std::string> kSelfEditable = {"display_name", "email", "teaching_field"};

// Fills in CASE identifiers that the client left empty.
void AssignIdentifiers(v1::Framework& f) {
  if (f.case_identifier().empty()) f.set_case_identifier(NewUuid());
  for (auto& item : *f.mutable_items()) {
    if (item.case_identifier().empty()) item.set_case_identifier(NewUuid());
  }
}

}  // namespace

std::vector<db::Query> AllQueries() {
  std::vector<db::Query> all;
  for (auto queries : {InstitutionStore::Queries(), PersonStore::Queries(),
                       FrameworkStore::Queries(), AssessmentStore::Queries(),
                       DevelopmentNeedStore::Queries(), ApiKeyStore::Queries(),
                       RequestLog::Queries()}) {
    all.insert(all.end(), queries.begin(), queries.end());
  }
  return all;
}

// ---- Institutions ----

absl::Status CompetenceService::CreateInstitution(const CallContext& call,
                                                  const v1::CreateInstitutionRequest& req,
                                                  v1::Institution* out) {
  if (absl::Status s = RequireRole(call.principal, {}, "creating institutions"); !s.ok()) return s;
  Violations v;
  CheckInstitution(req.institution(), "institution.", v);
  auto id = ChooseId(req.institution_id(), "institution_id");
  if (!id.ok()) return id.status();
  if (absl::Status s = v.ToStatus(); !s.ok()) return s;
  return RunCreate<v1::Institution>(
      pool_, call, "CreateInstitution", req.request_id(), out,
      [&](db::Tx& tx) { return InstitutionStore::Insert(tx, *id, req.institution()); });
}

absl::Status CompetenceService::GetInstitution(const CallContext& call,
                                               const v1::GetInstitutionRequest& req,
                                               v1::Institution* out) {
  auto ids = ParseName(req.name(), "institutions/*", "name");
  if (!ids.ok()) return ids.status();
  if (absl::Status s = RequireTenant(call.principal, (*ids)[0]); !s.ok()) return s;
  return RunGet<v1::Institution>(pool_, call, out,
                                  [&](db::Tx& tx) { return InstitutionStore::Get(tx, (*ids)[0]); });
}

absl::Status CompetenceService::ListInstitutions(const CallContext& call,
                                                 const v1::ListInstitutionsRequest& req,
                                                 v1::ListInstitutionsResponse* out) {
  if (absl::Status s = RequireCaller(call.principal); !s.ok()) return s;
  const std::string scope = "institutions";
  auto page = ParsePage(req.page_size(), req.page_token(), scope);
  if (!page.ok()) return page.status();
  if (!IsOperator(call.principal)) {
    // Everyone else sees their own institution only.
    out->Clear();
    if (call.principal.institution.empty() || !req.page_token().empty()) return absl::OkStatus();
    return pool_.Run(call.deadline, [&](db::Tx& tx) -> absl::Status {
      auto own = InstitutionStore::Get(tx, call.principal.institution);
      if (own.ok()) *out->add_institutions() = *std::move(own);
      return own.status().code() == absl::StatusCode::kNotFound ? absl::OkStatus() : own.status();
    });
  }
  return pool_.Run(call.deadline, [&](db::Tx& tx) -> absl::Status {
    auto result = InstitutionStore::List(tx, *page);
    if (!result.ok()) return result.status();
    out->Clear();
    for (auto& i : result->institutions) *out->add_institutions() = std::move(i);
    if (result->next_after_seq) {
      out->set_next_page_token(MakePageToken(scope, result->next_after_seq));
    }
    return absl::OkStatus();
  });
}

absl::Status CompetenceService::UpdateInstitution(const CallContext& call,
                                                  const v1::UpdateInstitutionRequest& req,
                                                  v1::Institution* out) {
  auto ids = ParseName(req.institution().name(), "institutions/*", "institution.name");
  if (!ids.ok()) return ids.status();
  if (absl::Status s = AuthorizeInstitutionAdmin(call.principal, (*ids)[0], "updating the institution");
      !s.ok()) {
    return s;
  }
  auto etag = ParseRequiredEtag(req.institution().etag(), "institution.etag");
  if (!etag.ok()) return etag.status();
  return RunRead<v1::Institution>(pool_, call, out, [&](db::Tx& tx) -> absl::StatusOr<v1::Institution> {
    auto current = InstitutionStore::Get(tx, (*ids)[0]);
    if (!current.ok()) return current.status();
    auto version = ParseEtag(current->etag(), "etag");
    int64_t expected = *etag != 0 ? *etag : *version;
    v1::Institution merged = *current;
    if (absl::Status s = ApplyUpdate(req.institution(), req.update_mask(), kInstitutionMutable,
                                     &merged);
        !s.ok()) {
      return s;
    }
    Violations v;
    CheckInstitution(merged, "institution.", v);
    if (absl::Status s = v.ToStatus(); !s.ok()) return s;
    return InstitutionStore::Update(tx, (*ids)[0], expected, merged);
  });
}

absl::Status CompetenceService::DeleteInstitution(const CallContext& call,
                                                  const v1::DeleteInstitutionRequest& req) {
  auto ids = ParseName(req.name(), "institutions/*", "name");
  if (!ids.ok()) return ids.status();
  if (absl::Status s = RequireTenant(call.principal, (*ids)[0]); !s.ok()) return s;
  if (absl::Status s = RequireRole(call.principal, {}, "deleting institutions"); !s.ok()) return s;
  auto etag = ParseEtag(req.etag(), "etag");
  if (!etag.ok()) return etag.status();
  return pool_.Run(call.deadline, [&](db::Tx& tx) -> absl::Status {
    auto current = InstitutionStore::Get(tx, (*ids)[0]);
    if (!current.ok()) return current.status();
    if (!req.force()) {
      auto has_people = InstitutionStore::HasPeople(tx, (*ids)[0]);
      if (!has_people.ok()) return has_people.status();
      if (*has_people) {
        return Error(absl::StatusCode::kFailedPrecondition, "INSTITUTION_HAS_PEOPLE",
                     req.name() + " still has people; delete them first or set force");
      }
    }
    return InstitutionStore::Delete(tx, (*ids)[0], *etag, req.force());
  });
}

// ---- People ----

absl::Status CompetenceService::CreatePerson(const CallContext& call,
                                             const v1::CreatePersonRequest& req,
                                             v1::Person* out) {
  auto parent = ParseName(req.parent(), "institutions/*", "parent");
  if (!parent.ok()) return parent.status();
  if (absl::Status s = AuthorizeInstitutionAdmin(call.principal, (*parent)[0], "adding people");
      !s.ok()) {
    return s;
  }
  Violations v;
  CheckPerson(req.person(), "person.", v);
  auto id = ChooseId(req.person_id(), "person_id");
  if (!id.ok()) return id.status();
  if (absl::Status s = v.ToStatus(); !s.ok()) return s;
  return RunCreate<v1::Person>(
      pool_, call, "CreatePerson " + req.parent(), req.request_id(), out,
      [&](db::Tx& tx) -> absl::StatusOr<v1::Person> {
        if (auto inst = InstitutionStore::Get(tx, (*parent)[0]); !inst.ok()) return inst.status();
        return PersonStore::Insert(tx, {(*parent)[0], *id}, req.person());
      });
}

absl::Status CompetenceService::GetPerson(const CallContext& call,
                                          const v1::GetPersonRequest& req, v1::Person* out) {
  auto key = ParsePerson(req.name(), "name");
  if (!key.ok()) return key.status();
  if (absl::Status s = AuthorizePerson(call.principal, *key, PersonAccess::kRead, "read");
      !s.ok()) {
    return s;
  }
  return RunGet<v1::Person>(pool_, call, out,
                             [&](db::Tx& tx) { return PersonStore::Get(tx, *key); });
}

absl::Status CompetenceService::ListPeople(const CallContext& call,
                                           const v1::ListPeopleRequest& req,
                                           v1::ListPeopleResponse* out) {
  auto parent = ParseName(req.parent(), "institutions/*", "parent");
  if (!parent.ok()) return parent.status();
  if (absl::Status s = RequireTenant(call.principal, (*parent)[0]); !s.ok()) return s;
  if (absl::Status s = RequireRole(call.principal, {kInstitutionAdmin, kManager}, "listing people");
      !s.ok()) {
    return s;
  }
  auto page = ParsePage(req.page_size(), req.page_token(), req.parent() + "/people");
  if (!page.ok()) return page.status();
  return pool_.Run(call.deadline, [&](db::Tx& tx) -> absl::Status {
    if (auto inst = InstitutionStore::Get(tx, (*parent)[0]); !inst.ok()) return inst.status();
    auto result = PersonStore::List(tx, (*parent)[0], *page);
    if (!result.ok()) return result.status();
    out->Clear();
    for (auto& p : result->people) *out->add_people() = std::move(p);
    if (result->next_after_seq) {
      out->set_next_page_token(MakePageToken(req.parent() + "/people", result->next_after_seq));
    }
    return absl::OkStatus();
  });
}

absl::Status CompetenceService::UpdatePerson(const CallContext& call,
                                             const v1::UpdatePersonRequest& req,
                                             v1::Person* out) {
  auto key = ParsePerson(req.person().name(), "person.name");
  if (!key.ok()) return key.status();
  if (absl::Status s = AuthorizePerson(call.principal, *key, PersonAccess::kWriteOwn, "update");
      !s.ok()) {
    return s;
  }
  const bool admin = IsOperator(call.principal) || call.principal.HasRole(kInstitutionAdmin);
  auto etag = ParseEtag(req.person().etag(), "person.etag");
  if (!etag.ok()) return etag.status();
  return RunRead<v1::Person>(pool_, call, out, [&](db::Tx& tx) -> absl::StatusOr<v1::Person> {
    auto current = PersonStore::Get(tx, *key);
    if (!current.ok()) return current.status();
    int64_t expected = *etag != 0 ? *etag : *ParseEtag(current->etag(), "etag");
    v1::Person merged = *current;
    if (absl::Status s = ApplyUpdate(req.person(), req.update_mask(), kPersonMutable, &merged);
        !s.ok()) {
      return s;
    }
    if (!admin) {
      // No mass assignment: whatever the mask, a staff member changes only their own
      // self-editable fields.
      for (const std::string& field : kPersonMutable) {
        if (std::find(kSelfEditable.begin(), kSelfEditable.end(), field) != kSelfEditable.end()) {
          continue;
        }
        const auto* fd = v1::Person::descriptor()->FindFieldByName(field);
        google::protobuf::util::MessageDifferencer differ;
        if (!differ.CompareWithFields(*current, merged, {fd}, {fd})) {
          return Error(absl::StatusCode::kPermissionDenied, "ADMIN_ONLY_FIELD",
                       "only an institution admin may change person." + field);
        }
      }
    }
    Violations v;
    CheckPerson(merged, "person.", v);
    if (absl::Status s = v.ToStatus(); !s.ok()) return s;
    return PersonStore::Update(tx, *key, expected, merged);
  });
}

absl::Status CompetenceService::DeletePerson(const CallContext& call,
                                             const v1::DeletePersonRequest& req) {
  auto key = ParsePerson(req.name(), "name");
  if (!key.ok()) return key.status();
  if (absl::Status s = AuthorizePerson(call.principal, *key, PersonAccess::kAdmin, "delete");
      !s.ok()) {
    return s;
  }
  auto etag = ParseEtag(req.etag(), "etag");
  if (!etag.ok()) return etag.status();
  return pool_.Run(call.deadline,
                   [&](db::Tx& tx) { return PersonStore::Delete(tx, *key, *etag); });
}

absl::Status CompetenceService::BatchUpsertPeople(const CallContext& call,
                                                  const v1::BatchUpsertPeopleRequest& req,
                                                  v1::BatchUpsertPeopleResponse* out) {
  auto parent = ParseName(req.parent(), "institutions/*", "parent");
  if (!parent.ok()) return parent.status();
  if (absl::Status s = AuthorizeInstitutionAdmin(call.principal, (*parent)[0], "importing people");
      !s.ok()) {
    return s;
  }
  if (req.people_size() > kMaxBatchUpsert) {
    return InvalidArgument(
        {{"people", absl::StrCat("at most ", kMaxBatchUpsert, " rows in one call; split it")}});
  }
  out->Clear();
  std::vector<PersonUpsert> good;
  std::map<std::string, int> first_row_of;
  std::vector<v1::BatchUpsertPeopleResponse::RowResult> results(req.people_size());
  for (int i = 0; i < req.people_size(); ++i) {
    const v1::Person& p = req.people(i);
    auto& result = results[i];
    result.set_index(i);
    result.set_external_id(p.external_id());
    Violations v;
    const std::string prefix = absl::StrCat("people[", i, "].");
    CheckPerson(p, prefix, v);
    if (p.external_id().empty()) v.Add(prefix + "external_id", "is required for an upsert");
    auto [it, inserted] = first_row_of.emplace(p.external_id(), i);
    if (!p.external_id().empty() && !inserted) {
      v.Add(prefix + "external_id", absl::StrCat("repeats row ", it->second));
    }
    if (absl::Status s = v.ToStatus(); !s.ok()) {
      *result.mutable_error() = ToRpcStatus(s, kErrorDomain);
      continue;
    }
    good.push_back({i, NewUuid(), p});
  }
  absl::Status status = pool_.Run(call.deadline, [&](db::Tx& tx) -> absl::Status {
    if (auto inst = InstitutionStore::Get(tx, (*parent)[0]); !inst.ok()) return inst.status();
    auto outcomes = PersonStore::Upsert(tx, (*parent)[0], good);
    if (!outcomes.ok()) return outcomes.status();
    for (auto& r : results) {
      r.clear_person();
      r.clear_created();
    }
    for (const auto& o : *outcomes) {
      results[o.index].set_person(req.parent() + "/people/" + o.person_id);
      results[o.index].set_created(o.created);
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  for (auto& r : results) {
    if (r.has_error()) {
      out->set_failed_count(out->failed_count() + 1);
    } else if (r.created()) {
      out->set_created_count(out->created_count() + 1);
    } else {
      out->set_updated_count(out->updated_count() + 1);
    }
    *out->add_results() = std::move(r);
  }
  return absl::OkStatus();
}

// ---- Frameworks ----

absl::Status CompetenceService::InsertFramework(const CallContext& call, v1::Framework f,
                                                const std::string& requested_id,
                                                const std::string& request_id,
                                                const std::string& method, v1::Framework* out) {
  auto id = ChooseId(requested_id, "framework_id");
  if (!id.ok()) return id.status();
  f.set_status(v1::DRAFT);
  AssignIdentifiers(f);
  return RunCreate<v1::Framework>(pool_, call, method, request_id, out, [&](db::Tx& tx) {
    return FrameworkStore::Insert(tx, *id, f);
  });
}

absl::Status CompetenceService::CreateFramework(const CallContext& call,
                                                const v1::CreateFrameworkRequest& req,
                                                v1::Framework* out) {
  if (absl::Status s = RequireRole(call.principal, {}, "changing competence frameworks");
      !s.ok()) {
    return s;
  }
  Violations v;
  CheckFramework(req.framework(), "framework.", false, v);
  if (absl::Status s = v.ToStatus(); !s.ok()) return s;
  return InsertFramework(call, req.framework(), req.framework_id(), req.request_id(),
                         "CreateFramework", out);
}

absl::Status CompetenceService::ImportCaseFramework(const CallContext& call,
                                                    const v1::ImportCaseFrameworkRequest& req,
                                                    v1::Framework* out) {
  if (absl::Status s = RequireRole(call.principal, {}, "changing competence frameworks");
      !s.ok()) {
    return s;
  }
  auto framework = ImportCase(req.package());
  if (!framework.ok()) return framework.status();
  Violations v;
  CheckFramework(*framework, "package.", false, v);
  if (absl::Status s = v.ToStatus(); !s.ok()) return s;
  return InsertFramework(call, *framework, req.framework_id(), req.request_id(),
                         "ImportCaseFramework", out);
}

absl::Status CompetenceService::GetFramework(const CallContext& call,
                                             const v1::GetFrameworkRequest& req,
                                             v1::Framework* out) {
  auto ids = ParseName(req.name(), "frameworks/*", "name");
  if (!ids.ok()) return ids.status();
  // Published and retired frameworks are public; drafts are the hub operators' work in progress.
  const bool operator_caller = IsOperator(call.principal);
  return RunGet<v1::Framework>(pool_, call, out, [&](db::Tx& tx) -> absl::StatusOr<v1::Framework> {
    auto f = FrameworkStore::Get(tx, (*ids)[0]);
    if (f.ok() && f->status() == v1::DRAFT && !operator_caller) {
      return Error(absl::StatusCode::kNotFound, "FRAMEWORK_NOT_FOUND",
                   "framework " + req.name() + " does not exist");
    }
    return f;
  });
}

absl::Status CompetenceService::ExportCaseFramework(const CallContext& call,
                                                    const v1::ExportCaseFrameworkRequest& req,
                                                    v1::CasePackage* out) {
  v1::Framework framework;
  v1::GetFrameworkRequest get;
  get.set_name(req.name());
  if (absl::Status s = GetFramework(call, get, &framework); !s.ok()) return s;
  *out = ExportCase(framework);
  return absl::OkStatus();
}

absl::Status CompetenceService::ListFrameworks(const CallContext& call,
                                               const v1::ListFrameworksRequest& req,
                                               v1::ListFrameworksResponse* out) {
  const std::string scope = "frameworks";
  auto page = ParsePage(req.page_size(), req.page_token(), scope);
  if (!page.ok()) return page.status();
  return pool_.Run(call.deadline, [&](db::Tx& tx) -> absl::Status {
    auto result = FrameworkStore::List(tx, *page, IsOperator(call.principal));
    if (!result.ok()) return result.status();
    out->Clear();
    for (auto& f : result->frameworks) *out->add_frameworks() = std::move(f);
    if (result->next_after_seq) {
      out->set_next_page_token(MakePageToken(scope, result->next_after_seq));
    }
    return absl::OkStatus();
  });
}

absl::Status CompetenceService::UpdateFramework(const CallContext& call,
                                                const v1::UpdateFrameworkRequest& req,
                                                v1::Framework* out) {
  if (absl::Status s = RequireRole(call.principal, {}, "changing competence frameworks");
      !s.ok()) {
    return s;
  }
  auto ids = ParseName(req.framework().name(), "frameworks/*", "framework.name");
  if (!ids.ok()) return ids.status();
  auto etag = ParseEtag(req.framework().etag(), "framework.etag");
  if (!etag.ok()) return etag.status();
  return RunRead<v1::Framework>(pool_, call, out, [&](db::Tx& tx) -> absl::StatusOr<v1::Framework> {
    auto current = FrameworkStore::Get(tx, (*ids)[0]);
    if (!current.ok()) return current.status();
    if (current->status() != v1::DRAFT) {
      return Error(absl::StatusCode::kFailedPrecondition, "FRAMEWORK_IMMUTABLE",
                   req.framework().name() + " is " +
                       v1::FrameworkStatus_Name(current->status()) +
                       "; only a DRAFT framework can be changed");
    }
    int64_t expected = *etag != 0 ? *etag : *ParseEtag(current->etag(), "etag");
    v1::Framework merged = *current;
    if (absl::Status s = ApplyUpdate(req.framework(), req.update_mask(), kFrameworkMutable,
                                     &merged);
        !s.ok()) {
      return s;
    }
    AssignIdentifiers(merged);
    Violations v;
    CheckFramework(merged, "framework.", false, v);
    if (absl::Status s = v.ToStatus(); !s.ok()) return s;
    return FrameworkStore::Update(tx, (*ids)[0], expected, merged);
  });
}

absl::Status CompetenceService::DeleteFramework(const CallContext& call,
                                                const v1::DeleteFrameworkRequest& req) {
  if (absl::Status s = RequireRole(call.principal, {}, "changing competence frameworks");
      !s.ok()) {
    return s;
  }
  auto ids = ParseName(req.name(), "frameworks/*", "name");
  if (!ids.ok()) return ids.status();
  auto etag = ParseEtag(req.etag(), "etag");
  if (!etag.ok()) return etag.status();
  return pool_.Run(call.deadline, [&](db::Tx& tx) -> absl::Status {
    auto current = FrameworkStore::Get(tx, (*ids)[0]);
    if (!current.ok()) return current.status();
    if (current->status() != v1::DRAFT) {
      return Error(absl::StatusCode::kFailedPrecondition, "FRAMEWORK_IMMUTABLE",
                   req.name() + " is " + v1::FrameworkStatus_Name(current->status()) +
                       "; only a DRAFT framework can be deleted (retire it instead)");
    }
    return FrameworkStore::Delete(tx, (*ids)[0], *etag);
  });
}

absl::Status CompetenceService::ChangeFrameworkStatus(const CallContext& call,
                                                      const std::string& name,
                                                      const std::string& etag_text,
                                                      v1::FrameworkStatus from,
                                                      v1::FrameworkStatus to,
                                                      v1::Framework* out) {
  if (absl::Status s = RequireRole(call.principal, {}, "changing competence frameworks");
      !s.ok()) {
    return s;
  }
  auto ids = ParseName(name, "frameworks/*", "name");
  if (!ids.ok()) return ids.status();
  auto etag = ParseEtag(etag_text, "etag");
  if (!etag.ok()) return etag.status();
  return RunRead<v1::Framework>(pool_, call, out, [&](db::Tx& tx) -> absl::StatusOr<v1::Framework> {
    auto current = FrameworkStore::Get(tx, (*ids)[0]);
    if (!current.ok()) return current.status();
    if (current->status() != from) {
      return Error(absl::StatusCode::kFailedPrecondition, "WRONG_FRAMEWORK_STATUS",
                   absl::StrCat(name, " is ", v1::FrameworkStatus_Name(current->status()),
                                "; it must be ", v1::FrameworkStatus_Name(from)));
    }
    if (to == v1::PUBLISHED) {
      Violations v;
      CheckFramework(*current, "framework.", true, v);
      if (absl::Status s = v.ToStatus(); !s.ok()) {
        return Error(absl::StatusCode::kFailedPrecondition, "FRAMEWORK_INCOMPLETE",
                     std::string(s.message()));
      }
    }
    int64_t expected = *etag != 0 ? *etag : *ParseEtag(current->etag(), "etag");
    v1::Framework next = *current;
    next.set_status(to);
    return FrameworkStore::Update(tx, (*ids)[0], expected, next, /*content_changed=*/false);
  });
}

absl::Status CompetenceService::PublishFramework(const CallContext& call,
                                                 const v1::PublishFrameworkRequest& req,
                                                 v1::Framework* out) {
  return ChangeFrameworkStatus(call, req.name(), req.etag(), v1::DRAFT, v1::PUBLISHED, out);
}

absl::Status CompetenceService::RetireFramework(const CallContext& call,
                                                const v1::RetireFrameworkRequest& req,
                                                v1::Framework* out) {
  return ChangeFrameworkStatus(call, req.name(), req.etag(), v1::PUBLISHED, v1::RETIRED, out);
}

// ---- Assessments ----

absl::Status CompetenceService::CreateAssessment(const CallContext& call,
                                                 const v1::CreateAssessmentRequest& req,
                                                 v1::Assessment* out) {
  auto key = ParsePerson(req.parent(), "parent");
  if (!key.ok()) return key.status();
  const v1::Assessment& a = req.assessment();
  if (absl::Status s = RequireTenant(call.principal, key->institution_id); !s.ok()) return s;
  {
    const Principal& p = call.principal;
    bool allowed = IsOperator(p);
    switch (a.source()) {
      case v1::Assessment::SELF:
        allowed = allowed || p.HasRole(kInstitutionAdmin) ||
                  IsSelf(p, key->institution_id, key->person_id);
        break;
      case v1::Assessment::MANAGER:
      case v1::Assessment::PEER:
        allowed = allowed || p.HasRole(kInstitutionAdmin) ||
                  (p.HasRole(kManager) && !IsSelf(p, key->institution_id, key->person_id));
        break;
      case v1::Assessment::EVIDENCE:
        allowed = allowed || p.HasRole(kServiceRole);
        break;
      default:
        // Validation below names the missing source, but only for a caller who could record
        // some assessment of this person.
        allowed = allowed || p.HasRole(kInstitutionAdmin) || p.HasRole(kServiceRole) ||
                  IsSelf(p, key->institution_id, key->person_id) || p.HasRole(kManager);
    }
    if (!allowed) {
      return DenyPerson(*key, "record a " + v1::Assessment::Source_Name(a.source()) +
                                  " assessment for");
    }
  }
  Violations v;
  auto ref = ParseCompetence(a.competence(), "assessment.competence");
  if (!ref.ok()) {
    for (auto& fv : FieldViolations(ref.status())) v.Add(fv.field, fv.description);
  }
  v.Check(!a.level().empty(), "assessment.level", "is required");
  v.Check(a.source() != v1::Assessment::SOURCE_UNSPECIFIED &&
              v1::Assessment::Source_IsValid(a.source()),
          "assessment.source", "must be SELF, MANAGER, PEER or EVIDENCE");
  if (a.has_assess_time()) {
    // Range first: ToMicros would overflow on absurd seconds.
    const auto& t = a.assess_time();
    if (t.seconds() <= 0 || t.seconds() > absl::ToUnixSeconds(absl::Now() + absl::Minutes(5)) ||
        t.nanos() < 0 || t.nanos() >= 1000000000) {
      v.Add("assessment.assess_time", "must be a time after 1970 and not in the future");
    }
  }
  v.Check(a.note().size() <= 4000, "assessment.note", "must be at most 4000 bytes");
  v.Check(a.evidence_uri().empty() || IsAbsoluteUri(a.evidence_uri()), "assessment.evidence_uri",
          "must be an absolute URI");
  if (absl::Status s = v.ToStatus(); !s.ok()) return s;
  return RunCreate<v1::Assessment>(
      pool_, call, "CreateAssessment " + req.parent(), req.request_id(), out,
      [&](db::Tx& tx) -> absl::StatusOr<v1::Assessment> {
        if (absl::Status s = PersonStore::CheckExists(tx, *key); !s.ok()) return s;
        if (absl::Status s = CheckCompetenceUsable(tx, *ref, a.level(), "assessment.competence",
                                                   "assessment.level");
            !s.ok()) {
          return s;
        }
        return AssessmentStore::Insert(tx, *key, NewUuid(), ref->framework_id, ref->code, a);
      });
}

absl::Status CompetenceService::GetAssessment(const CallContext& call,
                                              const v1::GetAssessmentRequest& req,
                                              v1::Assessment* out) {
  auto ids = ParseName(req.name(), "institutions/*/people/*/assessments/*", "name");
  if (!ids.ok()) return ids.status();
  if (absl::Status s = AuthorizePerson(call.principal, {(*ids)[0], (*ids)[1]}, PersonAccess::kRead,
                                       "read the assessments of");
      !s.ok()) {
    return s;
  }
  return RunGet<v1::Assessment>(pool_, call, out, [&](db::Tx& tx) {
    return AssessmentStore::Get(tx, {(*ids)[0], (*ids)[1]}, (*ids)[2]);
  });
}

absl::Status CompetenceService::ListAssessments(const CallContext& call,
                                                const v1::ListAssessmentsRequest& req,
                                                v1::ListAssessmentsResponse* out) {
  auto key = ParsePerson(req.parent(), "parent");
  if (!key.ok()) return key.status();
  if (absl::Status s =
          AuthorizePerson(call.principal, *key, PersonAccess::kRead, "read the assessments of");
      !s.ok()) {
    return s;
  }
  const std::string scope = req.parent() + "/assessments";
  auto page = ParsePage(req.page_size(), req.page_token(), scope);
  if (!page.ok()) return page.status();
  return pool_.Run(call.deadline, [&](db::Tx& tx) -> absl::Status {
    if (absl::Status s = PersonStore::CheckExists(tx, *key); !s.ok()) return s;
    auto result = AssessmentStore::List(tx, *key, *page);
    if (!result.ok()) return result.status();
    out->Clear();
    for (auto& a : result->assessments) *out->add_assessments() = std::move(a);
    if (result->next_after_seq) {
      out->set_next_page_token(MakePageToken(scope, result->next_after_seq));
    }
    return absl::OkStatus();
  });
}

absl::Status CompetenceService::GetCompetenceProfile(const CallContext& call,
                                                     const v1::GetCompetenceProfileRequest& req,
                                                     v1::CompetenceProfile* out) {
  auto ids = ParseName(req.name(), "institutions/*/people/*/competenceProfile", "name");
  if (!ids.ok()) return ids.status();
  PersonKey key{(*ids)[0], (*ids)[1]};
  if (absl::Status s =
          AuthorizePerson(call.principal, key, PersonAccess::kRead, "read the profile of");
      !s.ok()) {
    return s;
  }
  return RunRead<v1::CompetenceProfile>(
      pool_, call, out, [&](db::Tx& tx) -> absl::StatusOr<v1::CompetenceProfile> {
        if (absl::Status s = PersonStore::CheckExists(tx, key); !s.ok()) return s;
        return AssessmentStore::Profile(tx, key);
      });
}

// ---- Development needs ----

namespace {
void CheckNeed(const v1::DevelopmentNeed& n, Violations& v) {
  v.Check(n.priority() != v1::PRIORITY_UNSPECIFIED && v1::Priority_IsValid(n.priority()),
          "development_need.priority", "must be LOW, MEDIUM or HIGH");
  v.Check(n.description().size() <= 4000, "development_need.description",
          "must be at most 4000 bytes");
}
}  // namespace

absl::Status CompetenceService::CreateDevelopmentNeed(const CallContext& call,
                                                      const v1::CreateDevelopmentNeedRequest& req,
                                                      v1::DevelopmentNeed* out) {
  auto key = ParsePerson(req.parent(), "parent");
  if (!key.ok()) return key.status();
  if (absl::Status s = AuthorizePerson(call.principal, *key, PersonAccess::kWriteOwn,
                                       "record development needs of");
      !s.ok()) {
    return s;
  }
  const auto& need = req.development_need();
  Violations v;
  auto ref = ParseCompetence(need.competence(), "development_need.competence");
  if (!ref.ok()) {
    for (auto& fv : FieldViolations(ref.status())) v.Add(fv.field, fv.description);
  }
  CheckNeed(need, v);
  if (absl::Status s = v.ToStatus(); !s.ok()) return s;
  return RunCreate<v1::DevelopmentNeed>(
      pool_, call, "CreateDevelopmentNeed " + req.parent(), req.request_id(), out,
      [&](db::Tx& tx) -> absl::StatusOr<v1::DevelopmentNeed> {
        if (absl::Status s = PersonStore::CheckExists(tx, *key); !s.ok()) return s;
        if (absl::Status s =
                CheckCompetenceUsable(tx, *ref, "", "development_need.competence", "");
            !s.ok()) {
          return s;
        }
        return DevelopmentNeedStore::Insert(tx, *key, NewUuid(), ref->framework_id, ref->code,
                                            need);
      });
}

absl::Status CompetenceService::GetDevelopmentNeed(const CallContext& call,
                                                   const v1::GetDevelopmentNeedRequest& req,
                                                   v1::DevelopmentNeed* out) {
  auto ids = ParseName(req.name(), "institutions/*/people/*/developmentNeeds/*", "name");
  if (!ids.ok()) return ids.status();
  if (absl::Status s = AuthorizePerson(call.principal, {(*ids)[0], (*ids)[1]}, PersonAccess::kRead,
                                       "read the development needs of");
      !s.ok()) {
    return s;
  }
  return RunGet<v1::DevelopmentNeed>(pool_, call, out, [&](db::Tx& tx) {
    return DevelopmentNeedStore::Get(tx, {(*ids)[0], (*ids)[1]}, (*ids)[2]);
  });
}

absl::Status CompetenceService::ListDevelopmentNeeds(const CallContext& call,
                                                     const v1::ListDevelopmentNeedsRequest& req,
                                                     v1::ListDevelopmentNeedsResponse* out) {
  auto key = ParsePerson(req.parent(), "parent");
  if (!key.ok()) return key.status();
  if (absl::Status s = AuthorizePerson(call.principal, *key, PersonAccess::kRead,
                                       "read the development needs of");
      !s.ok()) {
    return s;
  }
  const std::string scope = req.parent() + "/developmentNeeds";
  auto page = ParsePage(req.page_size(), req.page_token(), scope);
  if (!page.ok()) return page.status();
  return pool_.Run(call.deadline, [&](db::Tx& tx) -> absl::Status {
    if (absl::Status s = PersonStore::CheckExists(tx, *key); !s.ok()) return s;
    auto result = DevelopmentNeedStore::List(tx, *key, *page);
    if (!result.ok()) return result.status();
    out->Clear();
    for (auto& n : result->needs) *out->add_development_needs() = std::move(n);
    if (result->next_after_seq) {
      out->set_next_page_token(MakePageToken(scope, result->next_after_seq));
    }
    return absl::OkStatus();
  });
}

absl::Status CompetenceService::UpdateDevelopmentNeed(const CallContext& call,
                                                      const v1::UpdateDevelopmentNeedRequest& req,
                                                      v1::DevelopmentNeed* out) {
  auto ids = ParseName(req.development_need().name(),
                       "institutions/*/people/*/developmentNeeds/*", "development_need.name");
  if (!ids.ok()) return ids.status();
  auto etag = ParseEtag(req.development_need().etag(), "development_need.etag");
  if (!etag.ok()) return etag.status();
  PersonKey key{(*ids)[0], (*ids)[1]};
  if (absl::Status s = AuthorizePerson(call.principal, key, PersonAccess::kWriteOwn,
                                       "change the development needs of");
      !s.ok()) {
    return s;
  }
  return RunRead<v1::DevelopmentNeed>(
      pool_, call, out, [&](db::Tx& tx) -> absl::StatusOr<v1::DevelopmentNeed> {
        auto current = DevelopmentNeedStore::Get(tx, key, (*ids)[2]);
        if (!current.ok()) return current.status();
        int64_t expected = *etag != 0 ? *etag : *ParseEtag(current->etag(), "etag");
        v1::DevelopmentNeed merged = *current;
        if (absl::Status s =
                ApplyUpdate(req.development_need(), req.update_mask(), kNeedMutable, &merged);
            !s.ok()) {
          return s;
        }
        Violations v;
        auto ref = ParseCompetence(merged.competence(), "development_need.competence");
        if (!ref.ok()) return ref.status();
        CheckNeed(merged, v);
        if (absl::Status s = v.ToStatus(); !s.ok()) return s;
        if (merged.competence() != current->competence()) {
          if (absl::Status s =
                  CheckCompetenceUsable(tx, *ref, "", "development_need.competence", "");
              !s.ok()) {
            return s;
          }
        }
        return DevelopmentNeedStore::Update(tx, key, (*ids)[2], expected, ref->framework_id,
                                            ref->code, merged);
      });
}

absl::Status CompetenceService::DeleteDevelopmentNeed(const CallContext& call,
                                                      const v1::DeleteDevelopmentNeedRequest& req) {
  auto ids = ParseName(req.name(), "institutions/*/people/*/developmentNeeds/*", "name");
  if (!ids.ok()) return ids.status();
  if (absl::Status s = AuthorizePerson(call.principal, {(*ids)[0], (*ids)[1]},
                                       PersonAccess::kWriteOwn, "delete development needs of");
      !s.ok()) {
    return s;
  }
  auto etag = ParseEtag(req.etag(), "etag");
  if (!etag.ok()) return etag.status();
  return pool_.Run(call.deadline, [&](db::Tx& tx) {
    return DevelopmentNeedStore::Delete(tx, {(*ids)[0], (*ids)[1]}, (*ids)[2], *etag);
  });
}

// ---- API keys ----

namespace {

constexpr char kApiKeyPrefix[] = "vhk_";

std::string Sha256(const std::string& s) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(s.data()), s.size(), digest);
  return std::string(reinterpret_cast<char*>(digest), sizeof digest);
}

absl::Status InvalidKey() {
  return Error(absl::StatusCode::kUnauthenticated, "INVALID_API_KEY",
               "the API key is not valid or has been revoked");
}

}  // namespace

absl::Status CompetenceService::CreateApiKey(const CallContext& call,
                                             const v1::CreateApiKeyRequest& req,
                                             v1::ApiKey* out) {
  auto parent = ParseName(req.parent(), "institutions/*", "parent");
  if (!parent.ok()) return parent.status();
  if (absl::Status s = AuthorizeInstitutionAdmin(call.principal, (*parent)[0], "creating API keys");
      !s.ok()) {
    return s;
  }
  Violations v;
  const v1::ApiKey& key = req.api_key();
  v.Check(!key.display_name().empty() && key.display_name().size() <= 200,
          "api_key.display_name", "is required (at most 200 bytes)");
  v.Check(key.roles_size() > 0, "api_key.roles", "at least one role is required");
  std::set<std::string> roles;
  for (int i = 0; i < key.roles_size(); ++i) {
    const std::string& role = key.roles(i);
    if (role != kInstitutionAdmin && role != kManager) {
      v.Add(absl::StrCat("api_key.roles[", i, "]"),
            "an API key may have the roles INSTITUTION_ADMIN and MANAGER");
    } else if (!roles.insert(role).second) {
      v.Add(absl::StrCat("api_key.roles[", i, "]"), "is listed twice");
    }
  }
  if (absl::Status s = v.ToStatus(); !s.ok()) return s;
  unsigned char random[32];
  if (RAND_bytes(random, sizeof random) != 1) return absl::InternalError("no randomness");
  std::string encoded;
  absl::WebSafeBase64Escape(std::string(reinterpret_cast<char*>(random), sizeof random), &encoded);
  const std::string id = NewUuid();
  const std::string secret = absl::StrCat(kApiKeyPrefix, id, ".", encoded);
  // The response with the secret is not kept for request-id retries: a retry gets the key
  // without its secret, so the secret is only ever shown once.
  absl::Status status = RunCreate<v1::ApiKey>(
      pool_, call, "CreateApiKey " + req.parent(), req.request_id(), out, [&](db::Tx& tx) {
        return ApiKeyStore::Insert(tx, (*parent)[0], id, key, Sha256(secret),
                                   secret.substr(0, 12));
      });
  if (status.ok() && out->name() == req.parent() + "/apiKeys/" + id) out->set_secret(secret);
  return status;
}

absl::Status CompetenceService::ListApiKeys(const CallContext& call,
                                            const v1::ListApiKeysRequest& req,
                                            v1::ListApiKeysResponse* out) {
  auto parent = ParseName(req.parent(), "institutions/*", "parent");
  if (!parent.ok()) return parent.status();
  if (absl::Status s = AuthorizeInstitutionAdmin(call.principal, (*parent)[0], "listing API keys");
      !s.ok()) {
    return s;
  }
  const std::string scope = req.parent() + "/apiKeys";
  auto page = ParsePage(req.page_size(), req.page_token(), scope);
  if (!page.ok()) return page.status();
  return pool_.Run(call.deadline, [&](db::Tx& tx) -> absl::Status {
    auto result = ApiKeyStore::List(tx, (*parent)[0], *page);
    if (!result.ok()) return result.status();
    out->Clear();
    for (auto& k : result->keys) *out->add_api_keys() = std::move(k);
    if (result->next_after_seq) {
      out->set_next_page_token(MakePageToken(scope, result->next_after_seq));
    }
    return absl::OkStatus();
  });
}

absl::Status CompetenceService::RevokeApiKey(const CallContext& call,
                                             const v1::RevokeApiKeyRequest& req, v1::ApiKey* out) {
  auto ids = ParseName(req.name(), "institutions/*/apiKeys/*", "name");
  if (!ids.ok()) return ids.status();
  if (absl::Status s = AuthorizeInstitutionAdmin(call.principal, (*ids)[0], "revoking API keys");
      !s.ok()) {
    return s;
  }
  return RunRead<v1::ApiKey>(pool_, call, out, [&](db::Tx& tx) {
    return ApiKeyStore::Revoke(tx, (*ids)[0], (*ids)[1]);
  });
}

absl::Status CompetenceService::VerifyApiKey(const CallContext& call,
                                             const v1::VerifyApiKeyRequest& req,
                                             v1::VerifyApiKeyResponse* out) {
  if (absl::Status s = RequireRole(call.principal, {kServiceRole}, "verifying API keys"); !s.ok()) {
    return s;
  }
  const std::string& secret = req.secret();
  size_t dot = secret.find('.');
  if (secret.rfind(kApiKeyPrefix, 0) != 0 || dot == std::string::npos || secret.size() > 256) {
    return InvalidKey();
  }
  std::string id = secret.substr(std::string(kApiKeyPrefix).size(),
                                 dot - std::string(kApiKeyPrefix).size());
  if (!IsValidId(id)) return InvalidKey();
  return pool_.Run(
      call.deadline,
      [&](db::Tx& tx) -> absl::Status {
        auto stored = ApiKeyStore::Find(tx, id);
        if (!stored.ok()) {
          return stored.status().code() == absl::StatusCode::kNotFound ? InvalidKey()
                                                                       : stored.status();
        }
        std::string presented = Sha256(secret);
        if (stored->revoked || stored->secret_sha256.size() != presented.size() ||
            CRYPTO_memcmp(stored->secret_sha256.data(), presented.data(), presented.size()) != 0) {
          return InvalidKey();
        }
        out->set_api_key("institutions/" + stored->institution_id + "/apiKeys/" + stored->id);
        out->set_institution(stored->institution_id);
        for (const auto& role : stored->roles) out->add_roles(role);
        return absl::OkStatus();
      },
      db::Isolation::kAutocommit);
}

}  // namespace valohub::competence

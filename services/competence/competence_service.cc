#include "services/competence/competence_service_support.h"

namespace valohub::competence {

std::vector<db::Query> AllQueries() {
  std::vector<db::Query> all;
  for (auto queries : {InstitutionStore::Queries(), PersonStore::Queries(),
                       FrameworkStore::Queries(), AssessmentStore::Queries(),
                       DevelopmentNeedStore::Queries(), ApiKeyStore::Queries(),
                       RequestLog::Queries("competence")}) {
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


}  // namespace valohub::competence

#include "services/competence/competence_service_support.h"

namespace valohub::competence {

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


}  // namespace valohub::competence

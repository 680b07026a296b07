#include "services/competence/competence_service_support.h"

namespace valohub::competence {

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
  // A hub service of the person's institution may read the record too: the quality service
  // checks that a person assigned as a reviewer exists. Their assessments, profile and
  // development needs stay closed to it.
  const bool service_lookup = call.principal.HasRole(kServiceRole) &&
                              RequireTenant(call.principal, key->institution_id).ok();
  if (!service_lookup) {
    if (absl::Status s = AuthorizePerson(call.principal, *key, PersonAccess::kRead, "read");
        !s.ok()) {
      return s;
    }
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


}  // namespace valohub::competence

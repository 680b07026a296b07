#include "services/competence/competence_service_support.h"

namespace valohub::competence {

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


}  // namespace valohub::competence

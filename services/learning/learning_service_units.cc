// LearningService: units, their lifecycle and the catalogue.
#include "absl/strings/str_cat.h"
#include "services/learning/credential_store.h"
#include "services/learning/enrolment_store.h"
#include "services/learning/issuer_store.h"
#include "services/learning/learning_service.h"
#include "services/learning/learning_service_support.h"
#include "services/learning/outbox_store.h"
#include "services/learning/quality_label_store.h"
#include "services/learning/unit_rules.h"
#include "services/runtime/etag.h"
#include "services/runtime/pagination.h"
#include "services/runtime/request_log.h"
#include "services/runtime/update_mask.h"

namespace valohub::learning {

std::vector<db::Query> AllQueries() {
  std::vector<db::Query> all = RequestLog::Queries("learning");
  for (auto queries : {UnitStore::Queries(), EnrolmentStore::Queries(),
                       CredentialStore::Queries(), IssuerStore::Queries(),
                       OutboxStore::Queries(), QualityLabelStore::Queries()}) {
    all.insert(all.end(), queries.begin(), queries.end());
  }
  return all;
}

namespace {

const std::vector<std::string> kUnitMutable = {
    "title",          "description",       "awarding_body",     "country",
    "region",         "learning_outcomes", "workload",          "eqf_level",
    "eqf_not_applicable", "assessment_type", "participation_mode", "pacing",
    "quality_assurance", "prerequisites",  "languages",         "stackability",
    "duration_days",  "alignments",        "achievement"};

// The competence reference frameworks/{f}/competences/{code}.
bool SplitCompetence(const std::string& name, std::string* framework, std::string* code) {
  constexpr absl::string_view kPrefix = "frameworks/";
  const size_t slash = name.find("/competences/");
  if (name.rfind(kPrefix.data(), 0) != 0 || slash == std::string::npos) return false;
  *framework = name.substr(kPrefix.size(), slash - kPrefix.size());
  *code = name.substr(slash + std::string("/competences/").size());
  return IsValidId(*framework) && !code->empty() && code->size() <= 64;
}

// Locks the unit's row for the transaction and checks the caller's etag (0: none given).
absl::StatusOr<UnitHead> LockAt(db::Tx& tx, const UnitKey& key, int64_t etag) {
  auto head = UnitStore::Lock(tx, key);
  if (!head.ok()) return head.status();
  if (etag != 0 && etag != head->row_version) {
    return Error(absl::StatusCode::kAborted, "ETAG_MISMATCH",
                 key.Name() + " was changed since it was read; read it again");
  }
  return head;
}

// ABORTED when the caller's etag (parsed; 0: none given) is not `current`'s.
absl::Status MatchEtag(int64_t etag, const v1::Unit& current, const UnitKey& key) {
  if (etag != 0 && MakeEtag(etag) != current.etag()) {
    return Error(absl::StatusCode::kAborted, "ETAG_MISMATCH",
                 key.Name() + " was changed since it was read; read it again");
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::Unit> ReadNewest(db::Pool& pool, const CallContext& call, const UnitKey& key) {
  v1::Unit current;
  if (absl::Status s = RunGet<v1::Unit>(pool, call, &current,
                                        [&](db::Tx& tx) { return UnitStore::Get(tx, key, 0); });
      !s.ok()) {
    return s;
  }
  return current;
}

// The unit's newest version as it is now, refused when the caller's etag (`etag_field` of the
// request; empty: none) is not its etag: for the calls that check the content outside the
// transaction, which then insists on the same etag.
absl::StatusOr<v1::Unit> ReadAtEtag(db::Pool& pool, const CallContext& call, const UnitKey& key,
                                    const std::string& etag_text, const std::string& etag_field) {
  auto etag = ParseEtag(etag_text, etag_field);
  if (!etag.ok()) return etag.status();
  auto current = ReadNewest(pool, call, key);
  if (!current.ok()) return current.status();
  if (absl::Status s = MatchEtag(*etag, *current, key); !s.ok()) return s;
  return current;
}

}  // namespace

absl::Status LearningService::ResolveAlignments(const CallContext& call, v1::Unit* unit) {
  Violations v;
  for (int i = 0; i < unit->alignments_size(); ++i) {
    auto* a = unit->mutable_alignments(i);
    const std::string field = absl::StrCat("unit.alignments[", i, "]");
    std::string framework_id, code;
    if (!SplitCompetence(a->competence(), &framework_id, &code)) {
      v.Add(field + ".competence", "must be a name of the form frameworks/*/competences/*");
      continue;
    }
    auto framework = competence_.GetFramework(call, framework_id);
    if (!framework.ok()) {
      if (framework.status().code() == absl::StatusCode::kNotFound) {
        v.Add(field + ".competence", "names a framework that does not exist");
        continue;
      }
      return framework.status();
    }
    if ((*framework)->status() != competence::v1::PUBLISHED) {
      v.Add(field + ".competence", "frameworks/" + framework_id + " is not PUBLISHED");
      continue;
    }
    const competence::v1::FrameworkItem* item = nullptr;
    for (const auto& it : (*framework)->items()) {
      if (it.code() == code && it.kind() == competence::v1::COMPETENCE) item = &it;
    }
    if (item == nullptr) {
      v.Add(field + ".competence", "names no competence of frameworks/" + framework_id);
      continue;
    }
    bool level_ok = false;
    for (const auto& l : (*framework)->levels()) level_ok = level_ok || l.code() == a->target_level();
    if (!level_ok) {
      v.Add(field + ".target_level", "is not a level of frameworks/" + framework_id);
      continue;
    }
    a->set_competence_title(item->title());
    a->set_framework_title((*framework)->display_name());
    a->clear_esco_uris();
    for (const auto& al : item->alignments()) {
      if (al.target_uri().find("data.europa.eu/esco/") != std::string::npos) {
        a->add_esco_uris(al.target_uri());
      }
    }
  }
  return v.ToStatus();
}

absl::Status LearningService::CreateUnit(const CallContext& call, const v1::CreateUnitRequest& req,
                                         v1::Unit* out) {
  auto ids = ParseName(req.parent(), "institutions/*", "parent");
  if (!ids.ok()) return ids.status();
  const std::string institution_id = (*ids)[0];
  if (absl::Status s = AuthorizeProvider(call.principal, institution_id, "create units of " + req.parent());
      !s.ok()) {
    return s;
  }
  auto unit_id = ChooseId(req.unit_id(), "unit_id");
  if (!unit_id.ok()) return unit_id.status();
  v1::Unit content = req.unit();
  ClearOutputOnly(&content);
  Violations v;
  CheckDraft(content, "unit.", v);
  if (absl::Status s = v.ToStatus(); !s.ok()) return s;
  if (absl::Status s = ResolveAlignments(call, &content); !s.ok()) return s;
  auto institution = competence_.GetInstitution(call, institution_id);
  if (!institution.ok()) return institution.status();
  const UnitKey key{institution_id, *unit_id};
  return RunCreate<v1::Unit>(pool_, call, "CreateUnit " + req.parent(), req.request_id(), out,
                             [&](db::Tx& tx) -> absl::StatusOr<v1::Unit> {
                               if (absl::Status s = IssuerStore::Upsert(
                                       tx, institution_id, institution->display_name());
                                   !s.ok()) {
                                 return s;
                               }
                               return UnitStore::Insert(tx, key, content);
                             });
}

absl::Status LearningService::GetUnit(const CallContext& call, const v1::GetUnitRequest& req,
                                      v1::Unit* out) {
  auto key = ParseUnit(req.name(), "name");
  if (!key.ok()) return key.status();
  // Drafts are the provider's; everyone else reads published units in the catalogue.
  if (absl::Status s = AuthorizeProvider(call.principal, key->institution_id, "read " + req.name());
      !s.ok()) {
    return s;
  }
  if (req.version() < 0) return InvalidArgument({{"version", "must be 0 (newest) or above"}});
  return RunGet<v1::Unit>(pool_, call, out, [&](db::Tx& tx) {
    return UnitStore::Get(tx, *key, req.version());
  });
}

absl::Status LearningService::ListUnits(const CallContext& call, const v1::ListUnitsRequest& req,
                                        v1::ListUnitsResponse* out) {
  auto ids = ParseName(req.parent(), "institutions/*", "parent");
  if (!ids.ok()) return ids.status();
  if (absl::Status s = AuthorizeProvider(call.principal, (*ids)[0], "list the units of " + req.parent());
      !s.ok()) {
    return s;
  }
  const std::string scope = req.parent() + "/units";
  auto page = ParsePage(req.page_size(), req.page_token(), scope);
  if (!page.ok()) return page.status();
  return RunGet<v1::ListUnitsResponse>(
      pool_, call, out, [&](db::Tx& tx) -> absl::StatusOr<v1::ListUnitsResponse> {
        int64_t next = 0;
        auto units = UnitStore::List(tx, (*ids)[0], *page, &next);
        if (!units.ok()) return units.status();
        v1::ListUnitsResponse resp;
        for (auto& u : *units) *resp.add_units() = std::move(u);
        if (next != 0) resp.set_next_page_token(MakePageToken(scope, next));
        return resp;
      });
}

absl::Status LearningService::UpdateUnit(const CallContext& call, const v1::UpdateUnitRequest& req,
                                         v1::Unit* out) {
  auto key = ParseUnit(req.unit().name(), "unit.name");
  if (!key.ok()) return key.status();
  if (absl::Status s = AuthorizeProvider(call.principal, key->institution_id,
                                         "edit " + req.unit().name());
      !s.ok()) {
    return s;
  }
  // Read, merge and check outside the transaction: the alignment check calls the competence
  // service. The transaction then insists nothing changed meanwhile.
  auto read = ReadAtEtag(pool_, call, *key, req.unit().etag(), "unit.etag");
  if (!read.ok()) return read.status();
  const v1::Unit current = *std::move(read);
  auto read_version = ParseEtag(current.etag(), "etag");
  v1::Unit merged = current;
  if (absl::Status s = ApplyUpdate(req.unit(), req.update_mask(), kUnitMutable, &merged); !s.ok()) {
    return s;
  }
  ClearOutputOnly(&merged);
  Violations v;
  CheckDraft(merged, "unit.", v);
  if (absl::Status s = v.ToStatus(); !s.ok()) return s;
  if (absl::Status s = ResolveAlignments(call, &merged); !s.ok()) return s;
  return pool_.Run(call.deadline, [&](db::Tx& tx) -> absl::Status {
    // Nothing may have changed since the read the merge started from.
    auto head = LockAt(tx, *key, *read_version);
    if (!head.ok()) return head.status();
    switch (head->latest_state) {
      case v1::DRAFT:
        if (absl::Status s = UnitStore::ReplaceContent(tx, *key, head->latest_version, merged);
            !s.ok()) {
          return s;
        }
        break;
      case v1::PUBLISHED:
        // A published version never changes: the edit starts the next version.
        if (absl::Status s = UnitStore::AddVersion(tx, *key, head->latest_version + 1, merged);
            !s.ok()) {
          return s;
        }
        break;
      default:
        return Error(absl::StatusCode::kFailedPrecondition, "UNIT_NOT_EDITABLE",
                     req.unit().name() + " is " + v1::UnitState_Name(head->latest_state) +
                         "; only DRAFT and PUBLISHED units can be edited");
    }
    auto updated = UnitStore::Get(tx, *key, 0);
    if (!updated.ok()) return updated.status();
    *out = *std::move(updated);
    return absl::OkStatus();
  });
}

absl::Status LearningService::DeleteUnit(const CallContext& call, const v1::DeleteUnitRequest& req) {
  auto key = ParseUnit(req.name(), "name");
  if (!key.ok()) return key.status();
  if (absl::Status s = AuthorizeProvider(call.principal, key->institution_id, "delete " + req.name());
      !s.ok()) {
    return s;
  }
  auto read = ReadAtEtag(pool_, call, *key, req.etag(), "etag");
  if (!read.ok()) return read.status();
  const v1::Unit current = *std::move(read);
  auto never_published = [&](int version, v1::UnitState state) -> absl::Status {
    if (version == 1 && (state == v1::DRAFT || state == v1::IN_REVIEW)) return absl::OkStatus();
    return Error(absl::StatusCode::kFailedPrecondition, "UNIT_WAS_PUBLISHED",
                 req.name() + " has been published; retire it instead");
  };
  if (absl::Status s = never_published(current.version(), current.state()); !s.ok()) return s;
  // A unit in review leaves no open review behind (see ReturnUnitToDraft for the order).
  if (current.state() == v1::IN_REVIEW) {
    if (absl::Status s = gate_.Withdraw(call, req.name(), current.version(),
                                        ContentDigest(current),
                                        "the provider is deleting the unit");
        !s.ok()) {
      return s;
    }
  }
  auto etag = ParseEtag(current.etag(), "etag");
  if (!etag.ok()) return etag.status();
  return pool_.Run(call.deadline, [&](db::Tx& tx) -> absl::Status {
    auto head = LockAt(tx, *key, *etag);
    if (!head.ok()) return head.status();
    if (absl::Status s = never_published(head->latest_version, head->latest_state); !s.ok()) {
      return s;
    }
    return UnitStore::Delete(tx, *key);
  });
}

namespace {

// A state change of the newest version: `from` -> `to`, with the etag checked.
absl::Status Transition(db::Pool& pool, const CallContext& call, const UnitKey& key,
                        const std::string& etag_text, v1::UnitState from, v1::UnitState to,
                        int expect_version, v1::Unit* out,
                        const std::function<absl::Status(db::Tx&)>& also = nullptr) {
  auto etag = ParseEtag(etag_text, "etag");
  if (!etag.ok()) return etag.status();
  return pool.Run(call.deadline, [&](db::Tx& tx) -> absl::Status {
    auto head = LockAt(tx, key, *etag);
    if (!head.ok()) return head.status();
    if (head->latest_state != from ||
        (expect_version != 0 && head->latest_version != expect_version)) {
      return Error(absl::StatusCode::kFailedPrecondition, "WRONG_UNIT_STATE",
                   absl::StrCat(key.Name(), " version ", head->latest_version, " is ",
                                v1::UnitState_Name(head->latest_state), "; it must be ",
                                v1::UnitState_Name(from)));
    }
    if (to == v1::PUBLISHED && head->published_version != 0) {
      if (absl::Status s = UnitStore::SetState(tx, key, head->published_version, v1::SUPERSEDED);
          !s.ok()) {
        return s;
      }
    }
    if (absl::Status s = UnitStore::SetState(tx, key, head->latest_version, to); !s.ok()) return s;
    if (also) {
      if (absl::Status s = also(tx); !s.ok()) return s;
    }
    auto updated = UnitStore::Get(tx, key, 0);
    if (!updated.ok()) return updated.status();
    *out = *std::move(updated);
    return absl::OkStatus();
  });
}

}  // namespace

absl::Status LearningService::SubmitUnit(const CallContext& call, const v1::SubmitUnitRequest& req,
                                         v1::Unit* out) {
  auto key = ParseUnit(req.name(), "name");
  if (!key.ok()) return key.status();
  if (absl::Status s = AuthorizeProvider(call.principal, key->institution_id, "submit " + req.name());
      !s.ok()) {
    return s;
  }
  auto read = ReadAtEtag(pool_, call, *key, req.etag(), "etag");
  if (!read.ok()) return read.status();
  v1::Unit current = *std::move(read);
  // The published version with no newer draft: a re-review (the yearly one, or after a flag);
  // the unit stays as it is and in the catalogue while its approval lasts.
  if (current.state() == v1::PUBLISHED) {
    if (absl::Status s = gate_.Submit(call, current, ContentDigest(current)); !s.ok()) return s;
    *out = std::move(current);
    return absl::OkStatus();
  }
  if (current.state() != v1::DRAFT) {
    return Error(absl::StatusCode::kFailedPrecondition, "WRONG_UNIT_STATE",
                 absl::StrCat(req.name(), " version ", current.version(), " is ",
                              v1::UnitState_Name(current.state()),
                              "; a DRAFT is submitted for review, or a PUBLISHED version for "
                              "re-review"));
  }
  // The quality service stores this exact content as the review's frozen snapshot; the
  // transition below fails (etag) if the draft changed in between, and publication later
  // checks that the approval covers the content by its digest.
  if (absl::Status s = gate_.Submit(call, current, ContentDigest(current)); !s.ok()) return s;
  return Transition(pool_, call, *key, current.etag(), v1::DRAFT, v1::IN_REVIEW,
                    current.version(), out);
}

absl::Status LearningService::ReturnUnitToDraft(const CallContext& call,
                                                const v1::ReturnUnitToDraftRequest& req,
                                                v1::Unit* out) {
  auto key = ParseUnit(req.name(), "name");
  if (!key.ok()) return key.status();
  if (absl::Status s = AuthorizeProvider(call.principal, key->institution_id,
                                         "return " + req.name() + " to draft");
      !s.ok()) {
    return s;
  }
  auto read = ReadAtEtag(pool_, call, *key, req.etag(), "etag");
  if (!read.ok()) return read.status();
  const v1::Unit current = *std::move(read);
  if (current.state() != v1::IN_REVIEW) {
    return Error(absl::StatusCode::kFailedPrecondition, "WRONG_UNIT_STATE",
                 absl::StrCat(req.name(), " version ", current.version(), " is ",
                              v1::UnitState_Name(current.state()), "; it must be IN_REVIEW"));
  }
  // The review goes first: when the quality service cannot be reached the unit stays in review.
  // Should the transition then fail (the unit changed in between), the unit is in review with
  // its review withdrawn: returning it to draft again finishes the job.
  if (absl::Status s = gate_.Withdraw(call, req.name(), current.version(), ContentDigest(current),
                                      "returned to draft by the provider");
      !s.ok()) {
    return s;
  }
  return Transition(pool_, call, *key, current.etag(), v1::IN_REVIEW, v1::DRAFT,
                    current.version(), out);
}

absl::Status LearningService::PublishUnit(const CallContext& call,
                                          const v1::PublishUnitRequest& req, v1::Unit* out) {
  auto key = ParseUnit(req.name(), "name");
  if (!key.ok()) return key.status();
  if (absl::Status s = AuthorizeProvider(call.principal, key->institution_id, "publish " + req.name());
      !s.ok()) {
    return s;
  }
  auto read = ReadNewest(pool_, call, *key);
  if (!read.ok()) return read.status();
  const v1::Unit current = *std::move(read);
  if (current.state() != v1::IN_REVIEW) {
    return Error(absl::StatusCode::kFailedPrecondition, "WRONG_UNIT_STATE",
                 absl::StrCat(req.name(), " version ", current.version(), " is ",
                              v1::UnitState_Name(current.state()), "; submit it for review first"));
  }
  auto etag = ParseEtag(req.etag(), "etag");
  if (!etag.ok()) return etag.status();
  if (absl::Status s = MatchEtag(*etag, current, *key); !s.ok()) return s;
  Violations v;
  CheckUnit(current, "unit.", v);
  if (!v.empty()) {
    return AutomaticChecksFailed(req.name(), std::string(v.ToStatus().message()),
                                 FieldViolations(v.ToStatus()));
  }
  // Never publish on doubt: any answer but an approval of exactly this content refuses.
  auto approval = gate_.CheckPublishable(call, req.name(), current.version(),
                                         ContentDigest(current));
  if (!approval.ok()) return approval.status();
  // The transition checks the etag of the content that was checked: if the unit changed since
  // (returned to draft, edited, resubmitted), nothing is published.
  return Transition(pool_, call, *key, current.etag(), v1::IN_REVIEW, v1::PUBLISHED,
                    current.version(), out, [&](db::Tx& tx) {
                      return QualityLabelStore::Apply(tx, *key, approval->label,
                                                      approval->feed_seq);
                    });
}

absl::Status LearningService::RetireUnit(const CallContext& call, const v1::RetireUnitRequest& req,
                                         v1::Unit* out) {
  auto key = ParseUnit(req.name(), "name");
  if (!key.ok()) return key.status();
  if (absl::Status s = AuthorizeProvider(call.principal, key->institution_id, "retire " + req.name());
      !s.ok()) {
    return s;
  }
  auto etag = ParseEtag(req.etag(), "etag");
  if (!etag.ok()) return etag.status();
  return pool_.Run(call.deadline, [&](db::Tx& tx) -> absl::Status {
    auto head = LockAt(tx, *key, *etag);
    if (!head.ok()) return head.status();
    if (head->published_version == 0) {
      return Error(absl::StatusCode::kFailedPrecondition, "WRONG_UNIT_STATE",
                   req.name() + " has no published version to retire");
    }
    if (absl::Status s = UnitStore::SetState(tx, *key, head->published_version, v1::RETIRED);
        !s.ok()) {
      return s;
    }
    auto updated = UnitStore::Get(tx, *key, 0);
    if (!updated.ok()) return updated.status();
    *out = *std::move(updated);
    return absl::OkStatus();
  });
}

absl::Status LearningService::SearchCatalogue(const CallContext& call,
                                              const v1::SearchCatalogueRequest& req,
                                              v1::SearchCatalogueResponse* out) {
  Violations v;
  CatalogueQuery q;
  q.text = req.query();
  v.Check(q.text.size() <= 500, "query", "must be at most 500 bytes");
  q.competence = req.competence();
  std::string framework, code;
  v.Check(q.competence.empty() || SplitCompetence(q.competence, &framework, &code), "competence",
          "must be a name of the form frameworks/*/competences/*");
  q.eqf_level = req.eqf_level();
  v.Check(q.eqf_level >= 0 && q.eqf_level <= 8, "eqf_level", "must be 0 (any) or 1-8");
  q.min_ects = req.min_ects();
  q.max_ects = req.max_ects();
  v.Check(q.min_ects >= 0 && q.max_ects >= 0, "min_ects", "must not be negative");
  v.Check(q.max_ects == 0 || q.min_ects <= q.max_ects, "max_ects", "must not be below min_ects");
  q.language = req.language();
  v.Check(q.language.empty() || IsLanguageTag(q.language), "language",
          "must be a BCP 47 language tag such as \"fi\"");
  if (req.participation_mode() != v1::PARTICIPATION_MODE_UNSPECIFIED) {
    q.participation_mode = v1::ParticipationMode_Name(req.participation_mode());
  }
  if (req.pacing() != v1::PACING_UNSPECIFIED) q.pacing = v1::Pacing_Name(req.pacing());
  if (!req.provider().empty()) {
    auto ids = ParseName(req.provider(), "institutions/*", "provider");
    if (ids.ok()) {
      q.provider = (*ids)[0];
    } else {
      v.Add("provider", "must be a name of the form institutions/*");
    }
  }
  if (absl::Status s = v.ToStatus(); !s.ok()) return s;
  const std::string scope =
      absl::StrCat("catalogue|", q.text, "|", q.competence, "|", q.eqf_level, "|", q.min_ects, "|",
                   q.max_ects, "|", q.language, "|", q.participation_mode, "|", q.pacing, "|",
                   q.provider);
  auto page = ParsePage(req.page_size(), req.page_token(), scope);
  if (!page.ok()) return page.status();
  return RunGet<v1::SearchCatalogueResponse>(
      pool_, call, out, [&](db::Tx& tx) -> absl::StatusOr<v1::SearchCatalogueResponse> {
        int64_t next = 0;
        auto units = UnitStore::Search(tx, q, *page, &next);
        if (!units.ok()) return units.status();
        v1::SearchCatalogueResponse resp;
        for (auto& u : *units) *resp.add_units() = std::move(u);
        if (next != 0) resp.set_next_page_token(MakePageToken(scope, next));
        return resp;
      });
}

}  // namespace valohub::learning

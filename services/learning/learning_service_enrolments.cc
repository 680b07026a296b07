// LearningService: enrolments and completion, which issues the credentials.
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/learning/credential.h"
#include "services/learning/credential_store.h"
#include "services/learning/issuer_store.h"
#include "services/learning/learning_service.h"
#include "services/learning/learning_service_support.h"
#include "services/learning/outbox_relay.h"
#include "services/learning/outbox_store.h"
#include "services/learning/quality_label_store.h"
#include "services/runtime/timestamps.h"
#include "services/runtime/etag.h"
#include "services/runtime/pagination.h"
#include "services/runtime/request_log.h"
#include "services/runtime/timestamps.h"
#include "valohub/competence/v1/competence.pb.h"

namespace valohub::learning {
namespace {

// Result and evidence of one completion row; field paths under `prefix`.
void CheckCompletion(const v1::CompleteEnrolmentRequest& r, const std::string& prefix,
                     Violations& v) {
  v.Check(!r.result().value().empty(), prefix + "result.value",
          "is required: the assessment result, such as \"pass\"");
  v.Check(r.result().value().size() <= 200, prefix + "result.value", "must be at most 200 bytes");
  v.Check(r.result().description().size() <= 4000, prefix + "result.description",
          "must be at most 4000 bytes");
  v.Check(r.evidence_size() <= 20, prefix + "evidence", "must have at most 20 entries");
  for (int i = 0; i < r.evidence_size(); ++i) {
    const auto& e = r.evidence(i);
    const std::string f = absl::StrCat(prefix, "evidence[", i, "]");
    v.Check(!e.uri().empty() || !e.narrative().empty(), f, "needs a uri or a narrative");
    v.Check(e.uri().empty() || IsAbsoluteUri(e.uri()), f + ".uri", "must be an absolute URI");
    v.Check(e.name().size() <= 300, f + ".name", "must be at most 300 bytes");
    v.Check(e.narrative().size() <= 4000, f + ".narrative", "must be at most 4000 bytes");
  }
}

}  // namespace

absl::Status LearningService::CreateEnrolment(const CallContext& call,
                                              const v1::CreateEnrolmentRequest& req,
                                              v1::Enrolment* out) {
  auto unit = ParseUnit(req.parent(), "parent");
  if (!unit.ok()) return unit.status();
  if (absl::Status s = RequireCaller(call.principal); !s.ok()) return s;
  std::string person = req.enrolment().person();
  if (person.empty() && !call.principal.person.empty()) {
    person = "institutions/" + call.principal.institution + "/people/" + call.principal.person;
  }
  auto ids = ParseName(person, "institutions/*/people/*", "enrolment.person");
  if (!ids.ok()) return ids.status();
  const std::string person_institution = (*ids)[0], person_id = (*ids)[1];
  if (!ActsForPerson(call.principal, person_institution, person_id)) {
    return NotAllowed("enrol " + person + "; a person enrols themself, or their institution's "
                      "admin enrols them");
  }
  auto enrolment_id = ChooseId(req.enrolment_id(), "enrolment_id");
  if (!enrolment_id.ok()) return enrolment_id.status();
  if (absl::Status s = competence_.CheckPerson(call, person_institution, person_id); !s.ok()) {
    if (s.code() == absl::StatusCode::kNotFound) {
      return InvalidArgument({{"enrolment.person", person + " does not exist"}});
    }
    return s;
  }
  const EnrolmentKey key{*unit, *enrolment_id};
  return RunCreate<v1::Enrolment>(
      pool_, call, "CreateEnrolment " + req.parent(), req.request_id(), out,
      [&](db::Tx& tx) -> absl::StatusOr<v1::Enrolment> {
        auto head = UnitStore::Lock(tx, *unit);
        if (!head.ok()) return head.status();
        if (head->published_version == 0) {
          return Error(absl::StatusCode::kFailedPrecondition, "UNIT_NOT_PUBLISHED",
                       req.parent() + " is not in the catalogue; only published units take "
                       "enrolments");
        }
        // Out of the catalogue (its label anything but a valid approval), no enrolments; a
        // unit the quality service never reported on (the development gate) takes them.
        auto label = QualityLabelStore::Get(tx, *unit);
        if (!label.ok()) return label.status();
        if (label->has_value()) {
          std::string status = (*label)->status();
          if (status == "APPROVED" && (*label)->has_valid_until() &&
              ToMicros((*label)->valid_until()) <= absl::ToUnixMicros(absl::Now())) {
            status = "EXPIRED";
          }
          if (status != "APPROVED") {
            return Error(absl::StatusCode::kFailedPrecondition, "UNIT_NOT_IN_CATALOGUE",
                         req.parent() + " is out of the catalogue while its quality status is " +
                             status + "; it takes enrolments again once it is re-reviewed");
          }
        }
        return EnrolmentStore::Insert(tx, key, head->published_version, person_institution,
                                      person_id);
      });
}

absl::Status LearningService::GetEnrolment(const CallContext& call,
                                           const v1::GetEnrolmentRequest& req, v1::Enrolment* out) {
  auto key = ParseEnrolment(req.name(), "name");
  if (!key.ok()) return key.status();
  if (absl::Status s = RequireCaller(call.principal); !s.ok()) return s;
  v1::Enrolment e;
  if (absl::Status s = RunGet<v1::Enrolment>(pool_, call, &e,
                                             [&](db::Tx& tx) { return EnrolmentStore::Get(tx, *key); });
      !s.ok()) {
    // Provider staff learn what is missing; anyone else learns nothing.
    if (!IsProviderStaff(call.principal, key->unit.institution_id)) {
      return NotAllowed("read " + req.name());
    }
    return s;
  }
  auto person = ParseName(e.person(), "institutions/*/people/*", "person");
  if (!IsProviderStaff(call.principal, key->unit.institution_id) &&
      !(person.ok() && ActsForPerson(call.principal, (*person)[0], (*person)[1]))) {
    return NotAllowed("read " + req.name());
  }
  *out = std::move(e);
  return absl::OkStatus();
}

absl::Status LearningService::ListEnrolments(const CallContext& call,
                                             const v1::ListEnrolmentsRequest& req,
                                             v1::ListEnrolmentsResponse* out) {
  auto unit = ParseUnit(req.parent(), "parent");
  if (!unit.ok()) return unit.status();
  if (absl::Status s = AuthorizeProvider(call.principal, unit->institution_id,
                                         "list the enrolments of " + req.parent());
      !s.ok()) {
    return s;
  }
  const std::string scope = req.parent() + "/enrolments";
  auto page = ParsePage(req.page_size(), req.page_token(), scope);
  if (!page.ok()) return page.status();
  return RunGet<v1::ListEnrolmentsResponse>(
      pool_, call, out, [&](db::Tx& tx) -> absl::StatusOr<v1::ListEnrolmentsResponse> {
        int64_t next = 0;
        auto rows = EnrolmentStore::List(tx, *unit, *page, &next);
        if (!rows.ok()) return rows.status();
        v1::ListEnrolmentsResponse resp;
        for (auto& e : *rows) *resp.add_enrolments() = std::move(e);
        if (next != 0) resp.set_next_page_token(MakePageToken(scope, next));
        return resp;
      });
}

absl::Status LearningService::WithdrawEnrolment(const CallContext& call,
                                                const v1::WithdrawEnrolmentRequest& req,
                                                v1::Enrolment* out) {
  auto key = ParseEnrolment(req.name(), "name");
  if (!key.ok()) return key.status();
  if (absl::Status s = RequireCaller(call.principal); !s.ok()) return s;
  auto etag = ParseEtag(req.etag(), "etag");
  if (!etag.ok()) return etag.status();
  return pool_.Run(call.deadline, [&](db::Tx& tx) -> absl::Status {
    auto current = EnrolmentStore::Get(tx, *key);
    const bool staff = IsProviderStaff(call.principal, key->unit.institution_id);
    if (!current.ok()) return staff ? current.status() : NotAllowed("withdraw " + req.name());
    auto person = ParseName(current->person(), "institutions/*/people/*", "person");
    if (!staff && !(person.ok() && ActsForPerson(call.principal, (*person)[0], (*person)[1]))) {
      return NotAllowed("withdraw " + req.name());
    }
    auto withdrawn = EnrolmentStore::Withdraw(tx, *key, *etag);
    if (!withdrawn.ok()) return withdrawn.status();
    *out = *std::move(withdrawn);
    return absl::OkStatus();
  });
}

absl::Status LearningService::CompleteEnrolment(const CallContext& call,
                                                const v1::CompleteEnrolmentRequest& req,
                                                v1::Enrolment* out) {
  auto key = ParseEnrolment(req.name(), "name");
  if (!key.ok()) return key.status();
  if (absl::Status s = AuthorizeProvider(call.principal, key->unit.institution_id,
                                         "record completions of " + key->unit.Name());
      !s.ok()) {
    return s;
  }
  Violations v;
  CheckCompletion(req, "", v);
  if (absl::Status s = ParseEtag(req.etag(), "etag").status(); !s.ok()) return s;
  if (absl::Status s = v.ToStatus(); !s.ok()) return s;
  v1::BatchCompleteEnrolmentsResponse results;
  std::vector<absl::Status> row_status;
  if (absl::Status s = Complete(call, key->unit, {req}, &results, &row_status); !s.ok()) return s;
  if (!row_status[0].ok()) return row_status[0];
  return RunGet<v1::Enrolment>(pool_, call, out,
                               [&](db::Tx& tx) { return EnrolmentStore::Get(tx, *key); });
}

absl::Status LearningService::BatchCompleteEnrolments(
    const CallContext& call, const v1::BatchCompleteEnrolmentsRequest& req,
    v1::BatchCompleteEnrolmentsResponse* out) {
  auto unit = ParseUnit(req.parent(), "parent");
  if (!unit.ok()) return unit.status();
  if (absl::Status s = AuthorizeProvider(call.principal, unit->institution_id,
                                         "record completions of " + req.parent());
      !s.ok()) {
    return s;
  }
  if (req.requests_size() == 0 || req.requests_size() > kMaxBatchComplete) {
    return InvalidArgument(
        {{"requests", absl::StrCat("must have 1 to ", kMaxBatchComplete, " entries")}});
  }
  Violations v;
  std::set<std::string> seen;
  for (int i = 0; i < req.requests_size(); ++i) {
    const auto& r = req.requests(i);
    const std::string prefix = absl::StrCat("requests[", i, "].");
    auto key = ParseEnrolment(r.name(), prefix + "name");
    if (!key.ok()) {
      for (auto& fv : FieldViolations(key.status())) v.Add(fv.field, fv.description);
      continue;
    }
    v.Check(key->unit.institution_id == unit->institution_id && key->unit.unit_id == unit->unit_id,
            prefix + "name", "must be an enrolment of " + req.parent());
    v.Check(seen.insert(r.name()).second, prefix + "name", "is listed twice");
    if (absl::Status s = ParseEtag(r.etag(), prefix + "etag").status(); !s.ok()) {
      v.Add(prefix + "etag", "is not an etag returned by this service");
    }
    CheckCompletion(r, prefix, v);
  }
  if (absl::Status s = v.ToStatus(); !s.ok()) return s;
  std::vector<absl::Status> row_status;
  return Complete(call, *unit, {req.requests().begin(), req.requests().end()}, out, &row_status);
}

absl::Status LearningService::Complete(const CallContext& call, const UnitKey& unit,
                                       const std::vector<v1::CompleteEnrolmentRequest>& rows,
                                       v1::BatchCompleteEnrolmentsResponse* out,
                                       std::vector<absl::Status>* row_status) {
  // A completion is recorded together with its credential, so neither happens while the quality
  // status of the version in the catalogue is anything but APPROVED, or cannot be learned.
  v1::Unit listed;
  if (absl::Status s = RunGet<v1::Unit>(pool_, call, &listed,
                                        [&](db::Tx& tx) { return UnitStore::Get(tx, unit, 0); });
      !s.ok()) {
    return s;
  }
  if (absl::Status s = gate_.CheckIssuable(call, unit.Name(), listed.published_version()); !s.ok()) {
    return s;
  }
  auto key = EnsureActiveKey(call, unit.institution_id);
  if (!key.ok()) return key.status();
  std::vector<std::string> ids;
  for (const auto& r : rows) ids.push_back(r.name().substr(r.name().rfind('/') + 1));
  // Status-list slots in a transaction of their own, so that the list's row lock is held for
  // a moment rather than through the signing below: one per enrolment that can be completed
  // now. A slot of a completion that then fails stays unused (its bit is 0 and no credential
  // points at it); a row that finds no slot left, because a concurrent change made it
  // completable, is refused to be retried.
  std::vector<StatusSlot> slots;
  if (absl::Status s = pool_.Run(call.deadline, [&](db::Tx& tx) -> absl::Status {
        auto enrolled = EnrolmentStore::CountEnrolled(tx, unit, ids);
        if (!enrolled.ok()) return enrolled.status();
        if (*enrolled == 0) return absl::OkStatus();
        auto allocated = CredentialStore::AllocateSlots(tx, unit.institution_id, *enrolled,
                                                        options_.status_list_size);
        if (!allocated.ok()) return allocated.status();
        slots = *std::move(allocated);
        return absl::OkStatus();
      });
      !s.ok()) {
    return s;
  }
  const absl::Time now = absl::FromUnixSeconds(absl::ToUnixSeconds(absl::Now()));
  absl::Status done = pool_.Run(call.deadline, [&](db::Tx& tx) -> absl::Status {
    out->Clear();
    row_status->assign(rows.size(), absl::OkStatus());
    auto issuer_name = IssuerStore::DisplayName(tx, unit.institution_id);
    if (!issuer_name.ok()) return issuer_name.status();
    size_t next_slot = 0;
    auto locked = EnrolmentStore::LockMany(tx, unit, ids);
    if (!locked.ok()) return locked.status();
    std::map<std::string, EnrolmentRow> enrolments(locked->begin(), locked->end());
    std::map<int, v1::Unit> versions;
    std::vector<CredentialRow> credentials;
    std::vector<EnrolmentStore::Completion> completions;
    std::vector<OutboxEvent> events;
    for (size_t i = 0; i < rows.size(); ++i) {
      auto* result = out->add_results();
      result->set_index(static_cast<int>(i));
      result->set_enrolment(rows[i].name());
      auto fail = [&](absl::Status s) {
        *result->mutable_error() = ToRpcStatus(s, kErrorDomain);
        (*row_status)[i] = s;
        out->set_failed_count(out->failed_count() + 1);
      };
      auto it = enrolments.find(ids[i]);
      if (it == enrolments.end()) {
        fail(Error(absl::StatusCode::kNotFound, "ENROLMENT_NOT_FOUND",
                   rows[i].name() + " does not exist"));
        continue;
      }
      const EnrolmentRow& e = it->second;
      if (IsSelf(call.principal, e.person_institution_id, e.person_id)) {
        fail(Error(absl::StatusCode::kPermissionDenied, "OWN_COMPLETION",
                   "nobody records the completion of their own enrolment " + rows[i].name()));
        continue;
      }
      if (e.state != v1::ENROLLED) {
        fail(Error(absl::StatusCode::kFailedPrecondition, "ENROLMENT_NOT_ACTIVE",
                   rows[i].name() + " is " + v1::EnrolmentState_Name(e.state) +
                       "; only an ENROLLED enrolment can be completed"));
        continue;
      }
      auto etag = ParseEtag(rows[i].etag(), "etag");
      if (etag.ok() && *etag != 0 && *etag != e.version) {
        fail(Error(absl::StatusCode::kAborted, "ETAG_MISMATCH",
                   rows[i].name() + " was changed since it was read; read it again"));
        continue;
      }
      if (versions.count(e.unit_version) == 0) {
        auto u = UnitStore::Get(tx, unit, e.unit_version);
        if (!u.ok()) return u.status();
        versions[e.unit_version] = *std::move(u);
      }
      if (next_slot >= slots.size()) {
        fail(Error(absl::StatusCode::kAborted, "CONCURRENT_CHANGE",
                   rows[i].name() + " changed while the batch started; complete it again"));
        continue;
      }
      const v1::Unit& u = versions[e.unit_version];
      const StatusSlot slot = slots[next_slot++];
      CredentialInput in;
      in.base_url = options_.public_base_url;
      in.provider_id = unit.institution_id;
      in.provider_name = *issuer_name;
      in.unit_id = unit.unit_id;
      in.unit = &u;
      in.holder_institution = e.person_institution_id;
      in.holder_person = e.person_id;
      in.credential_uuid = NewUuid();
      in.issue_time = now;
      in.status_list = slot.list;
      in.status_index = slot.index;
      in.completion = &rows[i];
      auto jwt = key->signer->Sign(JwsHeader(key->signer->alg(), key->kid),
                                   BuildCredentialClaims(in));
      if (!jwt.ok()) return jwt.status();
      CredentialRow c;
      c.credential_id = in.credential_uuid;
      c.institution_id = unit.institution_id;
      c.unit_id = unit.unit_id;
      c.unit_version = e.unit_version;
      c.enrolment_id = ids[i];
      c.person_institution_id = e.person_institution_id;
      c.person_id = e.person_id;
      c.key_id = key->key_id;
      c.jwt = *std::move(jwt);
      c.status_list = slot.list;
      c.status_index = slot.index;
      v1::CompleteEnrolmentRequest stored = rows[i];
      stored.clear_name();
      stored.clear_etag();
      completions.push_back({ids[i], stored.SerializeAsString(), c.credential_id});
      // The evidence for the person's competence profile, one event per aligned competence,
      // written with the completion and delivered by the relay.
      for (const auto& a : u.alignments()) {
        competence::v1::CreateAssessmentRequest assessment;
        assessment.set_parent("institutions/" + e.person_institution_id + "/people/" + e.person_id);
        auto* as = assessment.mutable_assessment();
        as->set_competence(a.competence());
        as->set_level(a.target_level());
        as->set_source(competence::v1::Assessment::EVIDENCE);
        as->mutable_assess_time()->set_seconds(absl::ToUnixSeconds(now));
        as->set_evidence_uri(options_.public_base_url + "/v1/credentials/" + c.credential_id);
        as->set_note("Open Badge for " + u.title() + " (" + unit.Name() + ")");
        OutboxEvent event;
        event.event_id = NewUuid();
        event.kind = kEvidenceEventKind;
        event.tenant = e.person_institution_id;
        // The event id is the receiver's idempotency key.
        assessment.set_request_id(event.event_id);
        event.payload = assessment.SerializeAsString();
        events.push_back(std::move(event));
      }
      result->set_credential("credentials/" + c.credential_id);
      credentials.push_back(std::move(c));
      out->set_completed_count(out->completed_count() + 1);
    }
    if (absl::Status s = CredentialStore::InsertMany(tx, credentials); !s.ok()) return s;
    if (absl::Status s = EnrolmentStore::CompleteMany(tx, unit, completions); !s.ok()) return s;
    return OutboxStore::InsertMany(tx, events);
  });
  if (done.ok() && out->completed_count() > 0 && options_.on_outbox) options_.on_outbox();
  return done;
}

}  // namespace valohub::learning

// The learning-units service's logic: units and their lifecycle, the catalogue, enrolments, and
// the Open Badges 3.0 credentials issued on completion. Transport-free: every method takes the
// CallContext and returns absl::Status; LearningGrpc (learning_grpc.h) serves it.
#ifndef VALOHUB_SERVICES_LEARNING_LEARNING_SERVICE_H_
#define VALOHUB_SERVICES_LEARNING_LEARNING_SERVICE_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "services/learning/competence_client.h"
#include "services/learning/key_ring.h"
#include "services/learning/quality_gate.h"
#include "services/learning/status_list.h"
#include "services/learning/unit_store.h"
#include "services/runtime/call_context.h"
#include "services/runtime/db.h"
#include "valohub/learning/v1/learning.pb.h"

namespace valohub::learning {

inline constexpr int kMaxBatchComplete = 5000;

std::vector<db::Query> AllQueries();

struct LearningOptions {
  // Public base URL of the hub, without a trailing slash: ids and URLs in credentials.
  std::string public_base_url = "http://localhost:8080";
  int status_list_size = kStatusListSize;
  // Algorithm of keys generated in development mode.
  std::string key_algorithm = "RS256";
  // Called after a transaction wrote outbox events (wakes the relay).
  std::function<void()> on_outbox;
};

class LearningService {
 public:
  LearningService(db::Pool& pool, CompetenceClient& competence, KeyRing& keys, QualityGate& gate,
                  LearningOptions options)
      : pool_(pool), competence_(competence), keys_(keys), gate_(gate),
        options_(std::move(options)) {}

  absl::Status CreateUnit(const CallContext& call, const v1::CreateUnitRequest& req, v1::Unit* out);
  absl::Status GetUnit(const CallContext& call, const v1::GetUnitRequest& req, v1::Unit* out);
  absl::Status ListUnits(const CallContext& call, const v1::ListUnitsRequest& req,
                         v1::ListUnitsResponse* out);
  absl::Status UpdateUnit(const CallContext& call, const v1::UpdateUnitRequest& req, v1::Unit* out);
  absl::Status DeleteUnit(const CallContext& call, const v1::DeleteUnitRequest& req);
  absl::Status SubmitUnit(const CallContext& call, const v1::SubmitUnitRequest& req, v1::Unit* out);
  absl::Status ReturnUnitToDraft(const CallContext& call, const v1::ReturnUnitToDraftRequest& req,
                                 v1::Unit* out);
  absl::Status PublishUnit(const CallContext& call, const v1::PublishUnitRequest& req,
                           v1::Unit* out);
  absl::Status RetireUnit(const CallContext& call, const v1::RetireUnitRequest& req, v1::Unit* out);
  absl::Status SearchCatalogue(const CallContext& call, const v1::SearchCatalogueRequest& req,
                               v1::SearchCatalogueResponse* out);

  absl::Status CreateEnrolment(const CallContext& call, const v1::CreateEnrolmentRequest& req,
                               v1::Enrolment* out);
  absl::Status GetEnrolment(const CallContext& call, const v1::GetEnrolmentRequest& req,
                            v1::Enrolment* out);
  absl::Status ListEnrolments(const CallContext& call, const v1::ListEnrolmentsRequest& req,
                              v1::ListEnrolmentsResponse* out);
  absl::Status CompleteEnrolment(const CallContext& call, const v1::CompleteEnrolmentRequest& req,
                                 v1::Enrolment* out);
  absl::Status BatchCompleteEnrolments(const CallContext& call,
                                       const v1::BatchCompleteEnrolmentsRequest& req,
                                       v1::BatchCompleteEnrolmentsResponse* out);
  absl::Status WithdrawEnrolment(const CallContext& call, const v1::WithdrawEnrolmentRequest& req,
                                 v1::Enrolment* out);

  absl::Status GetCredential(const CallContext& call, const v1::GetCredentialRequest& req,
                             v1::Credential* out);
  absl::Status ListCredentials(const CallContext& call, const v1::ListCredentialsRequest& req,
                               v1::ListCredentialsResponse* out);
  absl::Status RevokeCredential(const CallContext& call, const v1::RevokeCredentialRequest& req,
                                v1::Credential* out);
  absl::Status VerifyCredential(const CallContext& call, const v1::VerifyCredentialRequest& req,
                                v1::VerifyCredentialResponse* out);

  absl::Status GetIssuerProfile(const CallContext& call, const v1::GetIssuerProfileRequest& req,
                                v1::IssuerProfile* out);
  absl::Status GetIssuerJwks(const CallContext& call, const v1::GetIssuerJwksRequest& req,
                             v1::JsonWebKeySet* out);
  absl::Status GetJwks(const CallContext& call, const v1::GetJwksRequest& req,
                       v1::JsonWebKeySet* out);
  absl::Status GetStatusList(const CallContext& call, const v1::GetStatusListRequest& req,
                             v1::StatusListCredential* out);
  absl::Status RotateIssuerKey(const CallContext& call, const v1::RotateIssuerKeyRequest& req,
                               v1::IssuerKey* out);
  absl::Status ListIssuerKeys(const CallContext& call, const v1::ListIssuerKeysRequest& req,
                              v1::ListIssuerKeysResponse* out);

 private:
  // Checks the alignments against the competence service and fills in their titles and ESCO
  // URIs.
  absl::Status ResolveAlignments(const CallContext& call, v1::Unit* unit);
  // The issuer's active key, generated first in development mode.
  struct ActiveKey {
    std::string key_id;
    std::string kid;
    std::shared_ptr<const jose::Signer> signer;
  };
  absl::StatusOr<ActiveKey> EnsureActiveKey(const CallContext& call,
                                            const std::string& institution_id);
  absl::StatusOr<v1::IssuerKey> ActivateKey(const CallContext& call,
                                            const std::string& institution_id,
                                            const std::string& key_id);
  // Completes the rows (already validated and authorized for the unit) and issues their
  // credentials in one transaction; per-row results in `out`.
  absl::Status Complete(const CallContext& call, const UnitKey& unit,
                        const std::vector<v1::CompleteEnrolmentRequest>& rows,
                        v1::BatchCompleteEnrolmentsResponse* out,
                        std::vector<absl::Status>* row_status);

  db::Pool& pool_;
  CompetenceClient& competence_;
  KeyRing& keys_;
  QualityGate& gate_;
  const LearningOptions options_;
};

}  // namespace valohub::learning

#endif  // VALOHUB_SERVICES_LEARNING_LEARNING_SERVICE_H_

// Rules of the quality service that need no database: the default national quality model, what
// a valid model is, the automatic checks run on a submitted unit version, scoring, when a review
// may be approved, and a unit's quality status at a given time.
#ifndef VALOHUB_SERVICES_QUALITY_QUALITY_RULES_H_
#define VALOHUB_SERVICES_QUALITY_QUALITY_RULES_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "services/runtime/status.h"
#include "valohub/quality/v1/quality.pb.h"

namespace valohub::quality {

inline constexpr char kNationalModelId[] = "national";
inline constexpr int kDefaultMinReviewers = 2;
inline constexpr int kDefaultValidityDays = 365;
inline constexpr int kDefaultScaleMax = 5;
// Fewer ratings than this and no feedback aggregate is shown.
inline constexpr int kMinRatingsShown = 5;
// Who "decides" when the automatic checks send a submission back.
inline constexpr char kAutomaticChecksActor[] = "automatic-checks";

// The model every hub starts with: the Annex I completeness checks of 2022/C 243/02 and the
// recommendation's quality principles as reviewer criteria. Documented in docs/quality.md.
v1::QualityModel DefaultNationalModel();

// Fills the documented defaults (min_reviewers, approval_validity_days, score_scale_max).
void ApplyModelDefaults(v1::QualityModel* model);
// Records a violation for everything wrong with `model` (after ApplyModelDefaults), with field
// paths under "quality_model.".
void CheckModel(const v1::QualityModel& model, Violations& v);

// Every AUTOMATIC criterion of `model` run on `unit`, in the model's order.
std::vector<v1::AutomaticResult> RunAutomaticChecks(const v1::QualityModel& model,
                                                    const learning::v1::Unit& unit);
bool MandatoryChecksPassed(const std::vector<v1::AutomaticResult>& results);

// The scorecard's problems: one score per REVIEWER criterion, 1..scale, with a comment.
absl::Status CheckScorecard(const v1::QualityModel& model,
                            const google::protobuf::RepeatedPtrField<v1::Score>& scores);

// Recomputes criterion_results and weighted_score of `review` from its automatic results and
// scorecards.
void ScoreReview(const v1::QualityModel& model, v1::Review* review);

// OK when `review` (scored) may be APPROVED under `model`: every assigned reviewer has scored,
// at least min_reviewers of them, and every mandatory criterion passes. Otherwise
// FAILED_PRECONDITION with the reason.
absl::Status CheckApprovable(const v1::QualityModel& model, const v1::Review& review);

// How many approvals of a unit's versions are kept (newest first).
inline constexpr int kApprovalsKept = 5;

// The approval of `version` in `q`, or of the newest approved version when `version` is 0;
// null when there is none.
const v1::Approval* FindApproval(const v1::UnitQuality& q, int version);
v1::Approval* FindApproval(v1::UnitQuality* q, int version);
// Records `approval` as its version's (replacing an earlier one of that version) at the front.
void RecordApproval(v1::UnitQuality* q, v1::Approval approval);
void RemoveApproval(v1::UnitQuality* q, int version);

// The status of `version` (0: the newest approved version) of a unit whose stored state is `q`
// at `now`: its approval's FLAGGED, APPROVED or EXPIRED; without one, IN_REVIEW while a review is
// open, REJECTED after a rejection, else NOT_REVIEWED.
v1::UnitQuality::Status ComputeStatus(const v1::UnitQuality& q, int version, absl::Time now);

// Fills the output-only fields of a stored state for a reader asking about `version`: `status`,
// the approval fields of that version's approval, and each approval's status.
void Present(v1::UnitQuality* q, int version, absl::Time now);
// Clears what Present fills, for storing.
void ClearPresented(v1::UnitQuality* q);

}  // namespace valohub::quality

#endif  // VALOHUB_SERVICES_QUALITY_QUALITY_RULES_H_

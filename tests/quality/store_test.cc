// The quality service's stores against a real PostgreSQL: model versions, reviews and their
// reviewers, the status change feed, feedback (one per enrolment, aggregated over a period) and
// the audit trail.
#include <gtest/gtest.h>

#include "absl/time/clock.h"
#include "services/quality/audit_store.h"
#include "services/quality/feedback_store.h"
#include "services/quality/model_store.h"
#include "services/quality/quality_migrations.h"
#include "services/quality/quality_rules.h"
#include "services/quality/quality_service.h"
#include "services/quality/review_store.h"
#include "services/quality/unit_status_store.h"
#include "services/runtime/logger.h"
#include "services/runtime/migrations.h"
#include "tests/support/pg_cluster.h"

namespace valohub::quality {
namespace {

class QualityStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string conninfo = testing::SharedCluster().CreateDatabase();
    Logger logger("test", stderr);
    ASSERT_TRUE(ApplyMigrations(conninfo, "quality", Migrations(), logger,
                                absl::Now() + absl::Seconds(30)).ok());
    pool_ = std::make_unique<db::Pool>(db::PoolOptions{conninfo, 4}, AllQueries(), nullptr);
  }
  absl::Status InTx(const std::function<absl::Status(db::Tx&)>& body) {
    return pool_->Run(absl::Now() + absl::Seconds(30), body);
  }
  std::unique_ptr<db::Pool> pool_;
  const UnitRef unit_{"prov", "u1"};
};

TEST_F(QualityStoreTest, ModelVersionsAreKeptAndTheNewestIsListed) {
  v1::QualityModel m = DefaultNationalModel();
  m.set_version(1);
  ASSERT_TRUE(InTx([&](db::Tx& tx) { return ModelStore::Insert(tx, "national", m); }).ok());
  EXPECT_EQ(InTx([&](db::Tx& tx) { return ModelStore::Insert(tx, "national", m); }).code(),
            absl::StatusCode::kAlreadyExists);
  m.set_version(2);
  m.set_min_reviewers(3);
  ASSERT_TRUE(InTx([&](db::Tx& tx) { return ModelStore::Insert(tx, "national", m); }).ok());
  ASSERT_TRUE(InTx([&](db::Tx& tx) -> absl::Status {
    auto newest = ModelStore::Get(tx, "national", 0);
    EXPECT_EQ(newest->version(), 2);
    EXPECT_EQ(newest->min_reviewers(), 3);
    EXPECT_EQ(ModelStore::Get(tx, "national", 1)->min_reviewers(), 2);
    EXPECT_EQ(ModelStore::Get(tx, "national", 3).status().code(), absl::StatusCode::kNotFound);
    int64_t next = 0;
    auto list = ModelStore::List(tx, Page{10, 0}, &next);
    EXPECT_EQ(list->size(), 1u);
    EXPECT_EQ((*list)[0].version(), 2);
    return absl::OkStatus();
  }).ok());
}

TEST_F(QualityStoreTest, OneOpenReviewPerUnitAndReviewersAreFound) {
  v1::Review r;
  r.set_unit(unit_.Name());
  r.set_unit_version(1);
  r.set_state(v1::OPEN);
  const std::string a = NewUuid(), b = NewUuid();
  ASSERT_TRUE(InTx([&](db::Tx& tx) { return ReviewStore::Insert(tx, a, unit_, r); }).ok());
  EXPECT_FALSE(InTx([&](db::Tx& tx) { return ReviewStore::Insert(tx, b, unit_, r); }).ok());
  ASSERT_TRUE(InTx([&](db::Tx& tx) -> absl::Status {
    auto open = ReviewStore::LockOpen(tx, unit_);
    EXPECT_EQ(open->value_or(""), a);
    auto locked = ReviewStore::Lock(tx, a);
    const std::string etag = locked->etag();
    locked->set_state(v1::WITHDRAWN);
    auto updated = ReviewStore::Update(tx, a, *locked);
    EXPECT_NE(updated->etag(), etag);
    EXPECT_EQ(updated->state(), v1::WITHDRAWN);
    EXPECT_FALSE(ReviewStore::LockOpen(tx, unit_)->has_value());
    return ReviewStore::Insert(tx, b, unit_, r);
  }).ok());
  ASSERT_TRUE(InTx([&](db::Tx& tx) -> absl::Status {
    EXPECT_TRUE(ReviewStore::AddReviewer(tx, b, unit_, "other", "r1").ok());
    EXPECT_TRUE(ReviewStore::AddReviewer(tx, b, unit_, "other", "r1").ok());  // once
    EXPECT_TRUE(*ReviewStore::IsReviewerOfUnit(tx, unit_, "other", "r1"));
    EXPECT_FALSE(*ReviewStore::IsReviewerOfUnit(tx, unit_, "other", "r2"));
    ReviewFilter mine;
    mine.reviewer_institution_id = "other";
    mine.reviewer_person_id = "r1";
    int64_t next = 0;
    auto list = ReviewStore::List(tx, mine, Page{10, 0}, &next);
    EXPECT_EQ(list->size(), 1u);
    ReviewFilter withdrawn;
    withdrawn.unit = unit_;
    withdrawn.state = "WITHDRAWN";
    EXPECT_EQ(ReviewStore::List(tx, withdrawn, Page{10, 0}, &next)->size(), 1u);
    EXPECT_EQ(ReviewStore::Get(tx, NewUuid()).status().code(), absl::StatusCode::kNotFound);
    return absl::OkStatus();
  }).ok());
}

TEST_F(QualityStoreTest, EveryStatusWriteMovesTheUnitToTheEndOfTheFeed) {
  const UnitRef other{"prov", "u2"};
  for (const UnitRef& u : {unit_, other, unit_}) {
    ASSERT_TRUE(InTx([&](db::Tx& tx) -> absl::Status {
      auto q = UnitStatusStore::Lock(tx, u);
      q->set_open_review("reviews/x");
      return UnitStatusStore::Put(tx, u, &*q);
    }).ok());
  }
  ASSERT_TRUE(InTx([&](db::Tx& tx) -> absl::Status {
    auto all = UnitStatusStore::Changes(tx, 0, 10);
    EXPECT_EQ(all->size(), 2u);
    EXPECT_EQ((*all)[0].unit(), other.Name());
    EXPECT_EQ((*all)[1].unit(), unit_.Name());
    EXPECT_LT((*all)[0].seq(), (*all)[1].seq());
    EXPECT_TRUE(UnitStatusStore::Changes(tx, (*all)[1].seq(), 10)->empty());
    auto fresh = UnitStatusStore::Get(tx, UnitRef{"prov", "none"});
    EXPECT_EQ(fresh->name(), "institutions/prov/units/none/quality");
    EXPECT_EQ(fresh->seq(), 0);
    return absl::OkStatus();
  }).ok());
}

TEST_F(QualityStoreTest, FeedbackIsOncePerEnrolmentAndCountedFromAPointInTime) {
  const absl::Time t0 = absl::FromUnixSeconds(1800000000);
  v1::Feedback f;
  f.set_unit_version(1);
  auto rate = [&](const std::string& enrolment, int value, absl::Time at, std::string comment) {
    f.mutable_ratings()->set_relevance(value);
    f.mutable_ratings()->set_clarity(value);
    f.mutable_ratings()->set_assessment(value);
    f.mutable_ratings()->set_workload(value);
    f.set_comment(std::move(comment));
    return InTx([&](db::Tx& tx) { return FeedbackStore::Insert(tx, unit_, enrolment, f, at); });
  };
  ASSERT_TRUE(rate("e1", 5, t0, "great").ok());
  EXPECT_EQ(ErrorReason(rate("e1", 1, t0, "")), "FEEDBACK_ALREADY_GIVEN");
  ASSERT_TRUE(rate("e2", 2, t0 + absl::Hours(2), "").ok());
  ASSERT_TRUE(rate("e3", 1, t0 + absl::Hours(3), "slow").ok());
  ASSERT_TRUE(InTx([&](db::Tx& tx) -> absl::Status {
    auto all = FeedbackStore::Aggregate(tx, unit_, 0, absl::InfinitePast(), true);
    EXPECT_EQ(all->count, 3);
    EXPECT_NEAR(all->mean, 8.0 / 3, 1e-9);
    EXPECT_EQ(all->comments.size(), 2u);  // empty comments are not comments
    auto later = FeedbackStore::Aggregate(tx, unit_, 0, t0 + absl::Hours(1), false);
    EXPECT_EQ(later->count, 2);
    EXPECT_DOUBLE_EQ(later->means.relevance(), 1.5);
    EXPECT_TRUE(later->comments.empty());
    EXPECT_EQ(FeedbackStore::Aggregate(tx, unit_, 1, absl::InfinitePast(), false)->count, 3);
    EXPECT_EQ(FeedbackStore::Aggregate(tx, unit_, 2, absl::InfinitePast(), false)->count, 0);
    return absl::OkStatus();
  }).ok());
  // The enrolment is not stored, only its digest.
  ASSERT_TRUE(InTx([&](db::Tx& tx) -> absl::Status {
    pqxx::result r = tx.txn().exec("SELECT count(*) FROM quality.feedback "
                                   "WHERE position('e1' in encode(enrolment_digest, 'escape')) > 0");
    EXPECT_EQ(r[0][0].as<int>(), 0);
    return absl::OkStatus();
  }).ok());
}

TEST_F(QualityStoreTest, TheAuditTrailReadsBackInOrderWithWhoAndWhen) {
  const absl::Time t = absl::FromUnixSeconds(1800000000);
  Principal coordinator{"coord", "panel", {"QUALITY_COORDINATOR"}, ""};
  ASSERT_TRUE(InTx([&](db::Tx& tx) -> absl::Status {
    AuditStore::Append(tx, coordinator, {"REVIEWERS_ASSIGNED", unit_, "abc", "r1, r2"}, t);
    AuditStore::Append(tx, coordinator, {"REVIEW_DECIDED", unit_, "abc", "APPROVED"},
                       t + absl::Seconds(1));
    AuditStore::Append(tx, coordinator, {"REVIEW_DECIDED", UnitRef{"x", "y"}, "def", ""}, t);
    return absl::OkStatus();
  }).ok());
  ASSERT_TRUE(InTx([&](db::Tx& tx) -> absl::Status {
    int64_t next = 0;
    auto events = AuditStore::List(tx, unit_, "", Page{1, 0}, &next);
    EXPECT_EQ(events->size(), 1u);
    EXPECT_NE(next, 0);
    EXPECT_EQ((*events)[0].action(), "REVIEWERS_ASSIGNED");
    EXPECT_EQ((*events)[0].actor(), "coord");
    EXPECT_EQ((*events)[0].actor_institution(), "panel");
    EXPECT_EQ((*events)[0].review(), "reviews/abc");
    EXPECT_EQ((*events)[0].time().seconds(), 1800000000);
    auto rest = AuditStore::List(tx, unit_, "", Page{10, next}, &next);
    EXPECT_EQ(rest->size(), 1u);
    EXPECT_EQ((*rest)[0].detail(), "APPROVED");
    EXPECT_EQ(AuditStore::List(tx, UnitRef{}, "def", Page{10, 0}, &next)->size(), 1u);
    return absl::OkStatus();
  }).ok());
}

}  // namespace
}  // namespace valohub::quality

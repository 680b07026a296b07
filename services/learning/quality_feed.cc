#include "services/learning/quality_feed.h"

#include "absl/time/clock.h"
#include "services/learning/learning_service_support.h"
#include "services/learning/quality_label_store.h"
#include "services/learning/unit_store.h"

namespace valohub::learning {
namespace {

constexpr int kBatch = 500;

}  // namespace

QualityFeed::QualityFeed(db::Pool& pool, QualityServiceGate& quality, Logger& logger,
                         absl::Duration poll_interval)
    : pool_(pool), quality_(quality), logger_(logger), poll_interval_(poll_interval) {}

QualityFeed::~QualityFeed() { Stop(); }

void QualityFeed::Start() { thread_ = std::thread([this] { Loop(); }); }

void QualityFeed::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stop_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

absl::StatusOr<int> QualityFeed::RunOnce() {
  int64_t cursor = 0;
  if (absl::Status s = pool_.Run(absl::Now() + absl::Seconds(5), [&](db::Tx& tx) -> absl::Status {
        auto c = QualityLabelStore::Cursor(tx);
        if (!c.ok()) return c.status();
        cursor = *c;
        return absl::OkStatus();
      });
      !s.ok()) {
    return s;
  }
  auto changes = quality_.Changes(cursor, kBatch, absl::Seconds(5));
  if (!changes.ok()) return changes.status();
  if (changes->empty()) return 0;
  absl::Status s = pool_.Run(absl::Now() + absl::Seconds(10), [&](db::Tx& tx) -> absl::Status {
    int64_t last = cursor;
    for (const auto& q : *changes) {
      last = std::max(last, q.seq());
      auto unit = ParseUnit(q.unit(), "unit");
      if (!unit.ok()) continue;
      // The label is of the version in the catalogue; the unit's row lock keeps a publication
      // from changing that version in between.
      auto head = UnitStore::Lock(tx, *unit);
      if (head.status().code() == absl::StatusCode::kNotFound) continue;
      if (!head.ok()) return head.status();
      if (absl::Status a = QualityLabelStore::Apply(tx, *unit, LabelFor(q, head->published_version),
                                                    q.seq());
          !a.ok()) {
        return a;
      }
    }
    return QualityLabelStore::SetCursor(tx, last);
  });
  if (!s.ok()) return s;
  return static_cast<int>(changes->size());
}

void QualityFeed::Loop() {
  bool reported = false;
  while (true) {
    auto applied = RunOnce();
    if (!applied.ok() && !reported) {
      logger_.Warn("quality labels not updated: " + std::string(applied.status().message()));
      reported = true;
    } else if (applied.ok()) {
      reported = false;
    }
    absl::MutexLock lock(&mu_);
    if (stop_) return;
    if (applied.ok() && *applied >= kBatch) continue;
    auto stopped = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return stop_; };
    mu_.AwaitWithTimeout(absl::Condition(&stopped), poll_interval_);
    if (stop_) return;
  }
}

}  // namespace valohub::learning

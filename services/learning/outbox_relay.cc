#include "services/learning/outbox_relay.h"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include <random>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/learning/outbox_store.h"
#include "services/runtime/metrics.h"
#include "services/runtime/status.h"
#include "valohub/competence/v1/competence.pb.h"

namespace valohub::learning {
namespace {

// Whether trying again later can succeed.
bool Retryable(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
    case absl::StatusCode::kResourceExhausted:
    case absl::StatusCode::kAborted:
    case absl::StatusCode::kInternal:
    case absl::StatusCode::kUnknown:
    case absl::StatusCode::kCancelled:
      return true;
    default:
      return false;
  }
}

}  // namespace

OutboxRelay::OutboxRelay(db::Pool& pool, CompetenceClient& competence, Logger& logger,
                         Metrics* metrics, RelayOptions options)
    : pool_(pool), competence_(competence), logger_(logger), options_(options) {
  if (metrics != nullptr) {
    auto& family = prometheus::BuildCounter()
                       .Name("valohub_learning_outbox_events_total")
                       .Help("Outbox events by outcome of a delivery attempt")
                       .Register(metrics->registry());
    delivered_ = &family.Add({{"outcome", "delivered"}});
    retried_ = &family.Add({{"outcome", "retry"}});
    dead_ = &family.Add({{"outcome", "dead"}});
    auto& events = prometheus::BuildGauge()
                       .Name("valohub_learning_outbox_events")
                       .Help("Outbox events waiting for delivery (pending) or refused for good "
                             "and kept for the operator (dead)")
                       .Register(metrics->registry());
    pending_gauge_ = &events.Add({{"state", "pending"}});
    dead_gauge_ = &events.Add({{"state", "dead"}});
  }
}

OutboxRelay::~OutboxRelay() { Stop(); }

void OutboxRelay::Start() { thread_ = std::thread([this] { Loop(); }); }

void OutboxRelay::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stop_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

void OutboxRelay::Wake() {
  absl::MutexLock lock(&mu_);
  woken_ = true;
}

void OutboxRelay::Upkeep() {
  if (absl::Now() - last_count_ < absl::Seconds(10)) return;
  last_count_ = absl::Now();
  absl::Status s = pool_.Run(absl::Now() + absl::Seconds(5), [&](db::Tx& tx) -> absl::Status {
    auto pruned = OutboxStore::PruneDelivered(tx, options_.keep_delivered, 10000);
    if (!pruned.ok()) return pruned.status();
    if (pending_gauge_ == nullptr) return absl::OkStatus();
    auto counts = OutboxStore::Count(tx);
    if (!counts.ok()) return counts.status();
    pending_gauge_->Set(static_cast<double>(counts->pending));
    dead_gauge_->Set(static_cast<double>(counts->dead));
    return absl::OkStatus();
  }, db::Isolation::kAutocommit);
  if (!s.ok()) logger_.Warn("outbox upkeep failed: " + std::string(s.message()));
}

void OutboxRelay::Loop() {
  while (true) {
    int delivered = RunOnce();
    Upkeep();
    absl::MutexLock lock(&mu_);
    if (stop_) return;
    if (delivered >= options_.batch_size) continue;  // more may be due
    auto ready = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return stop_ || woken_; };
    mu_.AwaitWithTimeout(absl::Condition(&ready), options_.poll_interval);
    woken_ = false;
    if (stop_) return;
  }
}

int OutboxRelay::RunOnce() {
  static thread_local std::mt19937 rng(std::random_device{}());
  int delivered = 0;
  absl::Status s = pool_.Run(absl::Now() + absl::Seconds(60), [&](db::Tx& tx) -> absl::Status {
    delivered = 0;
    auto events = OutboxStore::ClaimDue(tx, options_.batch_size);
    if (!events.ok()) return events.status();
    // Once the receiver is unreachable, the rest of the batch waits too instead of timing out
    // one by one.
    absl::Status unreachable;
    for (const OutboxEvent& e : *events) {
      absl::Status sent = unreachable;
      if (sent.ok()) {
        competence::v1::CreateAssessmentRequest request;
        if (e.kind != kEvidenceEventKind || !request.ParseFromString(e.payload)) {
          sent = absl::InvalidArgumentError("unknown event kind or payload: " + e.kind);
        } else {
          sent = competence_.CreateAssessment(e.tenant, e.event_id, request, options_.call_timeout);
        }
        if (sent.code() == absl::StatusCode::kUnavailable ||
            sent.code() == absl::StatusCode::kDeadlineExceeded) {
          unreachable = sent;
        }
      }
      const std::string error = absl::StrCat(absl::StatusCodeToString(sent.code()), ": ",
                                             sent.message());
      if (sent.ok()) {
        if (absl::Status m = OutboxStore::MarkDelivered(tx, e.id); !m.ok()) return m;
        ++delivered;
        if (delivered_) delivered_->Increment();
      } else if (Retryable(sent.code())) {
        const int shift = std::min(e.attempts, 20);
        absl::Duration delay = std::min(options_.min_backoff * (1 << std::min(shift, 16)),
                                        options_.max_backoff);
        delay = delay * std::uniform_real_distribution<double>(0.8, 1.2)(rng);
        if (absl::Status m = OutboxStore::MarkRetry(tx, e.id, error, delay); !m.ok()) return m;
        if (retried_) retried_->Increment();
      } else {
        LogFields fields;
        fields.request_id = e.event_id;
        logger_.Error("outbox event refused for good, kept as dead: " + error, fields);
        if (absl::Status m = OutboxStore::MarkDead(tx, e.id, error); !m.ok()) return m;
        if (dead_) dead_->Increment();
      }
    }
    if (!unreachable.ok() && !events->empty()) {
      logger_.Warn("competence service unreachable, outbox delivery will be retried: " +
                   std::string(unreachable.message()));
    }
    return absl::OkStatus();
  });
  if (!s.ok()) {
    logger_.Warn("outbox pass failed: " + std::string(s.message()));
    return 0;
  }
  return delivered;
}

}  // namespace valohub::learning

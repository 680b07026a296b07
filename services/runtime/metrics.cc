#include "services/runtime/metrics.h"

#include <prometheus/counter.h>
#include <prometheus/exposer.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <exception>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"

namespace valohub {

namespace {
const prometheus::Histogram::BucketBoundaries& LatencyBuckets() {
  static const auto* buckets = new prometheus::Histogram::BucketBoundaries{
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
      5, 10};
  return *buckets;
}
}  // namespace

struct Metrics::Impl {
  explicit Impl(std::string service_name)
      : service(std::move(service_name)),
        registry(std::make_shared<prometheus::Registry>()),
        requests(prometheus::BuildCounter()
                     .Name("valohub_rpc_requests_total")
                     .Help("gRPC requests handled, by method and status code")
                     .Register(*registry)),
        durations(prometheus::BuildHistogram()
                      .Name("valohub_rpc_duration_seconds")
                      .Help("gRPC handling time, by method")
                      .Register(*registry)),
        queries(prometheus::BuildHistogram()
                    .Name("valohub_db_query_duration_seconds")
                    .Help("PostgreSQL statement time, by statement name")
                    .Register(*registry)),
        pool_in_use(prometheus::BuildGauge()
                        .Name("valohub_db_pool_connections_in_use")
                        .Help("PostgreSQL connections lent out")
                        .Register(*registry)
                        .Add({{"service", service}})),
        pool_waiters(prometheus::BuildGauge()
                         .Name("valohub_db_pool_waiters")
                         .Help("Callers waiting for a PostgreSQL connection")
                         .Register(*registry)
                         .Add({{"service", service}})) {}

  const std::string service;
  std::shared_ptr<prometheus::Registry> registry;
  prometheus::Family<prometheus::Counter>& requests;
  prometheus::Family<prometheus::Histogram>& durations;
  prometheus::Family<prometheus::Histogram>& queries;
  prometheus::Gauge& pool_in_use;
  prometheus::Gauge& pool_waiters;
  std::unique_ptr<prometheus::Exposer> exposer;

  // Family::Add builds and hashes a label map on every call; the hot path looks its metric up
  // here instead, keyed by the label values.
  absl::Mutex mu;
  absl::flat_hash_map<std::string, prometheus::Counter*> request_counters ABSL_GUARDED_BY(mu);
  absl::flat_hash_map<std::string, prometheus::Histogram*> rpc_histograms ABSL_GUARDED_BY(mu);
  absl::flat_hash_map<std::string, prometheus::Histogram*> query_histograms ABSL_GUARDED_BY(mu);
};

Metrics::Metrics(std::string service) : impl_(std::make_unique<Impl>(std::move(service))) {}
Metrics::~Metrics() = default;

absl::Status Metrics::Serve(const std::string& address) {
  try {
    impl_->exposer = std::make_unique<prometheus::Exposer>(address);
  } catch (const std::exception& e) {
    return absl::UnavailableError(absl::StrCat("cannot listen for metrics on ", address));
  }
  impl_->exposer->RegisterCollectable(impl_->registry);
  return absl::OkStatus();
}

int Metrics::port() const {
  if (!impl_->exposer) return 0;
  auto ports = impl_->exposer->GetListeningPorts();
  return ports.empty() ? 0 : ports.front();
}

void Metrics::RecordRpc(absl::string_view method, absl::string_view code, double seconds) {
  prometheus::Counter* counter;
  prometheus::Histogram* histogram;
  {
    absl::MutexLock lock(&impl_->mu);
    std::string key = absl::StrCat(method, "/", code);
    auto& c = impl_->request_counters[key];
    if (c == nullptr) {
      c = &impl_->requests.Add({{"service", impl_->service}, {"method", std::string(method)},
                                {"code", std::string(code)}});
    }
    counter = c;
    auto& h = impl_->rpc_histograms[method];
    if (h == nullptr) {
      h = &impl_->durations.Add({{"service", impl_->service}, {"method", std::string(method)}},
                                LatencyBuckets());
    }
    histogram = h;
  }
  counter->Increment();
  histogram->Observe(seconds);
}

void Metrics::RecordQuery(absl::string_view statement, double seconds) {
  prometheus::Histogram* histogram;
  {
    absl::MutexLock lock(&impl_->mu);
    auto& h = impl_->query_histograms[statement];
    if (h == nullptr) {
      h = &impl_->queries.Add({{"service", impl_->service}, {"statement", std::string(statement)}},
                              LatencyBuckets());
    }
    histogram = h;
  }
  histogram->Observe(seconds);
}

void Metrics::SetPoolInUse(int n) { impl_->pool_in_use.Set(n); }
void Metrics::SetPoolWaiters(int n) { impl_->pool_waiters.Set(n); }

prometheus::Registry& Metrics::registry() { return *impl_->registry; }

}  // namespace valohub

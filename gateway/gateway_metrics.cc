#include "gateway/gateway_metrics.h"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include "services/runtime/metrics.h"

namespace valohub::gateway {

struct GatewayMetrics::Impl {
  explicit Impl(prometheus::Registry& r)
      : requests(prometheus::BuildCounter()
                     .Name("valohub_gateway_http_requests_total")
                     .Help("HTTP requests, by route and status")
                     .Register(r)),
        durations(prometheus::BuildHistogram()
                      .Name("valohub_gateway_http_duration_seconds")
                      .Help("HTTP request time, by route")
                      .Register(r)),
        in_flight(prometheus::BuildGauge()
                      .Name("valohub_gateway_http_in_flight")
                      .Help("HTTP requests being served")
                      .Register(r)
                      .Add({})),
        backend_errors(prometheus::BuildCounter()
                           .Name("valohub_gateway_backend_errors_total")
                           .Help("Backend calls that failed, by service and code")
                           .Register(r)),
        grpc_requests(prometheus::BuildCounter()
                          .Name("valohub_gateway_grpc_requests_total")
                          .Help("Proxied gRPC calls, by method and code")
                          .Register(r)) {}
  prometheus::Family<prometheus::Counter>& requests;
  prometheus::Family<prometheus::Histogram>& durations;
  prometheus::Gauge& in_flight;
  prometheus::Family<prometheus::Counter>& backend_errors;
  prometheus::Family<prometheus::Counter>& grpc_requests;
};

GatewayMetrics::GatewayMetrics(Metrics& metrics)
    : impl_(std::make_unique<Impl>(metrics.registry())) {}
GatewayMetrics::~GatewayMetrics() = default;

void GatewayMetrics::Started() { impl_->in_flight.Increment(); }

void GatewayMetrics::Finished(const std::string& route, int status, double seconds) {
  impl_->in_flight.Decrement();
  impl_->requests.Add({{"route", route}, {"status", std::to_string(status)}}).Increment();
  static const prometheus::Histogram::BucketBoundaries kBuckets = {
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
  impl_->durations.Add({{"route", route}}, kBuckets).Observe(seconds);
}

void GatewayMetrics::BackendError(const std::string& service, const std::string& code) {
  impl_->backend_errors.Add({{"service", service}, {"code", code}}).Increment();
}

void GatewayMetrics::GrpcCall(const std::string& method, const std::string& code) {
  impl_->grpc_requests.Add({{"method", method}, {"code", code}}).Increment();
}

}  // namespace valohub::gateway

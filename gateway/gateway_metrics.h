// The gateway's Prometheus metrics:
//   valohub_gateway_http_requests_total{route,status}
//   valohub_gateway_http_duration_seconds{route}        (histogram)
//   valohub_gateway_http_in_flight
//   valohub_gateway_backend_errors_total{service,code}
//   valohub_gateway_grpc_requests_total{method,code}
#ifndef VALOHUB_GATEWAY_GATEWAY_METRICS_H_
#define VALOHUB_GATEWAY_GATEWAY_METRICS_H_

#include <memory>
#include <string>

namespace valohub {
class Metrics;
}

namespace valohub::gateway {

class GatewayMetrics {
 public:
  explicit GatewayMetrics(Metrics& metrics);
  ~GatewayMetrics();

  void Started();
  // `route` is "GET /v1/{name=institutions/*}" or a fixed label for gateway-own answers.
  void Finished(const std::string& route, int status, double seconds);
  void BackendError(const std::string& service, const std::string& code);
  void GrpcCall(const std::string& method, const std::string& code);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace valohub::gateway

#endif  // VALOHUB_GATEWAY_GATEWAY_METRICS_H_

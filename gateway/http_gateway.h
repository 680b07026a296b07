// The HTTP/JSON face of the hub: CORS, authentication, routing by the route table, JSON <->
// protobuf, forwarding with grpc::GenericStub to the owning service, and errors as JSON
// google.rpc.Status with the canonical HTTP status. No per-method code.
#ifndef VALOHUB_GATEWAY_HTTP_GATEWAY_H_
#define VALOHUB_GATEWAY_HTTP_GATEWAY_H_

#include <atomic>
#include <functional>
#include <set>
#include <string>

#include "absl/time/time.h"
#include "gateway/backends.h"
#include "gateway/http_binding.h"
#include "services/runtime/call_context.h"
#include "gateway/http_server.h"
#include "gateway/route_table.h"

namespace valohub {
class Logger;
}

namespace valohub::gateway {

class Authenticator;
class GatewayMetrics;
class RateLimiter;

struct HttpGatewayOptions {
  // Origins allowed to call from browsers ("https://app.example.fi"); "*" allows any origin
  // without credentials.
  std::set<std::string> cors_origins;
  absl::Duration default_deadline = absl::Seconds(10);
  absl::Duration max_deadline = absl::Seconds(30);
};

// Canonical mapping of a gRPC status code (google/rpc/code.proto) to an HTTP status.
int HttpStatusFor(int grpc_code);

// A JSON google.rpc.Status body with ErrorInfo(reason, domain "gateway.valohub.fi").
HttpResponse GatewayError(int grpc_code, const std::string& reason, const std::string& message);

class HttpGateway {
 public:
  HttpGateway(HttpGatewayOptions options, const RouteTable& routes, const Backends& backends,
              Authenticator& authenticator, RateLimiter& limiter, GatewayMetrics& metrics,
              Logger& logger);

  // The HttpServer handler.
  void Handle(HttpRequest request, HttpServer::Reply reply);

  // From now on /readyz answers 503, so load balancers stop sending work.
  void StartDraining() { draining_ = true; }
  // Requests received and not yet answered.
  int in_flight() const { return in_flight_.load(); }

  // Set by main: the OpenAPI document served at /openapi.json.
  void set_openapi(std::string json) { openapi_ = std::move(json); }

 private:
  using Finish = std::function<void(const HttpRequest&, const std::string& route, HttpResponse)>;
  void Forward(HttpRequest request, const RouteMatch& match, const QueryParams& query,
               const Principal& principal, const std::string& request_id, absl::Time start,
               const std::string& route_label, Finish finish);
  void AddCors(const HttpRequest& request, HttpResponse& response) const;
  void Readiness(HttpServer::Reply reply);

  const HttpGatewayOptions options_;
  const RouteTable& routes_;
  const Backends& backends_;
  Authenticator& authenticator_;
  RateLimiter& limiter_;
  GatewayMetrics& metrics_;
  Logger& logger_;
  std::string openapi_;
  std::atomic<bool> draining_{false};
  std::atomic<int> in_flight_{0};
};

}  // namespace valohub::gateway

#endif  // VALOHUB_GATEWAY_HTTP_GATEWAY_H_

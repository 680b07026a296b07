#include "gateway/http_gateway.h"

#include <google/protobuf/message.h>
#include <google/protobuf/util/json_util.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <boost/url/parse.hpp>
#include <chrono>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "gateway/authenticator.h"
#include "gateway/gateway_metrics.h"
#include "gateway/http_binding.h"
#include "gateway/rate_limiter.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "services/runtime/call_context.h"
#include "services/runtime/logger.h"
#include "services/runtime/status.h"

namespace valohub::gateway {
namespace {

constexpr char kDomain[] = "gateway.valohub.fi";

std::string RpcStatusJson(const google::rpc::Status& status) {
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  std::string out;
  if (!google::protobuf::util::MessageToJsonString(status, &out, options).ok()) {
    out = absl::StrCat("{\"code\":", status.code(), ",\"message\":\"error\",\"details\":[]}");
  }
  return out;
}

HttpResponse JsonResponse(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.headers.emplace_back("Content-Type", "application/json");
  r.body = std::move(body);
  return r;
}

HttpResponse FromStatus(const absl::Status& status) {
  google::rpc::Status rpc = ToRpcStatus(status, kDomain);
  return JsonResponse(HttpStatusFor(rpc.code()), RpcStatusJson(rpc));
}


// One HTTP request in flight to a backend; deleted by the gRPC completion callback.
struct Exchange {
  grpc::ClientContext context;
  grpc::ByteBuffer request;
  grpc::ByteBuffer response;
  const Route* route = nullptr;
  HttpServer::Reply reply;
  HttpRequest http;
  std::string request_id;
  absl::Time start;
};

QueryParams QueryFromTarget(const std::string& target) {
  QueryParams query;
  auto url = boost::urls::parse_origin_form(target);
  if (!url) return query;
  for (auto param : url->params()) {
    query.emplace_back(std::string(param.key), std::string(param.value));
  }
  return query;
}

bool IsJsonContentType(const std::string& value) {
  std::string v = absl::AsciiStrToLower(value);
  return absl::StartsWith(v, "application/json") || absl::StartsWith(v, "application/merge-patch+json");
}

}  // namespace

int HttpStatusFor(int code) {
  switch (code) {
    case 0: return 200;
    case 1: return 499;
    case 3: return 400;
    case 4: return 504;
    case 5: return 404;
    case 6: return 409;
    case 7: return 403;
    case 8: return 429;
    case 9: return 400;
    case 10: return 409;
    case 11: return 400;
    case 12: return 501;
    case 14: return 503;
    case 16: return 401;
    default: return 500;
  }
}

HttpResponse GatewayError(int grpc_code, const std::string& reason, const std::string& message) {
  return FromStatus(Error(static_cast<absl::StatusCode>(grpc_code), reason, message));
}

HttpGateway::HttpGateway(HttpGatewayOptions options, const RouteTable& routes,
                         const Backends& backends, Authenticator& authenticator,
                         RateLimiter& limiter, GatewayMetrics& metrics, Logger& logger)
    : options_(std::move(options)),
      routes_(routes),
      backends_(backends),
      authenticator_(authenticator),
      limiter_(limiter),
      metrics_(metrics),
      logger_(logger) {}

void HttpGateway::AddCors(const HttpRequest& request, HttpResponse& response) const {
  std::string origin = request.Header("origin");
  if (origin.empty()) return;
  if (options_.cors_origins.count(origin) > 0) {
    response.headers.emplace_back("Access-Control-Allow-Origin", origin);
    response.headers.emplace_back("Access-Control-Allow-Credentials", "true");
    response.headers.emplace_back("Vary", "Origin");
  } else if (options_.cors_origins.count("*") > 0) {
    // A wildcard never goes with credentials (Fetch standard, CORS protocol).
    response.headers.emplace_back("Access-Control-Allow-Origin", "*");
  } else {
    return;
  }
  response.headers.emplace_back("Access-Control-Expose-Headers", "X-Request-Id, Retry-After");
}

void HttpGateway::Handle(HttpRequest request, HttpServer::Reply reply) {
  absl::Time start = absl::Now();
  metrics_.Started();
  ++in_flight_;
  Finish finish = [this, start, reply](const HttpRequest& req, const std::string& route,
                                       HttpResponse response) {
    AddCors(req, response);
    --in_flight_;
    metrics_.Finished(route, response.status, absl::ToDoubleSeconds(absl::Now() - start));
    reply(std::move(response));
  };

  auto url = boost::urls::parse_origin_form(request.target);
  if (!url) {
    return finish(request, "invalid",
                  GatewayError(3, "MALFORMED_URL", "the request target is not a valid path"));
  }
  std::vector<std::string> segments;
  for (auto seg : url->segments()) segments.push_back(std::string(seg));
  const std::string path = std::string(url->path());

  if (request.method == "GET" && path == "/healthz") {
    return finish(request, "/healthz", JsonResponse(200, "{\"status\":\"alive\"}"));
  }
  if (request.method == "GET" && path == "/readyz" && draining_.load()) {
    return finish(request, "/readyz", GatewayError(14, "DRAINING", "the gateway is shutting down"));
  }
  if (request.method == "GET" && path == "/readyz") {
    return Readiness([finish, request](HttpResponse r) { finish(request, "/readyz", std::move(r)); });
  }
  if (request.method == "GET" && path == "/openapi.json" && !openapi_.empty()) {
    return finish(request, "/openapi.json", JsonResponse(200, openapi_));
  }

  bool preflight = request.method == "OPTIONS" && !request.Header("origin").empty() &&
                   !request.Header("access-control-request-method").empty();
  RouteMatch match;
  std::vector<std::string> allowed;
  RouteTable::Outcome outcome =
      routes_.Find(preflight ? request.Header("access-control-request-method") : request.method,
                   segments, &match, &allowed);
  if (preflight) {
    HttpResponse r;
    r.status = 204;
    if (outcome == RouteTable::Outcome::kNoPath) {
      return finish(request, "preflight",
                    GatewayError(5, "UNKNOWN_PATH", "no API method is served at " + path));
    }
    std::string origin = request.Header("origin");
    if (options_.cors_origins.count(origin) == 0 && options_.cors_origins.count("*") == 0) {
      return finish(request, "preflight",
                    GatewayError(7, "ORIGIN_NOT_ALLOWED", "origin " + origin + " is not allowed"));
    }
    std::vector<std::string> methods = allowed;
    if (outcome == RouteTable::Outcome::kMatched) methods.push_back(match.route->http_method);
    r.headers.emplace_back("Access-Control-Allow-Methods", absl::StrJoin(methods, ", "));
    r.headers.emplace_back("Access-Control-Allow-Headers",
                           "Authorization, Content-Type, X-Api-Key, X-Request-Id, X-Timeout-Ms");
    r.headers.emplace_back("Access-Control-Max-Age", "600");
    return finish(request, "preflight", std::move(r));
  }
  if (outcome == RouteTable::Outcome::kNoPath) {
    return finish(request, "unknown",
                  GatewayError(5, "UNKNOWN_PATH", "no API method is served at " + path));
  }
  if (outcome == RouteTable::Outcome::kWrongMethod) {
    HttpResponse r = GatewayError(
        12, "METHOD_NOT_ALLOWED",
        absl::StrCat(request.method, " is not allowed on ", path, "; allowed: ",
                     absl::StrJoin(allowed, ", ")));
    r.status = 405;
    r.headers.emplace_back("Allow", absl::StrJoin(allowed, ", "));
    return finish(request, "wrong-method", std::move(r));
  }
  const Route& route = *match.route;
  const std::string route_label = route.http_method + " " + route.path.text();
  if (!request.body.empty() && !IsJsonContentType(request.Header("content-type"))) {
    HttpResponse r = GatewayError(3, "UNSUPPORTED_MEDIA_TYPE",
                                  "request bodies must be application/json");
    r.status = 415;
    return finish(request, route_label, std::move(r));
  }

  std::string request_id = request.Header("x-request-id");
  if (request_id.size() > 128 || !IsMetadataSafe(request_id)) request_id = NewUuid();
  std::string authorization = request.Header("authorization");
  std::string api_key = request.Header("x-api-key");
  auto shared_request = std::make_shared<HttpRequest>(std::move(request));
  authenticator_.Authenticate(
      authorization, api_key, request_id,
      [this, shared_request, match, url_params = QueryFromTarget(shared_request->target),
       request_id, start, finish, route_label](absl::StatusOr<Principal> principal) mutable {
        HttpRequest& request = *shared_request;
        const std::string peer_key = "peer:" + request.peer.substr(0, request.peer.rfind(':'));
        if (!principal.ok()) {
          // Failed credentials count against the client's address, so guessing is limited too.
          absl::Duration wait;
          if (!limiter_.Allow(peer_key, absl::Now(), &wait)) {
            HttpResponse r = GatewayError(8, "RATE_LIMITED", "too many requests; slow down");
            r.headers.emplace_back("Retry-After", "1");
            return finish(request, route_label, std::move(r));
          }
          HttpResponse r = FromStatus(principal.status());
          if (principal.status().code() == absl::StatusCode::kUnauthenticated) {
            r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"valohub\"");
          }
          return finish(request, route_label, std::move(r));
        }
        absl::Duration retry_after;
        std::string client = principal->anonymous() ? peer_key : "sub:" + principal->subject;
        if (!limiter_.Allow(client, absl::Now(), &retry_after)) {
          HttpResponse r = GatewayError(8, "RATE_LIMITED", "too many requests; slow down");
          r.headers.emplace_back(
              "Retry-After",
              std::to_string(std::max<int64_t>(
                  1, absl::ToInt64Seconds(absl::Ceil(retry_after, absl::Seconds(1))))));
          return finish(request, route_label, std::move(r));
        }
        Forward(std::move(request), match, url_params, *principal, request_id, start, route_label,
                finish);
      });
}

void HttpGateway::Forward(HttpRequest request, const RouteMatch& match, const QueryParams& query,
                          const Principal& principal, const std::string& request_id,
                          absl::Time start, const std::string& route_label, Finish finish) {
  const Route& route = *match.route;
  auto message = BindRequest(match, query, request.body);
  if (!message.ok()) return finish(request, route_label, FromStatus(message.status()));

  auto channel = backends_.ForMethod(route.grpc_path);
  if (channel == nullptr) {
    return finish(request, route_label,
                  GatewayError(14, "SERVICE_NOT_CONFIGURED",
                               "the service for " + route.grpc_path + " is not configured"));
  }

  auto* exchange = new Exchange;
  exchange->route = &route;
  exchange->start = start;
  exchange->request_id = request_id;
  absl::Duration deadline = options_.default_deadline;
  int64_t timeout_ms;
  if (absl::SimpleAtoi(request.Header("x-timeout-ms"), &timeout_ms) && timeout_ms > 0) {
    deadline = absl::Milliseconds(timeout_ms);
  }
  deadline = std::min(deadline, options_.max_deadline);
  exchange->context.set_deadline(absl::ToChronoTime(absl::Now() + deadline));
  CallContext call;
  call.request_id = exchange->request_id;
  call.principal = principal;
  call.deadline = absl::Now() + deadline;
  PropagateCall(call, exchange->context);
  std::string bytes = (*message)->SerializeAsString();
  grpc::Slice slice(bytes);
  exchange->request = grpc::ByteBuffer(&slice, 1);
  exchange->http = std::move(request);
  exchange->reply = [finish, exchange_http = exchange->http, route_label,
                     request_id = exchange->request_id](HttpResponse r) {
    r.headers.emplace_back("X-Request-Id", request_id);
    finish(exchange_http, route_label, std::move(r));
  };

  grpc::GenericStub stub(channel);
  stub.UnaryCall(
      &exchange->context, route.grpc_path, grpc::StubOptions(), &exchange->request,
      &exchange->response, [this, exchange](grpc::Status status) {
        std::unique_ptr<Exchange> owned(exchange);
        if (!status.ok()) {
          google::rpc::Status rpc;
          if (status.error_details().empty() || !rpc.ParseFromString(status.error_details())) {
            rpc.set_code(status.error_code());
            rpc.set_message(status.error_code() == grpc::StatusCode::UNAVAILABLE
                                ? "the service is unavailable"
                                : status.error_message());
            google::rpc::ErrorInfo info;
            info.set_reason(status.error_code() == grpc::StatusCode::UNAVAILABLE
                                ? "SERVICE_UNAVAILABLE"
                                : status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED
                                      ? "DEADLINE_EXCEEDED"
                                      : "BACKEND_ERROR");
            info.set_domain(kDomain);
            rpc.add_details()->PackFrom(info);
          }
          std::string service = owned->route->method->service()->full_name();
          metrics_.BackendError(service, std::to_string(rpc.code()));
          return owned->reply(JsonResponse(HttpStatusFor(rpc.code()), RpcStatusJson(rpc)));
        }
        std::vector<grpc::Slice> slices;
        std::string raw;
        if (owned->response.Dump(&slices).ok()) {
          for (const auto& s : slices) raw.append(reinterpret_cast<const char*>(s.begin()), s.size());
        }
        auto response = NewResponse(*owned->route);
        if (!response->ParseFromString(raw)) {
          return owned->reply(GatewayError(13, "BAD_BACKEND_RESPONSE", "internal error"));
        }
        auto json = ResponseToJson(*owned->route, *response);
        if (!json.ok()) return owned->reply(FromStatus(json.status()));
        owned->reply(JsonResponse(200, *std::move(json)));
      });
}

void HttpGateway::Readiness(HttpServer::Reply reply) {
  struct Probe {
    absl::Mutex mu;
    int pending = 0;
    std::vector<std::string> not_ready;
    HttpServer::Reply reply;
  };
  auto probe = std::make_shared<Probe>();
  probe->reply = std::move(reply);
  const auto& addresses = backends_.addresses();
  probe->pending = static_cast<int>(addresses.size());
  if (probe->pending == 0) return probe->reply(JsonResponse(200, "{\"status\":\"ready\"}"));
  for (const auto& [service, address] : addresses) {
    struct Check {
      grpc::ClientContext ctx;
      grpc::health::v1::HealthCheckRequest req;
      grpc::health::v1::HealthCheckResponse resp;
      std::unique_ptr<grpc::health::v1::Health::Stub> stub;
    };
    auto* check = new Check;
    check->stub = grpc::health::v1::Health::NewStub(backends_.ForService(service));
    check->ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(1));
    check->stub->async()->Check(
        &check->ctx, &check->req, &check->resp,
        [probe, check, name = service](grpc::Status s) {
          std::unique_ptr<Check> owned(check);
          bool ready = s.ok() && owned->resp.status() ==
                                     grpc::health::v1::HealthCheckResponse::SERVING;
          absl::MutexLock lock(&probe->mu);
          if (!ready) probe->not_ready.push_back(name);
          if (--probe->pending > 0) return;
          if (probe->not_ready.empty()) {
            probe->reply(JsonResponse(200, "{\"status\":\"ready\"}"));
          } else {
            probe->reply(GatewayError(14, "NOT_READY",
                                      "not serving: " + absl::StrJoin(probe->not_ready, ", ")));
          }
        });
  }
}

}  // namespace valohub::gateway

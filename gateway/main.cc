// The gateway process: the hub's one front door over HTTP/JSON and gRPC.
#include <grpcpp/grpcpp.h>
#include <google/protobuf/descriptor.h>
#include <grpcpp/health_check_service_interface.h>

#include <cstdio>

#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "gateway/authenticator.h"
#include "gateway/backends.h"
#include "gateway/gateway_metrics.h"
#include "gateway/grpc_proxy.h"
#include "gateway/http_gateway.h"
#include "gateway/http_server.h"
#include "gateway/jwt_verifier.h"
#include "gateway/openapi.h"
#include "gateway/rate_limiter.h"
#include "gateway/route_table.h"
#include "services/runtime/flags.h"
#include "services/runtime/logger.h"
#include "services/runtime/metrics.h"
#include "services/runtime/service_host.h"

extern char** environ;

namespace {
int Fail(const std::string& message) {
  std::fprintf(stderr, "gateway: %s\n", message.c_str());
  return 2;
}
}  // namespace

int main(int argc, char** argv) {
  using namespace valohub;
  InstallTerminationHandling();
  Flags flags;
  const std::string* http_listen =
      flags.String("http-listen", "127.0.0.1:8080", "HTTP/JSON listen address", CheckHostPort);
  const std::string* grpc_listen =
      flags.String("grpc-listen", "127.0.0.1:8081", "gRPC listen address", CheckHostPort);
  const std::string* metrics_listen = flags.String(
      "metrics-listen", "127.0.0.1:9100", "Prometheus /metrics listen address", CheckHostPort);
  const std::string* backends_spec = flags.String(
      "backends", "", "comma-separated full.service.Name=host:port", CheckNonEmpty);
  const std::string* jwks = flags.String("jwks", "", "JWKS file of the token issuer's public keys",
                                         CheckNonEmpty);
  const std::string* issuer = flags.String("issuer", "", "required token iss", CheckNonEmpty);
  const std::string* audience = flags.String("audience", "valohub", "required token aud",
                                             CheckNonEmpty);
  const std::string* institution_claim =
      flags.String("institution-claim", "valohub_institution", "claim with the institution id");
  const std::string* roles_claim = flags.String("roles-claim", "valohub_roles", "claim with the roles");
  const std::string* person_claim =
      flags.String("person-claim", "valohub_person", "claim with the caller's person id");
  const std::string* cors = flags.String("cors-origins", "", "comma-separated allowed origins");
  const int64_t* default_deadline_ms =
      flags.Int("default-deadline-ms", 10000, 10, 600000, "backend deadline when the client sets none");
  const int64_t* max_deadline_ms =
      flags.Int("max-deadline-ms", 30000, 10, 600000, "cap on any backend deadline");
  const int64_t* max_body = flags.Int("max-body-bytes", 4 << 20, 1024, 64 << 20, "largest request body");
  const int64_t* max_connections =
      flags.Int("max-connections", 10000, 1, 1000000, "open HTTP connections at most");
  const int64_t* threads = flags.Int("http-threads", 2, 1, 64, "HTTP I/O threads");
  const bool* print_openapi =
      flags.Bool("print-openapi", false, "print the OpenAPI document and exit");
  const int64_t* rate = flags.Int("rate-limit-per-second", 50, 0, 1000000,
                                  "requests per second per client on average (0: no limit)");
  const int64_t* burst = flags.Int("rate-limit-burst", 100, 1, 1000000,
                                   "requests per client at once");
  const int64_t* drain_ms =
      flags.Int("drain-timeout-ms", 10000, 0, 600000, "time in-flight requests get on shutdown");
  const int64_t* clock_skew_s = flags.Int("clock-skew-seconds", 60, 0, 600, "allowed token clock skew");
  if (absl::Status s = flags.Parse(argc, argv, environ); !s.ok()) return Fail(std::string(s.message()));
  if (flags.help_requested()) {
    std::printf("gateway flags:\n%s", flags.Usage().c_str());
    return 0;
  }
  if (*print_openapi) {
    auto routes = gateway::RouteTable::Build(gateway::HubServices());
    if (!routes.ok()) return Fail(std::string(routes.status().message()));
    std::printf("%s\n", gateway::OpenApiDocument(*routes).c_str());
    return 0;
  }
  for (const std::string* required : {backends_spec, jwks, issuer}) {
    if (required->empty()) return Fail("--backends, --jwks and --issuer are required (see --help)");
  }

  Logger logger("gateway");
  Metrics metrics("gateway");
  auto routes = gateway::RouteTable::Build(gateway::HubServices());
  if (!routes.ok()) return Fail(std::string(routes.status().message()));
  auto backends = gateway::Backends::Parse(*backends_spec);
  if (!backends.ok()) return Fail(std::string(backends.status().message()));
  for (const auto& [service, address] : backends->addresses()) {
    bool known = false;
    for (const auto* s : gateway::HubServices()) known |= s->full_name() == service;
    if (!known) return Fail("--backends names " + service + ", which is not a hub service");
  }
  gateway::JwtOptions jwt_options;
  jwt_options.jwks_path = *jwks;
  jwt_options.issuer = *issuer;
  jwt_options.audience = *audience;
  jwt_options.institution_claim = *institution_claim;
  jwt_options.roles_claim = *roles_claim;
  jwt_options.person_claim = *person_claim;
  jwt_options.clock_skew = absl::Seconds(*clock_skew_s);
  auto verifier = gateway::JwtVerifier::Create(jwt_options);
  if (!verifier.ok()) return Fail(std::string(verifier.status().message()));
  gateway::Authenticator authenticator(
      **verifier, backends->ForService("valohub.competence.v1.CompetenceService"));
  gateway::GatewayMetrics gateway_metrics(metrics);
  gateway::RateLimiter limiter(static_cast<double>(*rate), static_cast<double>(*burst));

  gateway::HttpGatewayOptions options;
  for (absl::string_view origin : absl::StrSplit(*cors, ',', absl::SkipEmpty())) {
    options.cors_origins.insert(std::string(origin));
  }
  options.default_deadline = absl::Milliseconds(*default_deadline_ms);
  options.max_deadline = absl::Milliseconds(*max_deadline_ms);
  gateway::HttpGateway http_gateway(options, *routes, *backends, authenticator, limiter,
                                    gateway_metrics, logger);

  http_gateway.set_openapi(gateway::OpenApiDocument(*routes));
  gateway::HttpServerOptions server_options;
  size_t colon = http_listen->rfind(':');
  server_options.address = http_listen->substr(0, colon);
  server_options.port = std::stoi(http_listen->substr(colon + 1));
  server_options.threads = static_cast<int>(*threads);
  server_options.max_body_bytes = static_cast<size_t>(*max_body);
  server_options.max_connections = static_cast<int>(*max_connections);
  gateway::HttpServer http_server(
      server_options,
      [&](gateway::HttpRequest request, gateway::HttpServer::Reply reply) {
        http_gateway.Handle(std::move(request), std::move(reply));
      },
      [](int status, const std::string& message) {
        const char* reason = status == 413   ? "BODY_TOO_LARGE"
                             : status == 431 ? "HEADERS_TOO_LARGE"
                             : status == 503 ? "TOO_MANY_CONNECTIONS"
                                             : "MALFORMED_HTTP";
        gateway::HttpResponse r =
            gateway::GatewayError(status == 503 ? 14 : status == 413 || status == 431 ? 8 : 3,
                                  reason, message);
        r.status = status;
        return r;
      });
  if (absl::Status s = http_server.Start(); !s.ok()) return Fail(std::string(s.message()));

  gateway::GrpcProxy proxy(*backends, authenticator, limiter, gateway_metrics,
                           options.default_deadline, options.max_deadline);
  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  int grpc_port = 0;
  builder.AddListeningPort(*grpc_listen, grpc::InsecureServerCredentials(), &grpc_port);
  builder.SetMaxReceiveMessageSize(32 << 20);
  builder.SetMaxSendMessageSize(32 << 20);
  builder.RegisterCallbackGenericService(&proxy);
  std::unique_ptr<grpc::Server> grpc_server = builder.BuildAndStart();
  if (grpc_server == nullptr || grpc_port == 0) return Fail("cannot listen on " + *grpc_listen);
  if (absl::Status s = metrics.Serve(*metrics_listen); !s.ok()) return Fail(std::string(s.message()));

  logger.Info("gateway started with " + std::to_string(routes->routes().size()) + " routes");
  std::printf("gateway listening on http port %d grpc port %d metrics port %d\n",
              http_server.port(), grpc_port, metrics.port());
  std::fflush(stdout);
  WaitForTerminationSignal();
  // Drain: readiness goes 503 and no new connections are taken; requests already received get
  // until the drain timeout to finish, then both listeners stop.
  logger.Info("draining");
  http_gateway.StartDraining();
  http_server.StopAccepting();
  absl::Time drain_until = absl::Now() + absl::Milliseconds(*drain_ms);
  grpc_server->Shutdown(absl::ToChronoTime(drain_until));
  while (http_gateway.in_flight() > 0 && absl::Now() < drain_until) {
    absl::SleepFor(absl::Milliseconds(20));
  }
  http_server.Stop();
  // Requests still waiting for a backend hold callbacks into the gateway: wait for them too.
  // Every backend call has a deadline of at most --max-deadline-ms, so this ends.
  absl::Time last = absl::Now() + absl::Milliseconds(*max_deadline_ms) + absl::Seconds(3);
  while (http_gateway.in_flight() > 0 && absl::Now() < last) absl::SleepFor(absl::Milliseconds(20));
  logger.Info("stopped");
  return 0;
}

// The gateway's HTTP routes, built at start-up from the google.api.http rules of every method of
// the hub's services (packages valohub.*.v1) — no per-method code. additional_bindings become
// routes of their own.
#ifndef VALOHUB_GATEWAY_ROUTE_TABLE_H_
#define VALOHUB_GATEWAY_ROUTE_TABLE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "gateway/path_template.h"

namespace google::protobuf {
class MethodDescriptor;
class ServiceDescriptor;
}  // namespace google::protobuf

namespace valohub::gateway {

struct Route {
  std::string http_method;  // "GET", "POST", "PATCH", "PUT", "DELETE"
  PathTemplate path;
  // "" (no body), "*" (the whole request) or the name of the request field the body fills.
  std::string body;
  // "" (the whole response) or the response field sent as the body.
  std::string response_body;
  const google::protobuf::MethodDescriptor* method;
  // "/valohub.competence.v1.CompetenceService/GetPerson"
  std::string grpc_path;
};

struct RouteMatch {
  const Route* route = nullptr;
  PathTemplate::Bindings bindings;
};

class RouteTable {
 public:
  // Routes of every method of `services` that carries a google.api.http rule. A rule that does
  // not parse, names a field the request lacks, or collides with another route stops start-up.
  static absl::StatusOr<RouteTable> Build(
      const std::vector<const google::protobuf::ServiceDescriptor*>& services);

  enum class Outcome { kMatched, kNoPath, kWrongMethod };
  // Finds the route for a request. kWrongMethod means the path exists under another method;
  // `allowed` then lists them (for 405 Allow and CORS preflight).
  Outcome Find(absl::string_view http_method, const std::vector<std::string>& decoded_segments,
               RouteMatch* match, std::vector<std::string>* allowed) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

// Every service in the generated descriptor pool whose package is valohub.<name>.v1.
std::vector<const google::protobuf::ServiceDescriptor*> HubServices();

}  // namespace valohub::gateway

#endif  // VALOHUB_GATEWAY_ROUTE_TABLE_H_

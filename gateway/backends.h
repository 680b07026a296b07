// Channels to the hub's services, one per service, from --backend=SERVICE=HOST:PORT settings.
#ifndef VALOHUB_GATEWAY_BACKENDS_H_
#define VALOHUB_GATEWAY_BACKENDS_H_

#include <map>
#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace grpc {
class Channel;
}

namespace valohub::gateway {

class Backends {
 public:
  // `spec` is a comma-separated list of full.service.Name=host:port.
  static absl::StatusOr<Backends> Parse(const std::string& spec);

  // The channel of the service that owns `grpc_path` ("/pkg.Service/Method"), or null.
  std::shared_ptr<grpc::Channel> ForMethod(const std::string& grpc_path) const;
  std::shared_ptr<grpc::Channel> ForService(const std::string& service) const;
  const std::map<std::string, std::string>& addresses() const { return addresses_; }

 private:
  std::map<std::string, std::string> addresses_;
  std::map<std::string, std::shared_ptr<grpc::Channel>> channels_;
};

}  // namespace valohub::gateway

#endif  // VALOHUB_GATEWAY_BACKENDS_H_

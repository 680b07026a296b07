#include "gateway/backends.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/channel_arguments.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/runtime/flags.h"

namespace valohub::gateway {

absl::StatusOr<Backends> Backends::Parse(const std::string& spec) {
  Backends out;
  for (absl::string_view entry : absl::StrSplit(spec, ',', absl::SkipEmpty())) {
    std::vector<std::string> parts = absl::StrSplit(entry, absl::MaxSplits('=', 1));
    if (parts.size() != 2 || parts[0].empty() || !CheckHostPort(parts[1]).empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("backend '", entry, "' must be full.service.Name=host:port"));
    }
    grpc::ChannelArguments args;
    // Spread calls over every address the name resolves to (service replicas).
    args.SetLoadBalancingPolicyName("round_robin");
    args.SetMaxReceiveMessageSize(32 << 20);
    args.SetMaxSendMessageSize(32 << 20);
    out.addresses_[parts[0]] = parts[1];
    out.channels_[parts[0]] =
        grpc::CreateCustomChannel(parts[1], grpc::InsecureChannelCredentials(), args);
  }
  return out;
}

std::shared_ptr<grpc::Channel> Backends::ForService(const std::string& service) const {
  auto it = channels_.find(service);
  return it == channels_.end() ? nullptr : it->second;
}

std::shared_ptr<grpc::Channel> Backends::ForMethod(const std::string& grpc_path) const {
  if (grpc_path.size() < 2 || grpc_path[0] != '/') return nullptr;
  size_t slash = grpc_path.find('/', 1);
  if (slash == std::string::npos) return nullptr;
  return ForService(grpc_path.substr(1, slash - 1));
}

}  // namespace valohub::gateway

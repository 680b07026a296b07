#include "gateway/grpc_proxy.h"

#include <google/protobuf/descriptor.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "gateway/authenticator.h"
#include "google/api/annotations.pb.h"
#include "gateway/gateway_metrics.h"
#include "gateway/rate_limiter.h"
#include "services/runtime/call_context.h"
#include "services/runtime/status.h"

namespace valohub::gateway {
namespace {

// A unary method of a hub service, or null.
const google::protobuf::MethodDescriptor* HubMethod(const std::string& path) {
  if (!absl::StartsWith(path, "/valohub.")) return nullptr;
  size_t slash = path.find('/', 1);
  if (slash == std::string::npos) return nullptr;
  const auto* service = google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
      path.substr(1, slash - 1));
  if (service == nullptr) return nullptr;
  const auto* method = service->FindMethodByName(path.substr(slash + 1));
  if (method == nullptr || method->client_streaming() || method->server_streaming()) return nullptr;
  // Methods without an HTTP binding are internal to the hub (VerifyApiKey) and not served here.
  if (!method->options().HasExtension(google::api::http)) return nullptr;
  return method;
}

std::string Metadata(const grpc::GenericCallbackServerContext& ctx, const char* key) {
  auto it = ctx.client_metadata().find(key);
  return it == ctx.client_metadata().end() ? "" : std::string(it->second.data(), it->second.size());
}

}  // namespace

class GrpcProxy::Call : public grpc::ServerGenericBidiReactor {
 public:
  Call(grpc::GenericCallbackServerContext* ctx, GrpcProxy& proxy) : ctx_(ctx), proxy_(proxy) {
    method_ = ctx_->method();
    if (HubMethod(method_) == nullptr) {
      Done(grpc::Status(grpc::StatusCode::UNIMPLEMENTED, "no hub method " + method_));
      return;
    }
    StartRead(&request_);
  }

  void OnReadDone(bool ok) override {
    if (!ok) {
      Done(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "expected one request message"));
      return;
    }
    std::string request_id = Metadata(*ctx_, kRequestIdHeader);
    if (request_id.size() > 128 || !IsMetadataSafe(request_id)) request_id = NewUuid();
    proxy_.authenticator_.Authenticate(
        Metadata(*ctx_, "authorization"), Metadata(*ctx_, "x-api-key"), request_id,
        [this, request_id](absl::StatusOr<Principal> principal) {
          Forward(std::move(principal), request_id);
        });
  }

  void Forward(absl::StatusOr<Principal> principal, const std::string& request_id) {
    ctx_->AddInitialMetadata(kRequestIdHeader, request_id);
    if (!principal.ok()) {
      Done(ToGrpcStatus(principal.status(), "gateway.valohub.fi"));
      return;
    }
    absl::Duration retry_after;
    // "ipv4:127.0.0.1:54321": the address without the port, so a new connection is not a new client.
    std::string peer = ctx_->peer();
    std::string client_key = principal->anonymous() ? "peer:" + peer.substr(0, peer.rfind(':'))
                                                    : "sub:" + principal->subject;
    if (!proxy_.limiter_.Allow(client_key, absl::Now(), &retry_after)) {
      Done(ToGrpcStatus(Error(absl::StatusCode::kResourceExhausted, "RATE_LIMITED",
                              "too many requests; slow down"),
                        "gateway.valohub.fi"));
      return;
    }
    auto channel = proxy_.backends_.ForMethod(method_);
    if (channel == nullptr) {
      Done(grpc::Status(grpc::StatusCode::UNAVAILABLE, "the service is not configured"));
      return;
    }
    CallContext call;
    call.principal = *principal;
    call.request_id = request_id;
    absl::Time cap = absl::Now() + proxy_.max_deadline_;
    call.deadline = ctx_->deadline() == std::chrono::system_clock::time_point::max()
                        ? absl::Now() + proxy_.default_deadline_
                        : std::min(absl::FromChrono(ctx_->deadline()), cap);
    PropagateCall(call, client_);
    grpc::GenericStub stub(channel);
    stub.UnaryCall(&client_, method_, grpc::StubOptions(), &request_, &response_,
                   [this](grpc::Status status) {
                     if (!status.ok()) {
                       Done(status);
                     } else {
                       proxy_.metrics_.GrpcCall(method_, "0");
                       StartWriteAndFinish(&response_, grpc::WriteOptions(), grpc::Status::OK);
                     }
                   });
  }

  void OnDone() override { delete this; }

 private:
  void Done(const grpc::Status& status) {
    proxy_.metrics_.GrpcCall(method_, std::to_string(status.error_code()));
    Finish(status);
  }

  grpc::GenericCallbackServerContext* ctx_;
  GrpcProxy& proxy_;
  std::string method_;
  grpc::ByteBuffer request_;
  grpc::ByteBuffer response_;
  grpc::ClientContext client_;
};

grpc::ServerGenericBidiReactor* GrpcProxy::CreateReactor(grpc::GenericCallbackServerContext* ctx) {
  return new Call(ctx, *this);
}

}  // namespace valohub::gateway

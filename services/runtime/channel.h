// Channels from one hub service to another. A service that restarts is reachable again within a
// second (reconnect backoff 100 ms to 1 s instead of gRPC's default of up to two minutes), and
// a call waits for the connection a short while instead of failing at once while the channel
// reconnects.
#ifndef VALOHUB_SERVICES_RUNTIME_CHANNEL_H_
#define VALOHUB_SERVICES_RUNTIME_CHANNEL_H_

#include <memory>
#include <string>

#include "absl/time/time.h"

namespace grpc {
class Channel;
class ClientContext;
class Status;
}  // namespace grpc

namespace valohub {

struct CallContext;


// How long a call waits for a connection to the other service before it fails UNAVAILABLE.
inline constexpr absl::Duration kConnectWait = absl::Seconds(2);

std::shared_ptr<grpc::Channel> ServiceChannel(const std::string& address);

// Whether a call failed because the other service could not be reached (UNAVAILABLE or
// DEADLINE_EXCEEDED), rather than because it refused.
bool IsUnreachable(const grpc::Status& status);

// When `channel` is not connected, waits up to kConnectWait (within the caller's deadline) for
// it to connect, so that a call made just after the other service came back finds it; the call
// itself then fails UNAVAILABLE if it is still unreachable.
void AwaitConnected(grpc::Channel& channel, const CallContext& call);

}  // namespace valohub

#endif  // VALOHUB_SERVICES_RUNTIME_CHANNEL_H_

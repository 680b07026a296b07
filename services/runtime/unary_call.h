// Serves one unary gRPC call of a callback service: the handler's logic runs on the service's
// Executor (never on gRPC's threads), its absl::Status is translated once by ToGrpcStatus, and
// the call is logged and counted. A handler body is `absl::Status(const CallContext&)`.
#ifndef VALOHUB_SERVICES_RUNTIME_UNARY_CALL_H_
#define VALOHUB_SERVICES_RUNTIME_UNARY_CALL_H_

#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>

#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "services/runtime/call_context.h"

namespace valohub {

class Executor;
class Logger;
class Metrics;

class UnaryCalls {
 public:
  using Body = std::function<absl::Status(const CallContext&)>;

  // `domain` goes into every ErrorInfo ("competence.valohub.fi").
  // With `access_log` off only failed calls (INTERNAL, UNAVAILABLE, ...) are logged.
  UnaryCalls(std::string domain, Executor& executor, Logger& logger, Metrics& metrics,
             absl::Duration max_deadline, bool access_log = true);

  grpc::ServerUnaryReactor* Serve(grpc::CallbackServerContext* context, const char* method,
                                  Body body);

 private:
  void Finish(grpc::ServerUnaryReactor* reactor, const CallContext& call,
              const absl::Status& status, absl::Time start);

  const std::string domain_;
  Executor& executor_;
  Logger& logger_;
  Metrics& metrics_;
  const absl::Duration max_deadline_;
  const bool access_log_;
};

}  // namespace valohub

#endif  // VALOHUB_SERVICES_RUNTIME_UNARY_CALL_H_

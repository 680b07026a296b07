#include "services/runtime/unary_call.h"

#include <exception>

#include "absl/status/status.h"
#include "absl/time/clock.h"
#include "services/runtime/executor.h"
#include "services/runtime/logger.h"
#include "services/runtime/metrics.h"
#include "services/runtime/status.h"

namespace valohub {
namespace {

std::string CodeName(absl::StatusCode code) { return absl::StatusCodeToString(code); }

}  // namespace

UnaryCalls::UnaryCalls(std::string domain, Executor& executor, Logger& logger, Metrics& metrics,
                       absl::Duration max_deadline, bool access_log)
    : domain_(std::move(domain)),
      executor_(executor),
      logger_(logger),
      metrics_(metrics),
      max_deadline_(max_deadline),
      access_log_(access_log) {}

grpc::ServerUnaryReactor* UnaryCalls::Serve(grpc::CallbackServerContext* context,
                                            const char* method, Body body) {
  absl::Time start = absl::Now();
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  auto call = std::make_shared<CallContext>(MakeCallContext(*context, method, max_deadline_));
  context->AddInitialMetadata(kRequestIdHeader, call->request_id);
  bool queued = executor_.RunOrSubmit([this, reactor, call, body = std::move(body), start] {
    absl::Status status;
    if (absl::Now() >= call->deadline) {
      status = Error(absl::StatusCode::kDeadlineExceeded, "DEADLINE_EXCEEDED",
                     "the deadline passed before the call could be served");
    } else {
      try {
        status = body(*call);
      } catch (const std::exception& e) {
        // Store code catches libpqxx itself; anything reaching here is a defect, logged, and
        // answered without detail.
        logger_.Error(std::string("unhandled exception: ") + e.what(),
                      {call->request_id, call->method});
        status = absl::InternalError("unhandled exception");
      }
    }
    Finish(reactor, *call, status, start);
  });
  if (!queued) {
    Finish(reactor, *call,
           Error(absl::StatusCode::kResourceExhausted, "SERVER_BUSY",
                 "the service is at capacity; retry with backoff"),
           start);
  }
  return reactor;
}

void UnaryCalls::Finish(grpc::ServerUnaryReactor* reactor, const CallContext& call,
                        const absl::Status& status, absl::Time start) {
  double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  std::string code = CodeName(status.code());
  metrics_.RecordRpc(call.method, code, seconds);
  LogFields fields{call.request_id, call.method, code, seconds * 1000, call.peer};
  if (status.code() == absl::StatusCode::kInternal || status.code() == absl::StatusCode::kUnknown) {
    logger_.Error(status.message(), fields);
  } else if (status.code() == absl::StatusCode::kUnavailable) {
    logger_.Warn(status.message(), fields);
  } else if (access_log_) {
    logger_.Info("call", fields);
  }
  reactor->Finish(ToGrpcStatus(status, domain_));
}

}  // namespace valohub

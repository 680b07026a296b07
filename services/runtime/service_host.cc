#include "services/runtime/service_host.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>
#include <signal.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/runtime/db.h"
#include "services/runtime/logger.h"
#include "services/runtime/metrics.h"

namespace valohub {

ServiceHost::ServiceHost(ServiceHostOptions options, Logger& logger, Metrics& metrics,
                         db::Pool* pool)
    : options_(std::move(options)), logger_(logger), metrics_(metrics), pool_(pool) {}

ServiceHost::~ServiceHost() { Shutdown(); }

absl::Status ServiceHost::Start(const std::vector<grpc::Service*>& services) {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options_.listen_address, grpc::InsecureServerCredentials(), &port_);
  builder.SetMaxReceiveMessageSize(options_.max_message_bytes);
  builder.SetMaxSendMessageSize(options_.max_message_bytes);
  for (grpc::Service* s : services) builder.RegisterService(s);
  server_ = builder.BuildAndStart();
  if (server_ == nullptr || port_ == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options_.listen_address));
  }
  if (!options_.metrics_address.empty()) {
    absl::Status status = metrics_.Serve(options_.metrics_address);
    if (!status.ok()) return status;
  }
  // Not serving until the first probe has reached PostgreSQL.
  SetServing(pool_ == nullptr);
  if (pool_ != nullptr) {
    absl::Status first = pool_->Probe(absl::Now() + absl::Seconds(2));
    SetServing(first.ok());
    probe_ = std::thread([this] { ProbeLoop(); });
  }
  logger_.Info(absl::StrCat("serving gRPC on port ", port_,
                            metrics_.port() ? absl::StrCat(", metrics on port ", metrics_.port())
                                            : std::string()));
  return absl::OkStatus();
}

void ServiceHost::SetServing(bool serving) {
  bool changed;
  {
    absl::MutexLock lock(&mu_);
    if (draining_) serving = false;
    changed = serving != serving_;
    serving_ = serving;
  }
  auto* health = server_->GetHealthCheckService();
  if (health == nullptr) return;
  health->SetServingStatus(serving);  // the overall "" service
  for (const std::string& name : options_.service_names) health->SetServingStatus(name, serving);
  if (changed) {
    if (serving) {
      logger_.Info("health SERVING");
    } else {
      logger_.Warn("health NOT_SERVING");
    }
  }
}

void ServiceHost::ProbeLoop() {
  while (!stop_probe_.WaitForNotificationWithTimeout(options_.health_interval)) {
    absl::Status status = pool_->Probe(absl::Now() + options_.health_interval);
    SetServing(status.ok());
  }
}

void ServiceHost::Shutdown() {
  {
    absl::MutexLock lock(&mu_);
    if (shut_down_ || server_ == nullptr) return;
    shut_down_ = true;
    draining_ = true;
  }
  logger_.Info("draining");
  SetServing(false);
  if (!stop_probe_.HasBeenNotified()) stop_probe_.Notify();
  server_->Shutdown(std::chrono::system_clock::now() +
                    absl::ToChronoMilliseconds(options_.drain_timeout));
  server_->Wait();
  // Last: a probe stuck on an unresponsive database must not delay the drain.
  if (probe_.joinable()) probe_.join();
  logger_.Info("stopped");
}

void InstallTerminationHandling() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

int WaitForTerminationSignal() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  int sig = 0;
  sigwait(&set, &sig);
  return sig;
}

}  // namespace valohub

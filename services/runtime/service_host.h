// Runs one hub service process: the gRPC server (callback API) with grpc.health.v1 and server
// reflection, the metrics listener, and a health probe that turns the service NOT_SERVING while
// PostgreSQL does not answer and SERVING again when it does. Shutdown drains: health goes
// NOT_SERVING, in-flight calls get until the drain deadline, then the server stops.
#ifndef VALOHUB_SERVICES_RUNTIME_SERVICE_HOST_H_
#define VALOHUB_SERVICES_RUNTIME_SERVICE_HOST_H_

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"

namespace grpc {
class Server;
class Service;
}  // namespace grpc

namespace valohub {

class Logger;
class Metrics;
namespace db {
class Pool;
}

struct ServiceHostOptions {
  // Full gRPC service names served, for per-service health ("valohub.competence.v1.CompetenceService").
  std::vector<std::string> service_names;
  std::string listen_address = "127.0.0.1:0";
  std::string metrics_address;  // empty: no metrics listener
  absl::Duration health_interval = absl::Seconds(1);
  absl::Duration drain_timeout = absl::Seconds(10);
  int max_message_bytes = 32 << 20;
};

class ServiceHost {
 public:
  ServiceHost(ServiceHostOptions options, Logger& logger, Metrics& metrics, db::Pool* pool);
  ~ServiceHost();
  ServiceHost(const ServiceHost&) = delete;
  ServiceHost& operator=(const ServiceHost&) = delete;

  // Builds and starts the server with `services` (not owned; they must outlive the host).
  absl::Status Start(const std::vector<grpc::Service*>& services);

  // The bound gRPC port after Start().
  int port() const { return port_; }

  // Idempotent and thread-safe.
  void Shutdown();

 private:
  void ProbeLoop();
  void SetServing(bool serving);

  const ServiceHostOptions options_;
  Logger& logger_;
  Metrics& metrics_;
  db::Pool* const pool_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  absl::Notification stop_probe_;
  std::thread probe_;
  absl::Mutex mu_;
  bool shut_down_ ABSL_GUARDED_BY(mu_) = false;
  bool draining_ ABSL_GUARDED_BY(mu_) = false;
  bool serving_ ABSL_GUARDED_BY(mu_) = false;
};

// Blocks until SIGTERM or SIGINT. Call InstallTerminationHandling() first thing in main, before
// any thread starts, so that every thread inherits the blocked signal mask.
void InstallTerminationHandling();
int WaitForTerminationSignal();

}  // namespace valohub

#endif  // VALOHUB_SERVICES_RUNTIME_SERVICE_HOST_H_

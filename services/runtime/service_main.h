// What every service's main() shares, so that ./hub, the manifests and operators treat every
// service alike: the common flags (same names, each also VALOHUB_<NAME>), and start-up that
// applies the migrations while SIGTERM/SIGINT are already honoured.
#ifndef VALOHUB_SERVICES_RUNTIME_SERVICE_MAIN_H_
#define VALOHUB_SERVICES_RUNTIME_SERVICE_MAIN_H_

#include <string>
#include <vector>

#include "absl/synchronization/notification.h"
#include "services/runtime/db.h"
#include "services/runtime/executor.h"
#include "services/runtime/flags.h"
#include "services/runtime/logger.h"
#include "services/runtime/migrations.h"

namespace grpc {
class Service;
}

namespace valohub {

class Metrics;

struct ServiceFlags {
  const std::string* listen;
  const std::string* metrics_listen;
  const std::string* database;
  const int64_t* pool_size;
  const int64_t* max_queue;
  const int64_t* max_deadline_ms;
  const int64_t* drain_ms;
  const bool* access_log;
  const int64_t* migrate_wait_ms;

  // Declares the common flags with the service's default addresses.
  static ServiceFlags Declare(Flags& flags, const std::string& default_listen,
                              const std::string& default_metrics_listen);
  db::PoolOptions PoolOptions() const;
};

// Starts a thread that notifies `stop` on SIGTERM/SIGINT, then applies `migrations` to
// `schema`, waiting up to --migrate-wait-ms for PostgreSQL. Returns the process exit code to
// use when start-up should end (0: stopped by a signal first, 1: migrations failed), or -1 to
// go on serving.
int StartService(const ServiceFlags& flags, const std::string& schema,
                 const std::vector<Migration>& migrations, Logger& logger,
                 absl::Notification& stop);

// Serves `grpc_service` (full name `service_name`) on the flags' addresses until `stop`, then
// drains and shuts the executor down. Prints "<short_name> listening on port N metrics port M"
// on stdout once serving (./hub and the process tests wait for that line). The exit code.
int ServeUntilStopped(const ServiceFlags& flags, const std::string& short_name,
                      const std::string& service_name, grpc::Service* grpc_service,
                      db::Pool& pool, Executor& executor, Logger& logger, Metrics& metrics,
                      absl::Notification& stop);

}  // namespace valohub

#endif  // VALOHUB_SERVICES_RUNTIME_SERVICE_MAIN_H_

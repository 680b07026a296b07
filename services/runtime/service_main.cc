#include "services/runtime/service_main.h"

#include <cstdio>
#include <thread>

#include "absl/time/clock.h"
#include "services/runtime/metrics.h"
#include "services/runtime/service_host.h"

namespace valohub {

ServiceFlags ServiceFlags::Declare(Flags& flags, const std::string& default_listen,
                                   const std::string& default_metrics_listen) {
  ServiceFlags f;
  f.listen = flags.String("listen", default_listen, "gRPC listen address", CheckHostPort);
  f.metrics_listen = flags.String("metrics-listen", default_metrics_listen,
                                  "Prometheus /metrics listen address", CheckHostPort);
  f.database = flags.String("database", "", "libpq connection string of the hub's PostgreSQL",
                            CheckNonEmpty);
  f.pool_size = flags.Int("db-pool-size", 8, 1, 256, "PostgreSQL connections");
  f.max_queue = flags.Int("max-queued-calls", 1000, 1, 1000000,
                          "calls waiting for a worker before RESOURCE_EXHAUSTED");
  f.max_deadline_ms = flags.Int("max-deadline-ms", 30000, 10, 600000, "cap on a call's deadline");
  f.drain_ms =
      flags.Int("drain-timeout-ms", 10000, 0, 600000, "time in-flight calls get on shutdown");
  f.access_log = flags.Bool("access-log", true, "log every call (errors are always logged)");
  f.migrate_wait_ms = flags.Int("migrate-wait-ms", 30000, 0, 600000,
                                "how long to wait for PostgreSQL at start-up");
  return f;
}

db::PoolOptions ServiceFlags::PoolOptions() const {
  db::PoolOptions options;
  options.conninfo = *database;
  options.size = static_cast<int>(*pool_size);
  return options;
}

int StartService(const ServiceFlags& flags, const std::string& schema,
                 const std::vector<Migration>& migrations, Logger& logger,
                 absl::Notification& stop) {
  // SIGTERM/SIGINT are honoured from here on, also while start-up waits for PostgreSQL.
  std::thread([&stop] {
    WaitForTerminationSignal();
    stop.Notify();
  }).detach();
  absl::Status migrated =
      ApplyMigrations(*flags.database, schema, migrations, logger,
                      absl::Now() + absl::Milliseconds(*flags.migrate_wait_ms), &stop);
  if (migrated.code() == absl::StatusCode::kCancelled) {
    logger.Info("stopped before serving");
    return 0;
  }
  if (!migrated.ok()) {
    logger.Error(std::string(migrated.message()));
    return 1;
  }
  return -1;
}

int ServeUntilStopped(const ServiceFlags& flags, const std::string& short_name,
                      const std::string& service_name, grpc::Service* grpc_service,
                      db::Pool& pool, Executor& executor, Logger& logger, Metrics& metrics,
                      absl::Notification& stop) {
  ServiceHostOptions options;
  options.service_names = {service_name};
  options.listen_address = *flags.listen;
  options.metrics_address = *flags.metrics_listen;
  options.drain_timeout = absl::Milliseconds(*flags.drain_ms);
  ServiceHost host(options, logger, metrics, &pool);
  if (absl::Status s = host.Start({grpc_service}); !s.ok()) {
    logger.Error(std::string(s.message()));
    return 1;
  }
  std::printf("%s listening on port %d metrics port %d\n", short_name.c_str(), host.port(),
              metrics.port());
  std::fflush(stdout);
  stop.WaitForNotification();
  host.Shutdown();
  executor.Shutdown();
  return 0;
}

}  // namespace valohub

// The competence-profiles service process: reads its configuration, applies its migrations,
// serves until SIGTERM/SIGINT, then drains and exits 0.
#include <cstdio>

#include "absl/synchronization/notification.h"

#include "absl/time/clock.h"
#include "services/competence/competence_grpc.h"
#include "services/competence/competence_migrations.h"
#include "services/runtime/db.h"
#include "services/runtime/executor.h"
#include "services/runtime/flags.h"
#include "services/runtime/logger.h"
#include "services/runtime/metrics.h"
#include "services/runtime/migrations.h"
#include "services/runtime/service_host.h"
#include "services/runtime/service_main.h"

extern char** environ;

int main(int argc, char** argv) {
  valohub::InstallTerminationHandling();
  valohub::Flags flags;
  const valohub::ServiceFlags common =
      valohub::ServiceFlags::Declare(flags, "127.0.0.1:7101", "127.0.0.1:9101");
  valohub::Logger logger("competence");
  if (absl::Status s = flags.Parse(argc, argv, environ); !s.ok()) {
    std::fprintf(stderr, "competence: %s\n", std::string(s.message()).c_str());
    return 2;
  }
  if (flags.help_requested()) {
    std::printf("competence service flags:\n%s", flags.Usage().c_str());
    return 0;
  }
  if (common.database->empty()) {
    std::fprintf(stderr, "competence: --database (VALOHUB_DATABASE) is required\n");
    return 2;
  }

  absl::Notification stop;
  if (int code = valohub::StartService(common, "competence", valohub::competence::Migrations(),
                                       logger, stop);
      code >= 0) {
    return code;
  }

  valohub::Metrics metrics("competence");
  valohub::db::Pool pool(common.PoolOptions(), valohub::competence::AllQueries(), &metrics);
  valohub::Executor executor(static_cast<int>(*common.pool_size),
                             static_cast<int>(*common.max_queue));
  valohub::UnaryCalls calls(valohub::competence::kErrorDomainName, executor, logger, metrics,
                            absl::Milliseconds(*common.max_deadline_ms), *common.access_log);
  valohub::competence::CompetenceService service(pool);
  valohub::competence::CompetenceGrpc grpc_service(service, calls);

  return valohub::ServeUntilStopped(common, "competence", valohub::competence::kServiceName,
                                    &grpc_service, pool, executor, logger, metrics, stop);
}

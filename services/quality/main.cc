// The quality-assurance service process: reads its configuration, applies its migrations,
// writes the national quality model when there is none, serves until SIGTERM/SIGINT, then
// drains and exits 0.
#include <grpcpp/grpcpp.h>

#include <cstdio>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "services/quality/competence_client.h"
#include "services/quality/learning_client.h"
#include "services/quality/quality_grpc.h"
#include "services/quality/quality_migrations.h"
#include "services/runtime/channel.h"
#include "services/runtime/clock.h"
#include "services/runtime/db.h"
#include "services/runtime/executor.h"
#include "services/runtime/flags.h"
#include "services/runtime/logger.h"
#include "services/runtime/metrics.h"
#include "services/runtime/resource_name.h"
#include "services/runtime/service_host.h"
#include "services/runtime/service_main.h"

extern char** environ;

namespace {

std::string CheckModelId(const std::string& value) {
  return valohub::IsValidId(value) ? "" : "must be a model id ([a-z0-9-], 1-63 characters)";
}

}  // namespace

int main(int argc, char** argv) {
  valohub::InstallTerminationHandling();
  valohub::Flags flags;
  const valohub::ServiceFlags common =
      valohub::ServiceFlags::Declare(flags, "127.0.0.1:7103", "127.0.0.1:9103");
  const std::string* learning = flags.String(
      "learning", "127.0.0.1:7102", "address of the learning service", valohub::CheckHostPort);
  const std::string* competence = flags.String(
      "competence", "127.0.0.1:7101",
      "address of the competence service (whether a reviewer exists)", valohub::CheckHostPort);
  const std::string* default_model = flags.String(
      "default-model", "national", "id of the quality model new reviews use", CheckModelId);
  const int64_t* flag_min_ratings = flags.Int(
      "flag-min-ratings", 10, 5, 100000,
      "ratings since the approval needed before a low mean flags a unit (at least 5)");
  const int64_t* flag_below_mean_x100 = flags.Int(
      "flag-below-mean-x100", 300, 100, 500,
      "a unit whose mean rating is below this / 100 (1-5 scale) is flagged");

  valohub::Logger logger("quality");
  if (absl::Status s = flags.Parse(argc, argv, environ); !s.ok()) {
    std::fprintf(stderr, "quality: %s\n", std::string(s.message()).c_str());
    return 2;
  }
  if (flags.help_requested()) {
    std::printf("quality service flags:\n%s", flags.Usage().c_str());
    return 0;
  }
  if (common.database->empty()) {
    std::fprintf(stderr, "quality: --database is required\n");
    return 2;
  }

  absl::Notification stop;
  if (int code = valohub::StartService(common, "quality", valohub::quality::Migrations(), logger,
                                       stop);
      code >= 0) {
    return code;
  }

  valohub::Metrics metrics("quality");
  valohub::db::Pool pool(common.PoolOptions(), valohub::quality::AllQueries(), &metrics);
  valohub::Executor executor(static_cast<int>(*common.pool_size),
                             static_cast<int>(*common.max_queue));
  valohub::UnaryCalls calls(valohub::quality::kErrorDomainName, executor, logger, metrics,
                            absl::Milliseconds(*common.max_deadline_ms), *common.access_log);
  valohub::quality::LearningClient learning_client(valohub::ServiceChannel(*learning));
  valohub::quality::CompetenceClient competence_client(valohub::ServiceChannel(*competence));
  valohub::SystemClock clock;
  valohub::quality::QualityOptions options;
  options.default_model_id = *default_model;
  options.flag_min_ratings = static_cast<int>(*flag_min_ratings);
  options.flag_below_mean = static_cast<double>(*flag_below_mean_x100) / 100;
  valohub::quality::QualityService service(pool, learning_client, competence_client, clock,
                                           options);
  if (absl::Status s = service.EnsureDefaultModel(absl::Now() + absl::Seconds(30)); !s.ok()) {
    logger.Error("quality models: " + std::string(s.message()));
    return 1;
  }
  valohub::quality::QualityGrpc grpc_service(service, calls);
  return valohub::ServeUntilStopped(common, "quality", valohub::quality::kServiceName,
                                    &grpc_service, pool, executor, logger, metrics, stop);
}

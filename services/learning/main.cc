// The learning-units service process: reads its configuration, applies its migrations, serves
// until SIGTERM/SIGINT (the outbox relay delivering and the quality labels following the
// quality service in the background), then drains and exits 0.
#include <grpcpp/grpcpp.h>

#include <cstdio>
#include <thread>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "services/learning/competence_client.h"
#include "services/learning/key_ring.h"
#include "services/learning/learning_grpc.h"
#include "services/learning/learning_migrations.h"
#include "services/learning/outbox_relay.h"
#include "services/learning/quality_client.h"
#include "services/learning/quality_feed.h"
#include "services/learning/quality_gate.h"
#include "services/runtime/channel.h"
#include "services/runtime/db.h"
#include "services/runtime/executor.h"
#include "services/runtime/flags.h"
#include "services/runtime/logger.h"
#include "services/runtime/metrics.h"
#include "services/runtime/migrations.h"
#include "services/runtime/service_host.h"
#include "services/runtime/service_main.h"

extern char** environ;

namespace {

std::string CheckBaseUrl(const std::string& value) {
  if ((value.rfind("https://", 0) != 0 && value.rfind("http://", 0) != 0) || value.back() == '/') {
    return "must be an http(s) URL without a trailing slash";
  }
  return "";
}

std::string CheckGate(const std::string& value) {
  return value == "quality-service" || value == "closed" || value == "development-approve-all"
             ? ""
             : "must be quality-service, closed or development-approve-all";
}

std::string CheckAlgorithm(const std::string& value) {
  return value == "RS256" || value == "ES256" || value == "EdDSA" ? ""
                                                                  : "must be RS256, ES256 or EdDSA";
}

}  // namespace

int main(int argc, char** argv) {
  valohub::InstallTerminationHandling();
  valohub::Flags flags;
  const valohub::ServiceFlags common =
      valohub::ServiceFlags::Declare(flags, "127.0.0.1:7102", "127.0.0.1:9102");
  const std::string* competence = flags.String(
      "competence", "127.0.0.1:7101", "address of the competence service", valohub::CheckHostPort);
  const std::string* base_url = flags.String(
      "public-base-url", "http://localhost:8080",
      "the hub's public URL: issuer, key and status-list URLs in credentials", CheckBaseUrl);
  const std::string* key_dir = flags.String(
      "issuer-key-dir", "", "directory of the issuers' private keys, <dir>/<institution>/<key>.pem",
      valohub::CheckNonEmpty);
  const bool* development = flags.Bool(
      "development-mode", false,
      "one-machine hub: generate missing issuer keys, allow the development quality gate");
  const std::string* gate_name = flags.String(
      "quality-gate", "quality-service",
      "what decides publication and issuance: quality-service (ask --quality), closed (nothing "
      "is published or issued) or development-approve-all (development mode only)",
      CheckGate);
  const std::string* quality = flags.String(
      "quality", "127.0.0.1:7103", "address of the quality service", valohub::CheckHostPort);
  const int64_t* quality_sync_ms = flags.Int(
      "quality-sync-ms", 1000, 50, 600000,
      "how often the catalogue's quality labels follow the quality service's changes");
  const std::string* key_algorithm = flags.String(
      "key-algorithm", "RS256", "algorithm of keys generated in development mode", CheckAlgorithm);
  const int64_t* outbox_poll_ms =
      flags.Int("outbox-poll-ms", 500, 10, 60000, "how often the outbox relay looks for work");

  valohub::Logger logger("learning");
  if (absl::Status s = flags.Parse(argc, argv, environ); !s.ok()) {
    std::fprintf(stderr, "learning: %s\n", std::string(s.message()).c_str());
    return 2;
  }
  if (flags.help_requested()) {
    std::printf("learning service flags:\n%s", flags.Usage().c_str());
    return 0;
  }
  if (common.database->empty() || key_dir->empty()) {
    std::fprintf(stderr, "learning: --database and --issuer-key-dir are required\n");
    return 2;
  }
  if (*gate_name == "development-approve-all" && !*development) {
    std::fprintf(stderr,
                 "learning: --quality-gate=development-approve-all needs --development-mode\n");
    return 2;
  }

  absl::Notification stop;
  if (int code = valohub::StartService(common, "learning", valohub::learning::Migrations(),
                                       logger, stop);
      code >= 0) {
    return code;
  }

  valohub::Metrics metrics("learning");
  valohub::db::PoolOptions pool_options = common.PoolOptions();
  // One connection more than the calls can use at once (the executor runs at most pool-size
  // calls), so the outbox relay always finds one.
  pool_options.size += 1;
  valohub::db::Pool pool(pool_options, valohub::learning::AllQueries(), &metrics);
  valohub::Executor executor(static_cast<int>(*common.pool_size),
                             static_cast<int>(*common.max_queue));
  valohub::UnaryCalls calls(valohub::learning::kErrorDomainName, executor, logger, metrics,
                            absl::Milliseconds(*common.max_deadline_ms), *common.access_log);

  valohub::learning::CompetenceClient competence_client(valohub::ServiceChannel(*competence));
  valohub::learning::KeyRing keys({*key_dir, *development});
  valohub::learning::ClosedQualityGate closed_gate;
  valohub::learning::DevelopmentQualityGate development_gate;
  valohub::learning::QualityServiceGate service_gate(valohub::ServiceChannel(*quality));
  valohub::learning::QualityFeed feed(pool, service_gate, logger,
                                      absl::Milliseconds(*quality_sync_ms));
  valohub::learning::QualityGate* gate = &service_gate;
  if (*gate_name == "development-approve-all") {
    logger.Warn("development quality gate: every complete unit submitted can be published");
    gate = &development_gate;
  } else if (*gate_name == "closed") {
    logger.Warn("closed quality gate: no unit is published and no credential issued");
    gate = &closed_gate;
  }
  valohub::learning::RelayOptions relay_options;
  relay_options.poll_interval = absl::Milliseconds(*outbox_poll_ms);
  valohub::learning::OutboxRelay relay(pool, competence_client, logger, &metrics, relay_options);
  valohub::learning::LearningOptions options;
  options.public_base_url = *base_url;
  options.key_algorithm = *key_algorithm;
  options.on_outbox = [&relay] { relay.Wake(); };
  valohub::learning::LearningService service(pool, competence_client, keys, *gate, options);
  valohub::learning::LearningGrpc grpc_service(service, calls);

  relay.Start();
  if (gate == &service_gate) feed.Start();
  const int code = valohub::ServeUntilStopped(common, "learning", valohub::learning::kServiceName,
                                              &grpc_service, pool, executor, logger, metrics,
                                              stop);
  feed.Stop();
  relay.Stop();
  return code;
}

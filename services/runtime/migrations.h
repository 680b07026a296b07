// Versioned SQL migrations. Each service owns one schema and ships its migrations inside its
// binary (see cmake/embed_migrations.cmake). ApplyMigrations runs them in version order under a
// PostgreSQL advisory lock, so replicas that start at the same moment apply each one exactly
// once; applied versions are recorded in <schema>.schema_migrations.
#ifndef VALOHUB_SERVICES_RUNTIME_MIGRATIONS_H_
#define VALOHUB_SERVICES_RUNTIME_MIGRATIONS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"

namespace valohub {

class Logger;

struct Migration {
  int version;
  std::string name;
  std::string sql;
};

// `migrations` must have distinct, positive versions. A migration and its record are committed
// in one transaction: a failed migration leaves nothing behind and stops start-up. While
// PostgreSQL is unreachable it retries until `deadline`, or until `cancel` (when given) is
// notified — a process told to stop while it waits gives up at once (CANCELLED).
absl::Status ApplyMigrations(const std::string& conninfo, const std::string& schema,
                             std::vector<Migration> migrations, Logger& logger,
                             absl::Time deadline, absl::Notification* cancel = nullptr);

}  // namespace valohub

#endif  // VALOHUB_SERVICES_RUNTIME_MIGRATIONS_H_

#include "services/runtime/migrations.h"

#include <pqxx/connection>
#include <pqxx/except>
#include <pqxx/nontransaction>
#include <pqxx/transaction>

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "services/runtime/db.h"
#include "services/runtime/logger.h"

namespace valohub {
namespace {

absl::Status ApplyLocked(pqxx::connection& conn, const std::string& schema,
                         const std::vector<Migration>& migrations, Logger& logger) {
  const std::string table = conn.quote_name(schema) + ".schema_migrations";
  {
    pqxx::work txn(conn);
    txn.exec0("CREATE SCHEMA IF NOT EXISTS " + conn.quote_name(schema));
    txn.exec0("CREATE TABLE IF NOT EXISTS " + table +
              " (version integer PRIMARY KEY, name text NOT NULL,"
              "  applied_at timestamptz NOT NULL DEFAULT now())");
    txn.commit();
  }
  std::set<int> applied;
  {
    pqxx::read_transaction txn(conn);
    for (const auto& row : txn.exec("SELECT version FROM " + table)) {
      applied.insert(row[0].as<int>());
    }
  }
  for (const Migration& m : migrations) {
    if (applied.count(m.version) > 0) continue;
    pqxx::work txn(conn);
    txn.exec0(m.sql);
    txn.exec_params0("INSERT INTO " + table + " (version, name) VALUES ($1, $2)", m.version,
                     m.name);
    txn.commit();
    logger.Info(absl::StrCat("applied migration ", schema, " ", m.version, " ", m.name));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ApplyMigrations(const std::string& conninfo, const std::string& schema,
                             std::vector<Migration> migrations, Logger& logger,
                             absl::Time deadline, absl::Notification* cancel) {
  std::sort(migrations.begin(), migrations.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  for (size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version <= 0 || (i > 0 && migrations[i].version == migrations[i - 1].version)) {
      return absl::InvalidArgumentError(
          absl::StrCat("migration versions of ", schema, " must be positive and distinct"));
    }
  }
  absl::Duration backoff = absl::Milliseconds(100);
  while (true) {
    try {
      pqxx::connection conn(conninfo);
      {
        pqxx::nontransaction lock(conn);
        // A session-level lock held for the whole run; it is released when the session ends,
        // even if this process dies half-way.
        lock.exec_params("SELECT pg_advisory_lock(hashtext($1))", "valohub.migrations." + schema);
      }
      absl::Status status = ApplyLocked(conn, schema, migrations, logger);
      {
        pqxx::nontransaction unlock(conn);
        unlock.exec_params("SELECT pg_advisory_unlock(hashtext($1))",
                           "valohub.migrations." + schema);
      }
      return status;
    } catch (const pqxx::broken_connection& e) {
      if (absl::Now() + backoff > deadline) {
        return absl::UnavailableError("PostgreSQL is unreachable; migrations not applied");
      }
      logger.Warn("PostgreSQL unreachable, retrying migrations");
      if (cancel != nullptr ? cancel->WaitForNotificationWithTimeout(backoff)
                            : (absl::SleepFor(backoff), false)) {
        return absl::CancelledError("stopped while waiting for PostgreSQL");
      }
      backoff = std::min(backoff * 2, absl::Seconds(2));
    } catch (const pqxx::sql_error& e) {
      // Operators need the failing statement's error to fix a migration; this goes to the log
      // only, never to an API caller.
      logger.Error(absl::StrCat("migration failed in schema ", schema, ": ", e.what()));
      return absl::InternalError(absl::StrCat("a migration of schema ", schema, " failed"));
    } catch (const std::exception& e) {
      logger.Error(absl::StrCat("migration failed in schema ", schema, ": ", e.what()));
      return absl::InternalError(absl::StrCat("a migration of schema ", schema, " failed"));
    }
  }
}

}  // namespace valohub

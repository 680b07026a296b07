// PostgreSQL access for the hub's services: a fixed-size pool of libpqxx connections, named
// prepared statements, and transactions that are retried on serialization failure. Exceptions
// from libpqxx never leave Pool::Run: they become absl::Status through StatusFromDbException,
// the one place that maps SQLSTATE to canonical codes.
#ifndef VALOHUB_SERVICES_RUNTIME_DB_H_
#define VALOHUB_SERVICES_RUNTIME_DB_H_

#include <pqxx/connection>
#include <pqxx/result>
#include <pqxx/transaction_base>

#include <chrono>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace valohub {
class Metrics;
}

namespace valohub::db {

// One SQL statement with $n parameters. Its name is the prepared statement's name and labels
// its latency metric; a service declares all of its queries as constants.
struct Query {
  const char* name;
  const char* sql;
};

// Maps a libpqxx (or std) exception to a canonical status without exposing SQL text:
// unique violation -> ALREADY_EXISTS, serialization failure/deadlock -> ABORTED,
// connection loss -> UNAVAILABLE, foreign key violation -> FAILED_PRECONDITION,
// check/not-null violation and bad input syntax -> INVALID_ARGUMENT, query cancelled by
// statement timeout -> DEADLINE_EXCEEDED, anything else -> INTERNAL.
absl::Status StatusFromDbException(const std::exception& e);

class Pool;

// The body of a transaction sees this. Statements must be declared to the pool.
class Tx {
 public:
  // Made by Pool::Run around its transaction.
  Tx(pqxx::transaction_base& txn, Metrics* metrics) : txn_(txn), metrics_(metrics) {}

  template <typename... Args>
  pqxx::result Exec(const Query& query, Args&&... args) {
    auto start = std::chrono::steady_clock::now();
    pqxx::result r = txn_.exec_prepared(query.name, std::forward<Args>(args)...);
    Record(query, start);
    return r;
  }
  // For COPY (pqxx::stream_to) and other direct uses.
  pqxx::transaction_base& txn() { return txn_; }

 private:
  void Record(const Query& query, std::chrono::steady_clock::time_point start);

  pqxx::transaction_base& txn_;
  Metrics* metrics_;
};

enum class Isolation {
  kReadCommitted,
  kRepeatableRead,
  kSerializable,
  // No transaction: every statement commits on its own, saving the BEGIN and COMMIT round
  // trips. Only for reads whose statements need no common snapshot.
  kAutocommit,
};

struct PoolOptions {
  // libpq connection string, e.g. "host=/run/valohub port=5432 dbname=valohub user=valohub".
  std::string conninfo;
  int size = 8;
  // Server-side statement timeout per statement: a runaway query cannot hold a connection.
  absl::Duration statement_timeout = absl::Seconds(30);
  // Transactions are retried this many times on serialization failure or deadlock.
  int max_retries = 5;
};

class Pool {
 public:
  using Body = std::function<absl::Status(Tx&)>;

  // Connects lazily: creating a pool never fails because PostgreSQL is down.
  Pool(PoolOptions options, std::vector<Query> queries, Metrics* metrics);
  ~Pool();
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  // Runs `body` in one transaction and commits when it returns OK; a non-OK status rolls back
  // and is returned as is. Waiting for a connection honours `deadline` (DEADLINE_EXCEEDED), a
  // broken connection is replaced, serialization failures are retried.
  absl::Status Run(absl::Time deadline, const Body& body,
                   Isolation isolation = Isolation::kReadCommitted);

  // A short round trip on a pooled connection; OK when PostgreSQL answers.
  absl::Status Ping(absl::Time deadline);

  // The same on a connection of its own, for health checks: a busy pool is not a sick database.
  absl::Status Probe(absl::Time deadline);

  int size() const { return options_.size; }

 private:
  struct Lease;
  absl::StatusOr<std::unique_ptr<pqxx::connection>> Acquire(absl::Time deadline);
  void Release(std::unique_ptr<pqxx::connection> conn, bool broken);
  absl::StatusOr<std::unique_ptr<pqxx::connection>> Connect(absl::Duration statement_timeout);

  const PoolOptions options_;
  const std::vector<Query> queries_;
  Metrics* const metrics_;

  absl::Mutex mu_;
  // Idle connections; a null entry is a slot whose connection must be (re)opened.
  std::vector<std::unique_ptr<pqxx::connection>> idle_ ABSL_GUARDED_BY(mu_);
  int waiters_ ABSL_GUARDED_BY(mu_) = 0;

  absl::Mutex probe_mu_;
  std::unique_ptr<pqxx::connection> probe_conn_ ABSL_GUARDED_BY(probe_mu_);
};

}  // namespace valohub::db

#endif  // VALOHUB_SERVICES_RUNTIME_DB_H_

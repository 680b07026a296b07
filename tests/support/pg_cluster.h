// A throwaway PostgreSQL cluster for tests: initdb into a temporary folder, a server listening
// only on a Unix socket in that folder, trust authentication for the test superuser "valohub".
// When the tests run as root (CI), the server runs as the `postgres` system user, since
// PostgreSQL refuses to run as root.
#ifndef VALOHUB_TESTS_SUPPORT_PG_CLUSTER_H_
#define VALOHUB_TESTS_SUPPORT_PG_CLUSTER_H_

#include <string>

namespace valohub::testing {

class PgCluster {
 public:
  // Creates and starts the cluster; aborts the test program when it cannot.
  PgCluster();
  ~PgCluster();
  PgCluster(const PgCluster&) = delete;
  PgCluster& operator=(const PgCluster&) = delete;

  // A new empty database; returns its libpq connection string.
  std::string CreateDatabase();
  std::string ConnInfo(const std::string& database) const;
  const std::string& socket_dir() const { return dir_; }

  void Stop();
  void Start();

 private:
  int Run(const std::string& command) const;

  std::string dir_;
  std::string bindir_;
  bool as_postgres_ = false;
  int databases_ = 0;
};

// One cluster for the whole test program, created on first use.
PgCluster& SharedCluster();

}  // namespace valohub::testing

#endif  // VALOHUB_TESTS_SUPPORT_PG_CLUSTER_H_

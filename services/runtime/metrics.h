// Prometheus metrics of one process, served on the admin address at /metrics. The metric names
// are the same in every service so that one dashboard covers the hub:
//   valohub_rpc_requests_total{service,method,code}
//   valohub_rpc_duration_seconds{service,method}            (histogram)
//   valohub_db_pool_connections_in_use{service}, valohub_db_pool_waiters{service}
//   valohub_db_query_duration_seconds{service,statement}   (histogram)
#ifndef VALOHUB_SERVICES_RUNTIME_METRICS_H_
#define VALOHUB_SERVICES_RUNTIME_METRICS_H_

#include <memory>
#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/status.h"

namespace prometheus {
class Registry;
}

namespace valohub {

class Metrics {
 public:
  explicit Metrics(std::string service);
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // Starts the HTTP listener; "127.0.0.1:0" picks a free port.
  absl::Status Serve(const std::string& address);
  // The bound port once Serve() succeeded, else 0.
  int port() const;

  void RecordRpc(absl::string_view method, absl::string_view code, double seconds);
  void RecordQuery(absl::string_view statement, double seconds);
  void SetPoolInUse(int n);
  void SetPoolWaiters(int n);

  // For processes that add metrics of their own.
  prometheus::Registry& registry();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace valohub

#endif  // VALOHUB_SERVICES_RUNTIME_METRICS_H_

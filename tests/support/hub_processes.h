// The whole hub for end-to-end tests: a throwaway PostgreSQL cluster, the competence, learning
// and quality services and the gateway as real processes on loopback, a signing key whose JWKS the gateway trusts, and a
// small keep-alive HTTP/1.1 client.
#ifndef VALOHUB_TESTS_SUPPORT_HUB_PROCESSES_H_
#define VALOHUB_TESTS_SUPPORT_HUB_PROCESSES_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "gateway/jwt_signer.h"
#include "tests/support/child_process.h"
#include "tests/support/pg_cluster.h"

namespace valohub::testing {

struct HttpResult {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-cased names
  std::string body;
};

class HttpClient {
 public:
  explicit HttpClient(int port);
  ~HttpClient();
  // Sends on the kept-alive connection (reconnecting if the server closed it).
  HttpResult Send(const std::string& method, const std::string& target,
                  const std::string& body = "",
                  const std::vector<std::pair<std::string, std::string>>& headers = {});

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

class HubProcesses {
 public:
  // `gateway_args` are added to the gateway's command line.
  // `learning_mode` are the learning service's mode flags; by default development mode with the
  // development quality gate (pass {"--development-mode"} for the quality service's gate).
  // `quality_args` are added to the quality service's command line.
  explicit HubProcesses(std::vector<std::string> gateway_args = {},
                        std::vector<std::string> learning_mode = {
                            "--development-mode", "--quality-gate=development-approve-all"},
                        std::vector<std::string> quality_args = {});
  ~HubProcesses();

  int http_port() const { return http_port_; }
  int grpc_port() const { return grpc_port_; }
  int competence_port() const { return competence_port_; }
  int gateway_metrics_port() const { return gateway_metrics_port_; }
  const std::string& database() const { return database_; }

  // A token the gateway accepts (override fields to make bad ones).
  gateway::TokenClaims Claims(const std::string& subject, const std::string& institution,
                              const std::vector<std::string>& roles,
                              const std::string& person = "") const;
  std::string Token(const gateway::TokenClaims& claims) const;
  std::string OperatorToken() const;
  const gateway::JwtSigner& signer() const { return *signer_; }

  void StopCompetence();
  void StartCompetence();
  int StopLearning();
  void StartLearning();
  int learning_port() const { return learning_port_; }
  // Returns the exit code.
  int StopQuality();
  void StartQuality();
  int quality_port() const { return quality_port_; }
  // What the learning service puts in credentials: the gateway's URL.
  std::string public_base_url() const { return "http://127.0.0.1:" + std::to_string(http_port_); }
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
  std::unique_ptr<PgCluster> cluster_;
  std::string database_;
  std::unique_ptr<gateway::JwtSigner> signer_;
  std::unique_ptr<ChildProcess> competence_;
  std::vector<std::string> learning_mode_;
  std::unique_ptr<ChildProcess> learning_;
  std::vector<std::string> quality_args_;
  std::unique_ptr<ChildProcess> quality_;
  std::unique_ptr<ChildProcess> gateway_;
  int http_port_ = 0;
  int grpc_port_ = 0;
  int competence_port_ = 0;
  int learning_port_ = 0;
  int quality_port_ = 0;
  int gateway_metrics_port_ = 0;
};

// A JSON-body helper: `"key":"value"` fragments are enough for the tests' needs, and responses
// are inspected with these lookups rather than a second JSON library.
std::string JsonString(const std::string& json, const std::string& key);

}  // namespace valohub::testing

#endif  // VALOHUB_TESTS_SUPPORT_HUB_PROCESSES_H_

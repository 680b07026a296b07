#include "tests/support/hub_processes.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <cstdio>
#include <fstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "tests/support/test_keys.h"

namespace valohub::testing {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

struct HttpClient::Impl {
  explicit Impl(int p) : port(p), stream(io) {}
  void Connect() {
    beast::error_code ec;
    stream.socket().close(ec);
    tcp::resolver resolver(io);
    stream.connect(resolver.resolve("127.0.0.1", std::to_string(port)));
    connected = true;
  }
  int port;
  boost::asio::io_context io;
  beast::tcp_stream stream;
  beast::flat_buffer buffer;
  bool connected = false;
};

HttpClient::HttpClient(int port) : impl_(std::make_unique<Impl>(port)) {}
HttpClient::~HttpClient() = default;

HttpResult HttpClient::Send(const std::string& method, const std::string& target,
                            const std::string& body,
                            const std::vector<std::pair<std::string, std::string>>& headers) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    try {
      if (!impl_->connected) impl_->Connect();
      http::request<http::string_body> req(http::string_to_verb(method), target, 11);
      req.set(http::field::host, "127.0.0.1");
      req.keep_alive(true);
      bool has_type = false;
      for (const auto& [k, v] : headers) {
        req.set(k, v);
        if (absl::AsciiStrToLower(k) == "content-type") has_type = true;
      }
      if (!body.empty() && !has_type) req.set(http::field::content_type, "application/json");
      req.body() = body;
      req.prepare_payload();
      http::write(impl_->stream, req);
      http::response_parser<http::string_body> parser;
      parser.body_limit(64 << 20);
      http::read(impl_->stream, impl_->buffer, parser);
      auto& res = parser.get();
      HttpResult out;
      out.status = res.result_int();
      for (const auto& f : res) {
        out.headers[absl::AsciiStrToLower(std::string(f.name_string()))] = std::string(f.value());
      }
      out.body = res.body();
      if (!res.keep_alive()) impl_->connected = false;
      return out;
    } catch (const std::exception&) {
      impl_->connected = false;
    }
  }
  return HttpResult{};
}

namespace {

int PortAfter(const std::string& line, const std::string& word) {
  size_t at = line.find(word);
  if (at == std::string::npos) return 0;
  return std::atoi(line.c_str() + at + word.size());
}

// A port that was free a moment ago: the gateway's HTTP port must be known before the learning
// service starts, because credentials carry the hub's public URL.
int FreeLoopbackPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

}  // namespace

HubProcesses::HubProcesses(std::vector<std::string> gateway_args,
                           std::vector<std::string> learning_mode,
                           std::vector<std::string> quality_args)
    : learning_mode_(std::move(learning_mode)), quality_args_(std::move(quality_args)) {
  char tmpl[] = "/tmp/valohub-hub-XXXXXX";
  dir_ = mkdtemp(tmpl);
  cluster_ = std::make_unique<PgCluster>();
  database_ = cluster_->CreateDatabase();
  signer_ = *gateway::JwtSigner::FromPem(NewPrivateKeyPem("EC"), "test-1");
  {
    std::ofstream jwks(dir_ + "/jwks.json");
    jwks << signer_->Jwks();
  }
  StartCompetence();
  http_port_ = FreeLoopbackPort();
  // The learning and quality services call each other: the quality port is picked first.
  quality_port_ = FreeLoopbackPort();
  StartLearning();
  StartQuality();
  std::vector<std::string> args = {
      "--backends=valohub.competence.v1.CompetenceService=127.0.0.1:" +
          std::to_string(competence_port_) + ",valohub.learning.v1.LearningService=127.0.0.1:" +
          std::to_string(learning_port_) + ",valohub.quality.v1.QualityService=127.0.0.1:" +
          std::to_string(quality_port_),
      "--jwks=" + dir_ + "/jwks.json", "--issuer=https://issuer.test", "--audience=valohub",
      "--http-listen=127.0.0.1:" + std::to_string(http_port_), "--grpc-listen=127.0.0.1:0", "--metrics-listen=127.0.0.1:0",
      "--cors-origins=https://app.example.fi"};
  args.insert(args.end(), gateway_args.begin(), gateway_args.end());
  gateway_ = std::make_unique<ChildProcess>(GATEWAY_BINARY, args);
  std::string line = gateway_->WaitForLine("gateway listening on");
  http_port_ = PortAfter(line, "http port ");
  grpc_port_ = PortAfter(line, "grpc port ");
  gateway_metrics_port_ = PortAfter(line, "metrics port ");
}

HubProcesses::~HubProcesses() {
  gateway_.reset();
  quality_.reset();
  learning_.reset();
  competence_.reset();
  cluster_.reset();
  std::string rm = "rm -rf " + dir_;
  (void)std::system(rm.c_str());
}

void HubProcesses::StartCompetence() {
  // The same port again after a stop, so the gateway's backend address stays right.
  std::string listen = "--listen=127.0.0.1:" + std::to_string(competence_port_);
  competence_ = std::make_unique<ChildProcess>(
      COMPETENCE_BINARY, std::vector<std::string>{"--database=" + database_, listen,
                                                  "--metrics-listen=127.0.0.1:0"});
  competence_port_ = PortAfter(competence_->WaitForLine("competence listening on port"), "port ");
}

void HubProcesses::StopCompetence() { competence_->Stop(); }

void HubProcesses::StartLearning() {
  std::string listen = "--listen=127.0.0.1:" + std::to_string(learning_port_);
  std::vector<std::string> args = {
      "--database=" + database_, listen, "--metrics-listen=127.0.0.1:0",
      "--competence=127.0.0.1:" + std::to_string(competence_port_),
      "--public-base-url=" + public_base_url(), "--issuer-key-dir=" + dir_ + "/issuer-keys",
      "--outbox-poll-ms=100", "--quality=127.0.0.1:" + std::to_string(quality_port_),
      "--quality-sync-ms=100"};
  args.insert(args.end(), learning_mode_.begin(), learning_mode_.end());
  learning_ = std::make_unique<ChildProcess>(LEARNING_BINARY, args);
  learning_port_ = PortAfter(learning_->WaitForLine("learning listening on port"), "port ");
}

int HubProcesses::StopLearning() { return learning_->Stop(); }

void HubProcesses::StartQuality() {
  std::vector<std::string> args = {
      "--database=" + database_, "--listen=127.0.0.1:" + std::to_string(quality_port_),
      "--metrics-listen=127.0.0.1:0", "--learning=127.0.0.1:" + std::to_string(learning_port_),
      "--competence=127.0.0.1:" + std::to_string(competence_port_)};
  args.insert(args.end(), quality_args_.begin(), quality_args_.end());
  quality_ = std::make_unique<ChildProcess>(QUALITY_BINARY, args);
  quality_->WaitForLine("quality listening on port");
}

int HubProcesses::StopQuality() { return quality_->Stop(); }

gateway::TokenClaims HubProcesses::Claims(const std::string& subject,
                                          const std::string& institution,
                                          const std::vector<std::string>& roles,
                                          const std::string& person) const {
  gateway::TokenClaims c;
  c.issuer = "https://issuer.test";
  c.audience = "valohub";
  c.subject = subject;
  c.institution = institution;
  c.person = person;
  c.roles = roles;
  c.not_before = absl::Now();
  c.expires = absl::Now() + absl::Hours(1);
  return c;
}

std::string HubProcesses::Token(const gateway::TokenClaims& claims) const {
  return *signer_->Sign(claims);
}

std::string HubProcesses::OperatorToken() const {
  return Token(Claims("operator", "", {"HUB_OPERATOR"}));
}

std::string JsonString(const std::string& json, const std::string& key) {
  boost::system::error_code ec;
  auto v = boost::json::parse(json, ec);
  if (ec || !v.is_object()) return "";
  auto it = v.as_object().find(key);
  if (it == v.as_object().end()) return "";
  if (it->value().is_string()) return std::string(it->value().as_string());
  return boost::json::serialize(it->value());
}

}  // namespace valohub::testing

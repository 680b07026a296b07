// The gateway's HTTP/1.1 listener on Boost.Beast: asynchronous, keep-alive, read and idle
// timeouts, header and body size limits, a connection limit. It knows nothing of routes: each
// complete request goes to the Handler, which answers through the Reply callback (from any
// thread, at most once).
#ifndef VALOHUB_GATEWAY_HTTP_SERVER_H_
#define VALOHUB_GATEWAY_HTTP_SERVER_H_

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace valohub::gateway {

struct HttpRequest {
  std::string method;  // "GET"
  std::string target;  // "/v1/institutions?page_size=2"
  // Lower-cased names; a repeated header keeps its last value.
  std::map<std::string, std::string> headers;
  std::string body;
  std::string peer;

  std::string Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? "" : it->second;
  }
};

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct HttpServerOptions {
  std::string address = "127.0.0.1";
  int port = 0;
  int threads = 2;
  size_t max_header_bytes = 16 * 1024;
  size_t max_body_bytes = 4 * 1024 * 1024;
  absl::Duration read_timeout = absl::Seconds(30);
  absl::Duration idle_timeout = absl::Seconds(60);
  int max_connections = 10000;
};

class HttpServer {
 public:
  using Reply = std::function<void(HttpResponse)>;
  using Handler = std::function<void(HttpRequest, Reply)>;
  // What the server answers on its own (413, 431, 400 for unparsable requests, 503 at the
  // connection limit): status and a short message; the gateway renders it as JSON.
  using ErrorRenderer = std::function<HttpResponse(int status, const std::string& message)>;

  HttpServer(HttpServerOptions options, Handler handler, ErrorRenderer render_error);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  absl::Status Start();
  int port() const { return port_; }
  // Stops accepting new connections; open ones are still served.
  void StopAccepting();
  // Stops accepting, closes connections, joins the threads.
  void Stop();

  int open_connections() const { return connections_.load(); }

 private:
  struct Impl;
  class Session;
  void Accept();
  const HttpServerOptions options_;
  const Handler handler_;
  const ErrorRenderer render_error_;
  std::unique_ptr<Impl> impl_;
  std::vector<std::thread> threads_;
  std::atomic<int> connections_{0};
  int port_ = 0;
};

}  // namespace valohub::gateway

#endif  // VALOHUB_GATEWAY_HTTP_SERVER_H_

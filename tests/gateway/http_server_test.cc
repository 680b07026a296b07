#include "gateway/http_server.h"

#include <gtest/gtest.h>

#include "absl/time/clock.h"
#include "tests/support/hub_processes.h"

namespace valohub::gateway {
namespace {

class HttpServerTest : public ::testing::Test {
 protected:
  void Start(HttpServerOptions options) {
    options.port = 0;
    server_ = std::make_unique<HttpServer>(
        options,
        [this](HttpRequest req, HttpServer::Reply reply) {
          ++requests_;
          HttpResponse r;
          r.body = req.method + " " + req.target + " " + std::to_string(req.body.size());
          reply(std::move(r));
        },
        [](int status, const std::string& message) {
          HttpResponse r;
          r.status = status;
          r.body = message;
          return r;
        });
    ASSERT_TRUE(server_->Start().ok());
  }
  std::unique_ptr<HttpServer> server_;
  std::atomic<int> requests_{0};
};

TEST_F(HttpServerTest, KeepAliveServesManyRequestsOnOneConnection) {
  Start({});
  testing::HttpClient client(server_->port());
  for (int i = 0; i < 5; ++i) {
    auto r = client.Send("POST", "/a?b=" + std::to_string(i), "xyz");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "POST /a?b=" + std::to_string(i) + " 3");
  }
  EXPECT_EQ(server_->open_connections(), 1);
}

TEST_F(HttpServerTest, LimitsAnswerWithoutReachingTheHandler) {
  HttpServerOptions options;
  options.max_body_bytes = 100;
  options.max_header_bytes = 1024;
  Start(options);
  testing::HttpClient client(server_->port());
  EXPECT_EQ(client.Send("POST", "/", std::string(101, 'x')).status, 413);
  testing::HttpClient headers(server_->port());
  EXPECT_EQ(headers.Send("GET", "/", "", {{"X-Big", std::string(2000, 'h')}}).status, 431);
  EXPECT_EQ(requests_.load(), 0);
}

TEST_F(HttpServerTest, ConnectionLimitRefusesWith503) {
  HttpServerOptions options;
  options.max_connections = 1;
  Start(options);
  testing::HttpClient first(server_->port());
  EXPECT_EQ(first.Send("GET", "/").status, 200);
  testing::HttpClient second(server_->port());
  EXPECT_EQ(second.Send("GET", "/").status, 503);
}

TEST_F(HttpServerTest, IdleConnectionsAreClosed) {
  HttpServerOptions options;
  options.idle_timeout = absl::Milliseconds(200);
  Start(options);
  testing::HttpClient client(server_->port());
  EXPECT_EQ(client.Send("GET", "/").status, 200);
  absl::Time until = absl::Now() + absl::Seconds(5);
  while (server_->open_connections() > 0 && absl::Now() < until) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_EQ(server_->open_connections(), 0);
  EXPECT_EQ(client.Send("GET", "/").status, 200);  // the client reconnects
}

}  // namespace
}  // namespace valohub::gateway

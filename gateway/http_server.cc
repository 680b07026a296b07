#include "gateway/http_server.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/version.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace valohub::gateway {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct HttpServer::Impl {
  explicit Impl(int threads)
      : io(threads), acceptor(asio::make_strand(io)), accept_retry(acceptor.get_executor()) {}
  asio::io_context io;
  tcp::acceptor acceptor;
  asio::steady_timer accept_retry;
};

// One connection. Owned by the asynchronous operations in flight (shared_from_this is the Asio
// idiom for that); everything runs on the connection's strand.
class HttpServer::Session : public std::enable_shared_from_this<HttpServer::Session> {
 public:
  Session(tcp::socket socket, HttpServer& server)
      : stream_(std::move(socket)), server_(server) {
    ++server_.connections_;
    beast::error_code ec;
    auto endpoint = stream_.socket().remote_endpoint(ec);
    if (!ec) peer_ = absl::StrCat(endpoint.address().to_string(), ":", endpoint.port());
  }
  ~Session() { --server_.connections_; }

  void Start() {
    asio::dispatch(stream_.get_executor(),
                   beast::bind_front_handler(&Session::Read, shared_from_this(), true));
  }

  // Answers and closes (used at the connection limit).
  void Refuse(HttpResponse response) {
    keep_alive_ = false;
    Write(std::move(response));
  }

 private:
  void Read(bool first) {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_.options_.max_header_bytes));
    parser_->body_limit(server_.options_.max_body_bytes);
    stream_.expires_after(std::chrono::milliseconds(absl::ToInt64Milliseconds(
        first ? server_.options_.read_timeout : server_.options_.idle_timeout)));
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream || ec == asio::error::operation_aborted ||
        ec == beast::error::timeout || ec == asio::error::connection_reset ||
        ec == asio::error::eof) {
      return Close();
    }
    if (ec == http::error::body_limit) {
      keep_alive_ = false;
      return Write(server_.render_error_(
          413, absl::StrCat("the request body exceeds ", server_.options_.max_body_bytes,
                            " bytes")));
    }
    if (ec == http::error::header_limit) {
      keep_alive_ = false;
      return Write(server_.render_error_(431, "the request headers are too large"));
    }
    if (ec) {
      keep_alive_ = false;
      return Write(server_.render_error_(400, "the request is not valid HTTP/1.1"));
    }
    auto& req = parser_->get();
    keep_alive_ = req.keep_alive();
    HttpRequest request;
    request.method = std::string(req.method_string());
    request.target = std::string(req.target());
    for (const auto& field : req) {
      request.headers[absl::AsciiStrToLower(std::string(field.name_string()))] =
          std::string(field.value());
    }
    request.body = std::move(req.body());
    request.peer = peer_;
    // Ask for the next request only after this one is answered: no pipelining.
    stream_.expires_never();
    auto self = shared_from_this();
    server_.handler_(std::move(request), [self](HttpResponse response) {
      asio::post(self->stream_.get_executor(),
                 [self, response = std::move(response)]() mutable {
                   self->Write(std::move(response));
                 });
    });
  }

  void Write(HttpResponse response) {
    auto res = std::make_shared<http::response<http::string_body>>();
    res->version(11);
    res->result(static_cast<http::status>(response.status));
    res->set(http::field::server, "valohub-gateway");
    for (auto& [name, value] : response.headers) res->set(name, value);
    res->body() = std::move(response.body);
    res->keep_alive(keep_alive_);
    res->prepare_payload();
    stream_.expires_after(std::chrono::milliseconds(
        absl::ToInt64Milliseconds(server_.options_.read_timeout)));
    http::async_write(stream_, *res,
                      [self = shared_from_this(), res](beast::error_code ec, std::size_t) {
                        if (ec || !self->keep_alive_) return self->Close();
                        self->Read(false);
                      });
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.socket().close(ec);
  }

  beast::tcp_stream stream_;
  HttpServer& server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  bool keep_alive_ = true;
  std::string peer_;
};

HttpServer::HttpServer(HttpServerOptions options, Handler handler, ErrorRenderer render_error)
    : options_(std::move(options)),
      handler_(std::move(handler)),
      render_error_(std::move(render_error)),
      impl_(std::make_unique<Impl>(options_.threads)) {}

HttpServer::~HttpServer() { Stop(); }

absl::Status HttpServer::Start() {
  beast::error_code ec;
  auto address = asio::ip::make_address(options_.address, ec);
  if (ec) return absl::InvalidArgumentError("bad listen address " + options_.address);
  tcp::endpoint endpoint(address, static_cast<unsigned short>(options_.port));
  impl_->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl_->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl_->acceptor.bind(endpoint, ec);
  if (!ec) impl_->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options_.address, ":", options_.port, ": ", ec.message()));
  }
  port_ = impl_->acceptor.local_endpoint().port();
  Accept();
  for (int i = 0; i < options_.threads; ++i) {
    threads_.emplace_back([this] { impl_->io.run(); });
  }
  return absl::OkStatus();
}

void HttpServer::Accept() {
  impl_->acceptor.async_accept(
      asio::make_strand(impl_->io), [this](beast::error_code ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted || !impl_->acceptor.is_open()) return;
        if (ec) {
          // Out of file descriptors and the like: accepting again at once would spin.
          impl_->accept_retry.expires_after(std::chrono::milliseconds(100));
          impl_->accept_retry.async_wait([this](beast::error_code) { Accept(); });
          return;
        }
        auto session = std::make_shared<Session>(std::move(socket), *this);
        if (connections_.load() > options_.max_connections) {
          session->Refuse(render_error_(503, "too many connections; retry later"));
        } else {
          session->Start();
        }
        Accept();
      });
}

void HttpServer::StopAccepting() {
  asio::post(impl_->acceptor.get_executor(), [this] {
    beast::error_code ec;
    impl_->acceptor.close(ec);
  });
}

void HttpServer::Stop() {
  if (threads_.empty()) return;
  asio::post(impl_->acceptor.get_executor(), [this] {
    beast::error_code ec;
    impl_->acceptor.close(ec);
  });
  impl_->io.stop();
  for (auto& t : threads_) t.join();
  threads_.clear();
}

}  // namespace valohub::gateway

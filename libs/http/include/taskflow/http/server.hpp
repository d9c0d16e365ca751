#pragma once
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/beast/core/tcp_stream.hpp>

#include "taskflow/core/asio.hpp"
#include "taskflow/http/metrics.hpp"
#include "taskflow/http/router.hpp"
#include "taskflow/http/websocket.hpp"

namespace taskflow::http {

struct ServerOptions {
  std::string service;  // stamped on logs and the /health body
  std::string host = "127.0.0.1";
  unsigned short port = 0;
  std::size_t threads = 2;
  std::size_t header_limit = 16 * 1024;
  std::chrono::seconds idle_timeout{30};   // waiting for the next request on a kept-alive socket
  std::chrono::seconds read_timeout{15};   // reading one request body
  std::chrono::seconds drain_timeout{15};  // how long SIGTERM waits for in-flight requests
  // How long a starting server waits for its readiness checks before it takes connections,
  // refusing them meanwhile: a gateway sends requests to whatever accepts them, and one that
  // came before the signing keys or the revocation list were loaded could only be answered 503.
  std::chrono::seconds startup_wait{10};

  // Reads HTTP_HOST, HTTP_PORT (default `default_port`), HTTP_THREADS, HTTP_IDLE_TIMEOUT,
  // HTTP_READ_TIMEOUT, HTTP_DRAIN_TIMEOUT and HTTP_STARTUP_WAIT.
  static ServerOptions from_env(std::string service, unsigned short default_port);
};

// Checks the caller's credentials for routes marked `authenticated`; sets ctx.principal or
// throws HttpError(401).
using Authenticate = std::function<Awaitable<void>(Context&)>;
using ReadinessCheck = std::function<Awaitable<bool>()>;

// An HTTP/1.1 server on Boost.Beast: keep-alive, timeouts, size limits, JSON errors,
// X-Request-ID, an access-log line per request, /health, /ready and /metrics, and a graceful
// stop on SIGTERM or SIGINT (stop accepting, finish in-flight requests, close WebSockets with
// "going away", return from run()). A handler may upgrade its connection to a WebSocket with
// accept_websocket().
class Server {
 public:
  Server(ServerOptions options, Router& router, Metrics& metrics);
  ~Server();

  asio::io_context& io() { return io_; }
  void set_authenticator(Authenticate authenticate) { authenticate_ = std::move(authenticate); }
  void add_readiness_check(std::string dependency, ReadinessCheck check);

  // Binds (throws std::system_error naming the address if it cannot), then serves on
  // options.threads threads until stopped.
  void run();
  // Starts the graceful stop; safe from any thread.
  void stop();
  unsigned short bound_port() const { return bound_port_; }
  // WebSockets open right now (also the /metrics gauge http_websockets_open).
  std::size_t open_websockets() const;

 private:
  struct Connection;

  Awaitable<void> listen_when_ready();
  Awaitable<void> accept_loop();
  Awaitable<void> serve(std::shared_ptr<Connection> connection);
  Awaitable<Response> dispatch(Context& ctx, const Router::Match& match);
  Awaitable<void> linger(boost::beast::tcp_stream& stream);
  // Hands the connection over to a WebSocket session; false if the handshake failed.
  Awaitable<bool> upgrade(std::shared_ptr<Connection> connection, const Request& request,
                          const WebSocketAccept& accept, const std::string& request_id);
  Awaitable<Response> ready();
  // The readiness checks that fail now, by name; each one's outcome in `outcomes` if given.
  Awaitable<std::vector<std::string>> failing_checks(nlohmann::json* outcomes = nullptr);
  void finish_response(Response& response, const std::string& request_id, bool keep_alive) const;
  void record(const Context& ctx, std::string_view route, const Response& response,
              std::chrono::steady_clock::time_point started) const;
  void begin_shutdown();
  void close_idle_connections();
  void wait_for_drain(std::chrono::steady_clock::time_point close_idle_at,
                      std::chrono::steady_clock::time_point deadline);

  ServerOptions options_;
  Router& router_;
  Metrics& metrics_;
  asio::io_context io_;
  asio::strand<asio::io_context::executor_type> acceptor_strand_;
  asio::ip::tcp::acceptor acceptor_;
  asio::signal_set signals_;
  asio::steady_timer drain_timer_;
  Authenticate authenticate_;
  std::vector<std::pair<std::string, ReadinessCheck>> readiness_checks_;
  std::atomic<bool> stopping_{false};
  std::atomic<unsigned short> bound_port_{0};

  mutable std::mutex connections_mutex_;
  std::unordered_map<Connection*, std::weak_ptr<Connection>> connections_;
  std::unordered_map<WebSocketSession*, std::weak_ptr<WebSocketSession>> websockets_;
};

// A request id from the client if it is short and plain, else a new random one.
std::string choose_request_id(std::string_view from_client);

}  // namespace taskflow::http

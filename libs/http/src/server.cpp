#include "taskflow/http/server.hpp"

#include <array>
#include <random>
#include <thread>

#include <fmt/format.h>
#include <boost/beast/core.hpp>

#include "taskflow/core/config.hpp"
#include "taskflow/core/errors.hpp"
#include "taskflow/core/log.hpp"

namespace taskflow::http {
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

namespace {
// How long kept-alive connections still take requests after SIGTERM (see begin_shutdown).
constexpr std::chrono::milliseconds kIdleGrace{1000};
}  // namespace

struct Server::Connection {
  explicit Connection(tcp::socket socket) : stream(std::move(socket)) {}
  beast::tcp_stream stream;
  // Only touched on the connection's strand: true while a request is being read or handled.
  bool busy = false;
  std::string remote;
};

ServerOptions ServerOptions::from_env(std::string service, unsigned short default_port) {
  ServerOptions options;
  options.service = std::move(service);
  options.host = Env::string("HTTP_HOST", "127.0.0.1");
  options.port = static_cast<unsigned short>(Env::integer("HTTP_PORT", default_port, 1, 65535));
  auto cores = std::max(1u, std::thread::hardware_concurrency());
  options.threads = static_cast<std::size_t>(Env::integer("HTTP_THREADS", cores, 1, 256));
  options.idle_timeout = Env::seconds("HTTP_IDLE_TIMEOUT", options.idle_timeout,
                                      std::chrono::seconds(1), std::chrono::seconds(3600));
  options.read_timeout = Env::seconds("HTTP_READ_TIMEOUT", options.read_timeout,
                                      std::chrono::seconds(1), std::chrono::seconds(3600));
  options.drain_timeout = Env::seconds("HTTP_DRAIN_TIMEOUT", options.drain_timeout,
                                       std::chrono::seconds(0), std::chrono::seconds(600));
  options.startup_wait = Env::seconds("HTTP_STARTUP_WAIT", options.startup_wait,
                                      std::chrono::seconds(0), std::chrono::seconds(600));
  return options;
}

std::string choose_request_id(std::string_view from_client) {
  bool plain = !from_client.empty() && from_client.size() <= 128 &&
               std::all_of(from_client.begin(), from_client.end(), [](unsigned char c) {
                 return std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == ':';
               });
  if (plain) return std::string(from_client);
  thread_local std::mt19937_64 random{std::random_device{}()};
  return fmt::format("{:016x}{:016x}", random(), random());
}

Server::Server(ServerOptions options, Router& router, Metrics& metrics)
    : options_(std::move(options)),
      router_(router),
      metrics_(metrics),
      io_(static_cast<int>(options_.threads)),
      acceptor_strand_(asio::make_strand(io_)),
      acceptor_(acceptor_strand_),
      signals_(io_, SIGTERM, SIGINT),
      drain_timer_(io_) {
  router_.add(Verb::get, "/health", [this](Context&) -> Awaitable<Response> {
    co_return json_response(Status::ok, {{"status", "ok"}, {"service", options_.service}});
  });
  router_.add(Verb::get, "/ready", [this](Context&) { return ready(); });
  metrics_.gauge("http_websockets_open", "WebSocket connections open on this instance.",
                 [this] { return static_cast<double>(open_websockets()); });
  router_.add(Verb::get, "/metrics", [this](Context&) -> Awaitable<Response> {
    Response response{Status::ok, 11};
    response.set(beast_http::field::content_type, "text/plain; version=0.0.4");
    response.body() = metrics_.render();
    response.prepare_payload();
    co_return response;
  });
}

Server::~Server() = default;

std::size_t Server::open_websockets() const {
  std::lock_guard lock(connections_mutex_);
  return websockets_.size();
}

void Server::add_readiness_check(std::string dependency, ReadinessCheck check) {
  readiness_checks_.emplace_back(std::move(dependency), std::move(check));
}

Awaitable<std::vector<std::string>> Server::failing_checks(nlohmann::json* outcomes) {
  std::vector<std::string> failing;
  for (const auto& [dependency, check] : readiness_checks_) {
    bool ok = false;
    try {
      ok = co_await check();
    } catch (const std::exception&) {
      ok = false;
    }
    if (outcomes) (*outcomes)[dependency] = ok ? "ok" : "unavailable";
    if (!ok) failing.push_back(dependency);
  }
  co_return failing;
}

Awaitable<Response> Server::ready() {
  nlohmann::json checks = nlohmann::json::object();
  auto failing = co_await failing_checks(&checks);
  if (stopping_) failing.emplace_back("shutting down");
  if (failing.empty())
    co_return json_response(Status::ok, {{"status", "ready"}, {"checks", checks}});
  co_return json_response(
      Status::service_unavailable,
      {{"detail", fmt::format("Not ready: {}.", fmt::join(failing, ", "))}, {"checks", checks}});
}

void Server::run() {
  tcp::endpoint endpoint;
  try {
    endpoint = tcp::endpoint(asio::ip::make_address(options_.host), options_.port);
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);  // (a taken port stops the process now, not once ready)
  } catch (const std::system_error& e) {
    throw std::runtime_error(
        fmt::format("cannot listen on {}:{}: {}", options_.host, options_.port, e.what()));
  }

  signals_.async_wait([this](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    log::info("signal received, draining", {{"signal", signal}});
    begin_shutdown();
  });
  asio::co_spawn(acceptor_strand_, listen_when_ready(), asio::detached);

  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < options_.threads; ++i) threads.emplace_back([this] { io_.run(); });
  io_.run();
  for (auto& thread : threads) thread.join();
  log::info("stopped");
}

void Server::stop() {
  asio::post(io_, [this] { begin_shutdown(); });
}

void Server::begin_shutdown() {
  if (stopping_.exchange(true)) return;
  signals_.cancel();
  asio::post(acceptor_strand_, [this] {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
  });
  {
    std::lock_guard lock(connections_mutex_);
    for (auto& [raw, weak] : websockets_) {
      if (auto session = weak.lock()) {
        session->close(websocket::close_code::going_away, "server shutting down");
      }
    }
  }
  // Kept-alive connections still take requests for a moment, each answered with
  // "Connection: close". Closing them at once would race the gateway: a request it had just
  // sent on one would fail, and a POST is never retried elsewhere. By the time they close, the
  // gateway has met the refused connections of the closed acceptor and stopped choosing us.
  auto now = std::chrono::steady_clock::now();
  wait_for_drain(now + std::min<std::chrono::milliseconds>(kIdleGrace, options_.drain_timeout),
                 now + options_.drain_timeout);
}

void Server::close_idle_connections() {
  std::lock_guard lock(connections_mutex_);
  for (auto& [raw, weak] : connections_) {
    if (auto connection = weak.lock()) {
      asio::post(connection->stream.get_executor(), [connection] {
        if (!connection->busy) connection->stream.socket().close();
      });
    }
  }
}

void Server::wait_for_drain(std::chrono::steady_clock::time_point close_idle_at,
                            std::chrono::steady_clock::time_point deadline) {
  auto now = std::chrono::steady_clock::now();
  if (now >= close_idle_at) {
    close_idle_connections();  // (busy ones close after their response)
    close_idle_at = std::chrono::steady_clock::time_point::max();
  }
  std::size_t open = 0;
  {
    std::lock_guard lock(connections_mutex_);
    open = connections_.size() + websockets_.size();
  }
  if (open == 0 || now >= deadline) {
    if (open != 0) log::warn("drain timeout, closing connections", {{"open", open}});
    io_.stop();
    return;
  }
  drain_timer_.expires_after(std::chrono::milliseconds(20));
  drain_timer_.async_wait([this, close_idle_at, deadline](const boost::system::error_code&) {
    wait_for_drain(close_idle_at, deadline);
  });
}

Awaitable<void> Server::listen_when_ready() {
  // Bound but not listening: connections are refused, so a gateway tries another instance.
  auto deadline = std::chrono::steady_clock::now() + options_.startup_wait;
  asio::steady_timer pause(co_await asio::this_coro::executor);
  for (;;) {
    auto failing = co_await failing_checks();
    if (failing.empty() || stopping_) break;
    if (std::chrono::steady_clock::now() >= deadline) {
      log::warn("not ready; taking connections anyway",
                {{"waiting_for", fmt::format("{}", fmt::join(failing, ", "))}});
      break;
    }
    pause.expires_after(std::chrono::milliseconds(50));
    co_await pause.async_wait(asio::use_awaitable);
  }
  if (stopping_) co_return;
  boost::system::error_code ec;
  acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    log::error("cannot listen", {{"port", options_.port}, {"error", ec.message()}});
    begin_shutdown();
    co_return;
  }
  bound_port_ = acceptor_.local_endpoint().port();
  log::info("listening", {{"address", options_.host}, {"port", bound_port_.load()}});
  co_await accept_loop();
}

Awaitable<void> Server::accept_loop() {
  while (!stopping_) {
    tcp::socket socket(asio::make_strand(io_));
    boost::system::error_code ec;
    co_await acceptor_.async_accept(socket, asio::redirect_error(asio::use_awaitable, ec));
    if (ec == asio::error::operation_aborted || stopping_) break;
    if (ec) {
      // Out of descriptors or a reset before accept: pause briefly instead of spinning.
      log::warn("accept failed", {{"error", ec.message()}});
      asio::steady_timer pause(co_await asio::this_coro::executor, std::chrono::milliseconds(50));
      co_await pause.async_wait(asio::use_awaitable);
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    auto connection = std::make_shared<Connection>(std::move(socket));
    auto remote = connection->stream.socket().remote_endpoint(ec);
    if (!ec) connection->remote = remote.address().to_string();
    {
      std::lock_guard lock(connections_mutex_);
      connections_.emplace(connection.get(), connection);
    }
    auto executor = connection->stream.get_executor();
    asio::co_spawn(executor, serve(std::move(connection)), asio::detached);
  }
}

Awaitable<void> Server::serve(std::shared_ptr<Connection> connection) {
  auto& stream = connection->stream;
  beast::flat_buffer buffer;
  std::size_t max_body = 0;
  for (;;) {
    connection->busy = false;
    beast_http::request_parser<beast_http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(options_.header_limit));
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    boost::system::error_code ec;
    stream.expires_after(options_.idle_timeout);
    co_await beast_http::async_read_header(stream, buffer, parser,
                                           asio::redirect_error(asio::use_awaitable, ec));
    if (ec == beast_http::error::end_of_stream || ec == asio::error::operation_aborted ||
        ec == beast::error::timeout || ec == asio::error::connection_reset ||
        ec == asio::error::eof || ec == asio::error::bad_descriptor) {
      break;
    }
    connection->busy = true;
    auto started = std::chrono::steady_clock::now();
    const auto& header = parser.get();
    std::string request_id = choose_request_id(header["X-Request-ID"]);

    // Failures before a handler can run: answered here, and the connection is closed because
    // the rest of the stream can no longer be trusted to be in step.
    auto reject = [&](Status status, std::string_view detail) -> Response {
      auto response = error_response(status, detail);
      finish_response(response, request_id, false);
      return response;
    };
    std::optional<Response> early;
    if (ec == beast_http::error::header_limit) {
      early = reject(Status::request_header_fields_too_large, "Request header fields too large.");
    } else if (ec) {
      early = reject(Status::bad_request, "Malformed HTTP request.");
    }

    auto target = ec ? std::nullopt : parse_target(header.target());
    if (!early && !target) early = reject(Status::bad_request, "Malformed request target.");
    Router::Match match;
    if (!early) {
      match = router_.match(header.method(), target->path);
      max_body = match.route ? match.route->options.body_limit : RouteOptions{}.body_limit;
      auto length = parser.content_length();
      if (length && *length > max_body) {
        early = reject(Status::payload_too_large,
                       fmt::format("Request body too large (limit {} bytes).", max_body));
      }
    }
    if (!early && !parser.is_done()) {
      parser.body_limit(max_body);
      if (beast_http::token_list(header[beast_http::field::expect]).exists("100-continue")) {
        beast_http::response<beast_http::empty_body> proceed{Status::continue_, 11};
        co_await beast_http::async_write(stream, proceed,
                                         asio::redirect_error(asio::use_awaitable, ec));
        if (ec) break;
      }
      stream.expires_after(options_.read_timeout);
      co_await beast_http::async_read(stream, buffer, parser,
                                      asio::redirect_error(asio::use_awaitable, ec));
      if (ec == beast_http::error::body_limit) {
        early = reject(Status::payload_too_large,
                       fmt::format("Request body too large (limit {} bytes).", max_body));
      } else if (ec == beast::error::timeout) {
        early = reject(Status::request_timeout, "Timed out reading the request body.");
      } else if (ec) {
        break;
      }
    }

    Request request = parser.release();
    Context ctx(request, target.value_or(Target{"/", {}}), request_id, connection->remote);
    std::string_view route_label = "unmatched";
    Response response;
    bool keep_alive = false;
    if (early) {
      response = std::move(*early);
    } else {
      if (match.route) route_label = match.route->pattern;
      response = co_await dispatch(ctx, match);
      if (ctx.websocket && response.result() == Status::switching_protocols) {
        bool upgraded = co_await upgrade(connection, request, *ctx.websocket, request_id);
        response.result(upgraded ? Status::switching_protocols : Status::bad_request);
        record(ctx, route_label, response, started);
        co_return;  // the session owned the socket, even when the handshake failed
      }
      keep_alive = request.keep_alive() && !stopping_;
      finish_response(response, request_id, keep_alive);
    }
    stream.expires_after(options_.read_timeout);
    co_await beast_http::async_write(stream, response,
                                     asio::redirect_error(asio::use_awaitable, ec));
    record(ctx, route_label, response, started);
    if (!ec && early) co_await linger(stream);
    if (ec || !keep_alive) break;
  }
  boost::system::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  stream.socket().close(ignored);
  std::lock_guard lock(connections_mutex_);
  connections_.erase(connection.get());
}

Awaitable<bool> Server::upgrade(std::shared_ptr<Connection> connection, const Request& request,
                                const WebSocketAccept& accept, const std::string& request_id) {
  auto session = std::make_shared<WebSocketSession>(std::move(connection->stream), accept.options);
  {
    std::lock_guard lock(connections_mutex_);
    connections_.erase(connection.get());
    if (stopping_) co_return false;
    websockets_.emplace(session.get(), session);
  }
  auto forget = [this](WebSocketSession& ended) {
    std::lock_guard lock(connections_mutex_);
    websockets_.erase(&ended);
  };
  if (!co_await session->accept(request, request_id)) {
    forget(*session);
    co_return false;
  }
  session->start([forget, on_close = accept.on_close](WebSocketSession& ended) {
    if (on_close) on_close(ended);
    forget(ended);
  });
  if (accept.on_open) accept.on_open(session);
  // Shutdown began during the handshake, after it closed the sessions it knew of.
  if (stopping_) session->close(websocket::close_code::going_away, "server shutting down");
  co_return true;
}

// After an early rejection the client may still be sending its body. Closing at once would
// make the kernel answer that data with a reset, which can destroy our response before the
// client reads it; so stop sending, and read and discard for a moment first (nginx's
// lingering close).
Awaitable<void> Server::linger(beast::tcp_stream& stream) {
  constexpr std::size_t kMaxDiscard = 16 * 1024 * 1024;
  boost::system::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  std::array<char, 16 * 1024> scratch{};
  std::size_t discarded = 0;
  stream.expires_after(std::chrono::seconds(2));
  while (!ec && discarded < kMaxDiscard) {
    discarded += co_await stream.async_read_some(asio::buffer(scratch),
                                                 asio::redirect_error(asio::use_awaitable, ec));
  }
}

Awaitable<Response> Server::dispatch(Context& ctx, const Router::Match& match) {
  std::optional<Response> failure;
  try {
    if (match.kind == Router::Match::Kind::not_found) {
      throw HttpError(Status::not_found, "Not found.");
    }
    if (match.kind == Router::Match::Kind::method_not_allowed) {
      HttpError error(
          Status::method_not_allowed,
          fmt::format("Method \"{}\" not allowed.", std::string(ctx.request.method_string())));
      error.headers.emplace_back("Allow", match.allowed);
      throw error;
    }
    ctx.path_params = match.params;
    if (match.route->options.authenticated) {
      if (!authenticate_) throw std::logic_error("route requires authentication but none is set");
      co_await authenticate_(ctx);
    }
    co_return co_await match.route->handler(ctx);
  } catch (const HttpError& e) {
    failure = error_response(e.status(), e.detail(), e.errors());
    for (const auto& [name, value] : e.headers) failure->set(name, value);
  } catch (const DependencyUnavailable& e) {
    log::warn(
        "dependency unavailable",
        {{"request_id", ctx.request_id}, {"dependency", e.dependency()}, {"error", e.what()}});
    failure = error_response(Status::service_unavailable,
                             fmt::format("Service temporarily unavailable ({} is not reachable); "
                                         "try again shortly.",
                                         e.dependency()));
    failure->set(beast_http::field::retry_after, "1");
  } catch (const std::exception& e) {
    log::error("unhandled error", {{"request_id", ctx.request_id}, {"error", e.what()}});
    failure = error_response(Status::internal_server_error, "Internal server error.");
  }
  co_return std::move(*failure);
}

void Server::finish_response(Response& response, const std::string& request_id,
                             bool keep_alive) const {
  response.set("X-Request-ID", request_id);
  response.keep_alive(keep_alive);
}

void Server::record(const Context& ctx, std::string_view route, const Response& response,
                    std::chrono::steady_clock::time_point started) const {
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  auto method = std::string(ctx.request.method_string());
  auto status = response.result_int();
  metrics_.observe_request(route, method, status, seconds);
  nlohmann::json line{{"request_id", ctx.request_id},
                      {"method", method},
                      {"path", ctx.target.path},
                      {"route", route},
                      {"status", status},
                      {"duration_ms", std::round(seconds * 100000.0) / 100.0},
                      {"bytes_out", response.body().size()},
                      {"remote", ctx.remote_address}};
  if (ctx.principal) line["user_id"] = ctx.principal->user_id;
  log::info("request", std::move(line));
}

}  // namespace taskflow::http

#include <atomic>
#include <future>
#include <thread>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <boost/beast/core.hpp>

#include "taskflow/http/server.hpp"

using namespace taskflow;
using namespace taskflow::http;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

namespace {

// A server on an ephemeral port, run on its own thread for the test's lifetime.
class RunningServer {
 public:
  explicit RunningServer(Router& router, ServerOptions options = {}) {
    options.service = "test";
    options.port = 0;
    options.threads = 2;
    server_ = std::make_unique<Server>(options, router, metrics_);
    server_->set_authenticator([](Context& ctx) -> Awaitable<void> {
      if (ctx.request[beast_http::field::authorization] != "Bearer good") {
        throw HttpError(Status::unauthorized, "Authentication credentials were not provided.");
      }
      ctx.principal = Principal{42, "jti", "sid", {}};
      co_return;
    });
    thread_ = std::thread([this] { server_->run(); });
    while (server_->bound_port() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ~RunningServer() {
    server_->stop();
    thread_.join();
  }
  unsigned short port() const { return server_->bound_port(); }
  Server& server() { return *server_; }

 private:
  Metrics metrics_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
};

class Client {
 public:
  explicit Client(unsigned short port) : stream_(io_) {
    stream_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  }
  Response send(Request request) {
    request.prepare_payload();
    beast_http::write(stream_, request);
    return read();
  }
  Response read() {
    beast_http::response_parser<beast_http::string_body> parser;
    parser.skip(false);
    beast_http::read(stream_, buffer_, parser);
    return parser.release();
  }
  void write_raw(std::string_view bytes) { asio::write(stream_, asio::buffer(bytes)); }
  bool closed_by_peer() {
    char byte;
    boost::system::error_code ec;
    stream_.socket().read_some(asio::buffer(&byte, 1), ec);
    return ec == asio::error::eof || ec == asio::error::connection_reset;
  }

 private:
  asio::io_context io_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
};

Request make(Verb verb, std::string target, std::string body = {}) {
  Request request{verb, target, 11};
  request.set(beast_http::field::host, "localhost");
  if (!body.empty()) request.set(beast_http::field::content_type, "application/json");
  request.body() = std::move(body);
  return request;
}

nlohmann::json body_of(const Response& response) {
  return nlohmann::json::parse(response.body());
}

Router make_router() {
  Router router;
  router.add(Verb::post, "/echo/", [](Context& ctx) -> Awaitable<Response> {
    co_return json_response(Status::ok, ctx.json_object());
  });
  router.add(Verb::get, "/items/{id}/", [](Context& ctx) -> Awaitable<Response> {
    co_return json_response(Status::ok,
                            {{"id", ctx.param("id")}, {"q", ctx.query("q").value_or("")}});
  });
  router.add(Verb::get, "/me/",
             [](Context& ctx) -> Awaitable<Response> {
               co_return json_response(Status::ok, {{"user_id", ctx.user().user_id}});
             },
             {.authenticated = true});
  router.add(Verb::get, "/boom/", [](Context&) -> Awaitable<Response> {
    throw std::runtime_error("bug");
    co_return empty_response(Status::ok);
  });
  router.add(Verb::get, "/slow/", [](Context&) -> Awaitable<Response> {
    asio::steady_timer timer(co_await asio::this_coro::executor, std::chrono::milliseconds(300));
    co_await timer.async_wait(asio::use_awaitable);
    co_return json_response(Status::ok, {{"slow", true}});
  });
  return router;
}

}  // namespace

TEST(Server, ServesRoutesOverOneKeptAliveConnection) {
  auto router = make_router();
  RunningServer server(router);
  Client client(server.port());
  auto first = client.send(make(Verb::post, "/echo", R"({"x": 1})"));
  EXPECT_EQ(first.result(), Status::ok);
  EXPECT_EQ(body_of(first)["x"], 1);
  EXPECT_FALSE(first["X-Request-ID"].empty());
  auto second = client.send(make(Verb::get, "/items/9/?q=a%20b"));
  EXPECT_EQ(body_of(second)["id"], "9");
  EXPECT_EQ(body_of(second)["q"], "a b");
}

TEST(Server, AnswersUnknownPathsAndMethodsWithJsonErrors) {
  auto router = make_router();
  RunningServer server(router);
  Client client(server.port());
  auto missing = client.send(make(Verb::get, "/nope/"));
  EXPECT_EQ(missing.result(), Status::not_found);
  EXPECT_EQ(body_of(missing)["detail"], "Not found.");
  auto wrong = client.send(make(Verb::delete_, "/echo/"));
  EXPECT_EQ(wrong.result(), Status::method_not_allowed);
  EXPECT_EQ(wrong[beast_http::field::allow], "POST");
  EXPECT_TRUE(body_of(wrong).contains("detail"));
}

TEST(Server, KeepsTheClientsRequestIdAndReplacesOddOnes) {
  auto router = make_router();
  RunningServer server(router);
  Client client(server.port());
  auto request = make(Verb::get, "/health");
  request.set("X-Request-ID", "abc-123");
  EXPECT_EQ(client.send(request)["X-Request-ID"], "abc-123");
  request.set("X-Request-ID", "bad id\"with quotes");
  auto replaced = client.send(request)["X-Request-ID"];
  EXPECT_EQ(replaced.size(), 32u);
}

TEST(Server, RejectsOversizedBodiesWith413AndClosesTheConnection) {
  auto router = make_router();
  RunningServer server(router);
  Client client(server.port());
  auto response = client.send(make(Verb::post, "/echo/", std::string(2 * 1024 * 1024, ' ')));
  EXPECT_EQ(response.result(), Status::payload_too_large);
  EXPECT_TRUE(body_of(response).contains("detail"));
  EXPECT_TRUE(client.closed_by_peer());
}

TEST(Server, RejectsOversizedChunkedBodiesWhileReading) {
  auto router = make_router();
  RunningServer server(router);
  Client client(server.port());
  client.write_raw(
      "POST /echo/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
      "Content-Type: application/json\r\n\r\n");
  std::string chunk(512 * 1024, ' ');
  std::string framed = fmt::format("{:x}\r\n{}\r\n", chunk.size(), chunk);
  boost::system::error_code ignored;
  for (int i = 0; i < 3; ++i) client.write_raw(framed);
  auto response = client.read();
  EXPECT_EQ(response.result(), Status::payload_too_large);
}

TEST(Server, RejectsOversizedHeadersWith431) {
  auto router = make_router();
  RunningServer server(router);
  Client client(server.port());
  auto request = make(Verb::get, "/health");
  request.set("X-Big", std::string(32 * 1024, 'a'));
  EXPECT_EQ(client.send(request).result(), Status::request_header_fields_too_large);
}

TEST(Server, MalformedRequestIs400) {
  auto router = make_router();
  RunningServer server(router);
  Client client(server.port());
  client.write_raw("GARBAGE\r\n\r\n");
  auto response = client.read();
  EXPECT_EQ(response.result(), Status::bad_request);
  EXPECT_TRUE(body_of(response).contains("detail"));
}

TEST(Server, AuthenticatedRoutesCallTheHook) {
  auto router = make_router();
  RunningServer server(router);
  Client client(server.port());
  EXPECT_EQ(client.send(make(Verb::get, "/me/")).result(), Status::unauthorized);
  auto request = make(Verb::get, "/me/");
  request.set(beast_http::field::authorization, "Bearer good");
  auto response = client.send(request);
  EXPECT_EQ(response.result(), Status::ok);
  EXPECT_EQ(body_of(response)["user_id"], 42);
}

TEST(Server, AnUnexpectedExceptionIsA500WithJsonAndTheServerCarriesOn) {
  auto router = make_router();
  RunningServer server(router);
  Client client(server.port());
  auto response = client.send(make(Verb::get, "/boom/"));
  EXPECT_EQ(response.result(), Status::internal_server_error);
  EXPECT_EQ(body_of(response)["detail"], "Internal server error.");
  EXPECT_EQ(client.send(make(Verb::get, "/health")).result(), Status::ok);
}

TEST(Server, HealthReadyAndMetrics) {
  auto router = make_router();
  RunningServer server(router);
  bool dependency_up = true;
  server.server().add_readiness_check("postgres",
                                      [&]() -> Awaitable<bool> { co_return dependency_up; });
  Client client(server.port());
  EXPECT_EQ(client.send(make(Verb::get, "/health")).result(), Status::ok);
  EXPECT_EQ(client.send(make(Verb::get, "/ready")).result(), Status::ok);
  dependency_up = false;
  auto not_ready = client.send(make(Verb::get, "/ready"));
  EXPECT_EQ(not_ready.result(), Status::service_unavailable);
  EXPECT_EQ(body_of(not_ready)["checks"]["postgres"], "unavailable");
  auto metrics = client.send(make(Verb::get, "/metrics")).body();
  EXPECT_NE(metrics.find(R"(http_requests_total{route="/health",method="GET",status="200"} 1)"),
            std::string::npos)
      << metrics;
  EXPECT_NE(metrics.find("http_request_duration_seconds_bucket"), std::string::npos);
}

unsigned short free_port() {
  asio::io_context io;
  tcp::acceptor probe(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  return probe.local_endpoint().port();
}

// Waits up to 2 s for `server` to take connections; its port then, else 0.
unsigned short wait_listening(const Server& server) {
  for (int i = 0; i < 200 && server.bound_port() == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return server.bound_port();
}

bool refused(unsigned short port) {
  asio::io_context io;
  tcp::socket socket(io);
  boost::system::error_code ec;
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
  return ec == asio::error::connection_refused;
}

TEST(Server, RefusesConnectionsUntilItsReadinessChecksPass) {
  auto router = make_router();
  Metrics metrics;
  ServerOptions options;
  options.service = "test";
  options.port = free_port();
  Server server(options, router, metrics);
  std::atomic<bool> keys_loaded = false;
  server.add_readiness_check("auth keys", [&]() -> Awaitable<bool> { co_return keys_loaded; });
  std::thread thread([&] { server.run(); });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_TRUE(refused(options.port));
  EXPECT_EQ(server.bound_port(), 0);
  keys_loaded = true;
  ASSERT_EQ(wait_listening(server), options.port);
  Client client(options.port);
  EXPECT_EQ(client.send(make(Verb::get, "/ready")).result(), Status::ok);
  server.stop();
  thread.join();
}

TEST(Server, TakesConnectionsAnywayOnceTheStartupWaitIsOver) {
  auto router = make_router();
  Metrics metrics;
  ServerOptions options;
  options.service = "test";
  options.startup_wait = std::chrono::seconds(0);
  Server server(options, router, metrics);
  server.add_readiness_check("postgres", []() -> Awaitable<bool> { co_return false; });
  std::thread thread([&] { server.run(); });
  ASSERT_NE(wait_listening(server), 0);
  Client client(server.bound_port());
  EXPECT_EQ(client.send(make(Verb::get, "/ready")).result(), Status::service_unavailable);
  server.stop();
  thread.join();
}

TEST(Server, AfterStopAKeptAliveConnectionIsServedOnceMoreWithCloseThenClosed) {
  auto router = make_router();
  auto server = std::make_unique<RunningServer>(router);
  Client client(server->port());
  ASSERT_TRUE(client.send(make(Verb::get, "/health")).keep_alive());
  server->server().stop();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  // A gateway may already have sent its next request on the connection: it is answered.
  auto response = client.send(make(Verb::get, "/health"));
  EXPECT_EQ(response.result(), Status::ok);
  EXPECT_FALSE(response.keep_alive());
  EXPECT_TRUE(client.closed_by_peer());
  server.reset();
}

TEST(Server, AfterStopAnIdleConnectionIsClosedWithinASecond) {
  auto router = make_router();
  auto server = std::make_unique<RunningServer>(router);
  Client client(server->port());
  ASSERT_TRUE(client.send(make(Verb::get, "/health")).keep_alive());
  auto stopped = std::chrono::steady_clock::now();
  server->server().stop();
  EXPECT_TRUE(client.closed_by_peer());
  EXPECT_LT(std::chrono::steady_clock::now() - stopped, std::chrono::seconds(3));
  server.reset();
}

TEST(Server, StopFinishesInFlightRequestsThenReturns) {
  auto router = make_router();
  auto server = std::make_unique<RunningServer>(router);
  Client client(server->port());
  auto pending =
      std::async(std::launch::async, [&] { return client.send(make(Verb::get, "/slow/")); });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  server->server().stop();
  auto response = pending.get();
  EXPECT_EQ(response.result(), Status::ok);
  EXPECT_FALSE(response.keep_alive());
  server.reset();
}

#include <future>
#include <thread>

#include <gtest/gtest.h>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include "taskflow/http/server.hpp"

using namespace taskflow;
using namespace taskflow::http;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

namespace {

// The sessions the server opened, for the test to drive.
struct Opened {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::shared_ptr<WebSocketSession>> sessions;
  int closed = 0;

  std::shared_ptr<WebSocketSession> wait_for(std::size_t index) {
    std::unique_lock lock(mutex);
    changed.wait_for(lock, std::chrono::seconds(5), [&] { return sessions.size() > index; });
    return sessions.size() > index ? sessions[index] : nullptr;
  }
  bool wait_closed(int count) {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, std::chrono::seconds(5), [&] { return closed >= count; });
  }
};

class WebSocketServer {
 public:
  explicit WebSocketServer(WebSocketOptions options = {}) {
    router_.add(Verb::get, "/ws/", [this, options](Context& ctx) -> Awaitable<Response> {
      if (ctx.query("deny")) throw HttpError(Status::unauthorized, "No.");
      co_return accept_websocket(ctx,
                                 {.options = options,
                                  .on_open =
                                      [this](const std::shared_ptr<WebSocketSession>& session) {
                                        session->send("hello");
                                        std::lock_guard lock(opened.mutex);
                                        opened.sessions.push_back(session);
                                        opened.changed.notify_all();
                                      },
                                  .on_close =
                                      [this](WebSocketSession&) {
                                        std::lock_guard lock(opened.mutex);
                                        ++opened.closed;
                                        opened.changed.notify_all();
                                      }});
    });
    ServerOptions server_options;
    server_options.service = "test";
    server_options.threads = 2;
    server_ = std::make_unique<Server>(server_options, router_, metrics_);
    thread_ = std::thread([this] { server_->run(); });
    while (server_->bound_port() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  // The sessions go before the server's io_context.
  ~WebSocketServer() {
    stop();
    opened.sessions.clear();
  }
  void stop() {
    if (!thread_.joinable()) return;
    server_->stop();
    thread_.join();
  }
  unsigned short port() const { return server_->bound_port(); }
  Server& server() { return *server_; }
  Opened opened;

 private:
  Router router_;
  Metrics metrics_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
};

struct Client {
  asio::io_context io;
  websocket::stream<tcp::socket> ws{io};
  beast::flat_buffer buffer;
  websocket::response_type handshake_response;

  void connect(unsigned short port, std::string target = "/ws/") {
    ws.next_layer().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    ws.handshake(handshake_response, "localhost", target);
  }
  std::string read(boost::system::error_code& ec) {
    buffer.consume(buffer.size());
    ws.read(buffer, ec);
    return beast::buffers_to_string(buffer.data());
  }
};

}  // namespace

TEST(WebSocket, UpgradesSendsAndClosesAtTheDeadline) {
  WebSocketServer server;
  Client client;
  client.connect(server.port());
  boost::system::error_code ec;
  EXPECT_EQ(client.read(ec), "hello");
  ASSERT_FALSE(ec);
  auto session = server.opened.wait_for(0);
  ASSERT_TRUE(session);
  EXPECT_EQ(server.server().open_websockets(), 1u);
  session->send("second");
  EXPECT_EQ(client.read(ec), "second");
  session->close_at(std::chrono::system_clock::now() + std::chrono::milliseconds(50),
                    websocket::close_code::policy_error, "token expired");
  client.read(ec);
  EXPECT_EQ(ec, websocket::error::closed);
  EXPECT_EQ(client.ws.reason().code, websocket::close_code::policy_error);
  EXPECT_TRUE(server.opened.wait_closed(1));
}

TEST(WebSocket, EchoesTheSubprotocolAndRefusesPlainRequests) {
  WebSocketOptions options;
  options.subprotocol = "bearer";
  WebSocketServer server(options);
  Client client;
  client.ws.set_option(websocket::stream_base::decorator([](websocket::request_type& request) {
    request.set(beast_http::field::sec_websocket_protocol, "bearer, token");
  }));
  client.connect(server.port());
  EXPECT_EQ(client.handshake_response[beast_http::field::sec_websocket_protocol], "bearer");

  Client refused;
  EXPECT_THROW(refused.connect(server.port(), "/ws/?deny=1"), boost::system::system_error);

  asio::io_context io;
  beast::tcp_stream plain(io);
  plain.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server.port()));
  Request request{Verb::get, "/ws/", 11};
  request.set(beast_http::field::host, "localhost");
  beast_http::write(plain, request);
  beast::flat_buffer buffer;
  Response response;
  beast_http::read(plain, buffer, response);
  EXPECT_EQ(response.result(), Status::bad_request);
}

TEST(WebSocket, DropsAClientThatDoesNotKeepUp) {
  WebSocketOptions options;
  options.max_queued_bytes = 64 * 1024;
  options.send_buffer_bytes = 4096;
  WebSocketServer server(options);
  Client slow;
  slow.ws.next_layer().open(tcp::v4());
  slow.ws.next_layer().set_option(asio::socket_base::receive_buffer_size(4096));
  slow.connect(server.port());
  auto session = server.opened.wait_for(0);
  ASSERT_TRUE(session);
  std::string frame(16 * 1024, 'x');
  for (int i = 0; i < 200 && session->is_open(); ++i) {
    session->send(frame);
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  EXPECT_TRUE(server.opened.wait_closed(1));
  EXPECT_FALSE(session->is_open());
}

TEST(WebSocket, StopClosesOpenSocketsAsGoingAway) {
  WebSocketServer server;
  Client client;
  client.connect(server.port());
  boost::system::error_code ec;
  EXPECT_EQ(client.read(ec), "hello");
  auto stopped = std::async(std::launch::async, [&] { server.stop(); });
  client.read(ec);
  EXPECT_EQ(ec, websocket::error::closed);
  EXPECT_EQ(client.ws.reason().code, websocket::close_code::going_away);
  EXPECT_EQ(stopped.wait_for(std::chrono::seconds(5)), std::future_status::ready);
}

TEST(WebSocket, PingsKeepAnAnsweringClientAndDropASilentOne) {
  WebSocketOptions options;
  options.idle_timeout = std::chrono::seconds(2);  // a ping after 1 s of silence
  WebSocketServer server(options);
  Client answering;  // reads, so Beast answers the server's pings with pongs
  answering.connect(server.port());
  Client silent;  // never reads: no pong ever goes back
  silent.connect(server.port());
  ASSERT_TRUE(server.opened.wait_for(0));
  ASSERT_TRUE(server.opened.wait_for(1));

  boost::system::error_code ec;
  EXPECT_EQ(answering.read(ec), "hello");
  auto reader = std::async(std::launch::async, [&] {
    boost::system::error_code read_ec;
    auto text = answering.read(read_ec);
    return read_ec ? std::string("error: ") + read_ec.message() : text;
  });
  EXPECT_TRUE(server.opened.wait_closed(1));  // the silent one, after the idle timeout
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  auto still_open = std::find_if(server.opened.sessions.begin(), server.opened.sessions.end(),
                                 [](const auto& session) { return session->is_open(); });
  ASSERT_NE(still_open, server.opened.sessions.end());
  (*still_open)->send("still here");  // 3+ s in, past the idle timeout: pongs kept it open
  ASSERT_EQ(reader.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  EXPECT_EQ(reader.get(), "still here");
  EXPECT_EQ(server.opened.closed, 1);
}

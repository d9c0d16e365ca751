#pragma once
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>

#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket.hpp>

#include "taskflow/core/asio.hpp"
#include "taskflow/http/message.hpp"

namespace taskflow::http {

namespace websocket = boost::beast::websocket;
class Context;
class WebSocketSession;

struct WebSocketOptions {
  // Bytes of frames waiting to be written; a client that lets more pile up is too slow and is
  // dropped, so it never holds more memory or delays anyone else.
  std::size_t max_queued_bytes = 1024 * 1024;
  // Largest message accepted from the client (the push channel expects next to nothing).
  std::size_t max_incoming_bytes = 4096;
  // A ping goes out after half of this without traffic; no answer by the end closes the socket.
  std::chrono::seconds idle_timeout{30};
  std::chrono::seconds handshake_timeout{10};
  // SO_SNDBUF for the socket (0: the kernel's autotuned default). A small buffer bounds the
  // kernel memory an idle or slow client can pin, and makes a stalled reader show up sooner.
  int send_buffer_bytes = 0;
  // Echoed in Sec-WebSocket-Protocol of the 101 when not empty.
  std::string subprotocol;
};

// What a handler hands the server to turn the request's connection into a WebSocket: the
// server answers 101, then calls on_open with the session; on_close runs once when it ends.
struct WebSocketAccept {
  WebSocketOptions options;
  std::function<void(const std::shared_ptr<WebSocketSession>&)> on_open;
  std::function<void(WebSocketSession&)> on_close;
};

// For a handler: checks that the request is a WebSocket upgrade (else HttpError 400), records
// the acceptance on ctx and returns the 101 placeholder the handler returns.
Response accept_websocket(Context& ctx, WebSocketAccept accept);

// One server-side WebSocket: a reader that keeps the control frames (ping, pong, close) flowing
// and a bounded queue of outgoing text frames with one write in flight. Every operation runs on
// the connection's strand; the public methods are safe from any thread.
class WebSocketSession : public std::enable_shared_from_this<WebSocketSession> {
 public:
  WebSocketSession(boost::beast::tcp_stream stream, WebSocketOptions options);
  ~WebSocketSession();

  // Queues a text frame; drops the connection when the queue is full.
  void send(std::string text);
  // An orderly close (after the frames already queued); the reader ends when it completes.
  void close(websocket::close_code code, std::string reason);
  // close(code, reason) at `when`, unless the session ended before.
  void close_at(std::chrono::system_clock::time_point when, websocket::close_code code,
                std::string reason);
  bool is_open() const noexcept { return open_; }
  std::uint64_t id() const noexcept { return id_; }

  // For the server: the handshake (answering `request`), then the reader, which calls
  // `on_end` once when the socket is finished.
  Awaitable<bool> accept(const Request& request, const std::string& request_id);
  void start(std::function<void(WebSocketSession&)> on_end);

 private:
  Awaitable<void> read_loop(std::shared_ptr<WebSocketSession> keep_alive);
  void write_next();
  void begin_close();
  void abort();
  void clear_queue();

  websocket::stream<boost::beast::tcp_stream> ws_;
  WebSocketOptions options_;
  std::uint64_t id_;
  std::atomic<bool> open_{false};
  // Strand-only state.
  std::deque<std::string> queue_;
  std::size_t queued_bytes_ = 0;
  bool writing_ = false;
  bool closing_ = false;
  bool close_sent_ = false;
  websocket::close_reason close_reason_;
  asio::steady_timer deadline_;
  std::function<void(WebSocketSession&)> on_end_;
};

}  // namespace taskflow::http

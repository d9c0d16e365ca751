#include "taskflow/http/websocket.hpp"

#include "taskflow/core/log.hpp"
#include "taskflow/http/context.hpp"

namespace taskflow::http {
namespace beast = boost::beast;

namespace {
std::atomic<std::uint64_t> next_session_id{1};
}  // namespace

Response accept_websocket(Context& ctx, WebSocketAccept accept) {
  if (!websocket::is_upgrade(ctx.request)) {
    throw HttpError(Status::bad_request, "Expected a WebSocket upgrade request.");
  }
  ctx.websocket = std::make_shared<WebSocketAccept>(std::move(accept));
  return Response{Status::switching_protocols, ctx.request.version()};
}

WebSocketSession::WebSocketSession(beast::tcp_stream stream, WebSocketOptions options)
    : ws_(std::move(stream)),
      options_(std::move(options)),
      id_(next_session_id++),
      deadline_(ws_.get_executor()) {}

WebSocketSession::~WebSocketSession() = default;

Awaitable<bool> WebSocketSession::accept(const Request& request, const std::string& request_id) {
  auto& lowest = beast::get_lowest_layer(ws_);
  lowest.expires_never();  // the websocket's own timeouts take over
  if (options_.send_buffer_bytes > 0) {
    boost::system::error_code ignored;
    lowest.socket().set_option(asio::socket_base::send_buffer_size(options_.send_buffer_bytes),
                               ignored);
  }
  websocket::stream_base::timeout timeouts{};
  timeouts.handshake_timeout = options_.handshake_timeout;
  timeouts.idle_timeout = options_.idle_timeout;
  timeouts.keep_alive_pings = true;
  ws_.set_option(timeouts);
  ws_.read_message_max(options_.max_incoming_bytes);
  ws_.set_option(websocket::stream_base::decorator(
      [subprotocol = options_.subprotocol, request_id](websocket::response_type& response) {
        response.set("X-Request-ID", request_id);
        if (!subprotocol.empty()) {
          response.set(beast_http::field::sec_websocket_protocol, subprotocol);
        }
      }));
  boost::system::error_code ec;
  co_await ws_.async_accept(request, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return false;
  ws_.text(true);
  open_ = true;
  co_return true;
}

void WebSocketSession::start(std::function<void(WebSocketSession&)> on_end) {
  on_end_ = std::move(on_end);
  asio::co_spawn(ws_.get_executor(), read_loop(shared_from_this()), asio::detached);
}

// `keep_alive` holds the session for as long as the socket is read.
Awaitable<void> WebSocketSession::read_loop(
    [[maybe_unused]] std::shared_ptr<WebSocketSession> keep_alive) {
  beast::flat_buffer buffer;
  boost::system::error_code ec;
  // Messages from the client carry nothing we act on; reading keeps pings, pongs and the
  // close handshake moving, and notices a peer that went away.
  while (!ec) {
    co_await ws_.async_read(buffer, asio::redirect_error(asio::use_awaitable, ec));
    buffer.consume(buffer.size());
  }
  open_ = false;
  deadline_.cancel();
  if (!writing_) clear_queue();
  if (ec != websocket::error::closed) {
    boost::system::error_code ignored;
    beast::get_lowest_layer(ws_).socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(ws_).socket().close(ignored);
  }
  if (on_end_) {
    auto on_end = std::move(on_end_);
    on_end(*this);
  }
}

void WebSocketSession::send(std::string text) {
  asio::post(ws_.get_executor(), [self = shared_from_this(), text = std::move(text)]() mutable {
    if (!self->open_ || self->closing_) return;
    if (self->queued_bytes_ + text.size() > self->options_.max_queued_bytes) {
      log::warn("websocket client too slow, dropping it", {{"session", self->id_},
                                                           {"queued_frames", self->queue_.size()},
                                                           {"queued_bytes", self->queued_bytes_}});
      self->abort();
      return;
    }
    self->queued_bytes_ += text.size();
    self->queue_.push_back(std::move(text));
    if (!self->writing_) self->write_next();
  });
}

void WebSocketSession::write_next() {
  writing_ = true;
  ws_.async_write(asio::buffer(queue_.front()),
                  [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                    self->writing_ = false;
                    if (!self->queue_.empty()) {
                      self->queued_bytes_ -= self->queue_.front().size();
                      self->queue_.pop_front();
                    }
                    if (ec || !self->open_) {
                      self->abort();
                      return;
                    }
                    if (!self->queue_.empty()) {
                      self->write_next();
                    } else if (self->closing_) {
                      self->begin_close();
                    }
                  });
}

void WebSocketSession::close(websocket::close_code code, std::string reason) {
  asio::post(ws_.get_executor(), [self = shared_from_this(), code, reason = std::move(reason)] {
    if (!self->open_ || self->closing_) return;
    self->closing_ = true;
    self->close_reason_ = websocket::close_reason(code, reason);
    if (!self->writing_) self->begin_close();
  });
}

void WebSocketSession::close_at(std::chrono::system_clock::time_point when,
                                websocket::close_code code, std::string reason) {
  asio::post(ws_.get_executor(), [self = shared_from_this(), when, code,
                                  reason = std::move(reason)]() mutable {
    if (!self->open_) return;
    auto wait = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        when - std::chrono::system_clock::now());
    self->deadline_.expires_after(std::max(wait, std::chrono::steady_clock::duration::zero()));
    self->deadline_.async_wait(
        [self, code, reason = std::move(reason)](boost::system::error_code ec) mutable {
          if (!ec) self->close(code, std::move(reason));
        });
  });
}

void WebSocketSession::begin_close() {
  if (close_sent_) return;
  close_sent_ = true;
  // Bounded by the handshake timeout; the reader sees the peer's answer and ends.
  ws_.async_close(close_reason_, [self = shared_from_this()](boost::system::error_code ec) {
    if (ec) self->abort();
  });
}

void WebSocketSession::clear_queue() {
  queue_.clear();
  queued_bytes_ = 0;
}

void WebSocketSession::abort() {
  open_ = false;
  // A write in flight still reads its frame; its completion empties the queue.
  if (!writing_) clear_queue();
  boost::system::error_code ignored;
  beast::get_lowest_layer(ws_).socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  beast::get_lowest_layer(ws_).socket().close(ignored);
}

}  // namespace taskflow::http

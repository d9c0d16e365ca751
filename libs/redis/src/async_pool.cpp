#include "taskflow/redis/async_pool.hpp"

#include <array>
#include <functional>
#include <utility>

#include <fmt/format.h>
#include <hiredis/hiredis.h>

#include "taskflow/core/errors.hpp"

namespace taskflow::redis {
namespace {

using tcp = asio::ip::tcp;

DependencyUnavailable unavailable(std::string_view reason) {
  return DependencyUnavailable("redis", std::string(reason));
}

// The command as RESP: an array of bulk strings, binary-safe.
std::string encode(const std::vector<std::string>& args) {
  std::string out = fmt::format("*{}\r\n", args.size());
  for (const auto& arg : args) {
    out += fmt::format("${}\r\n", arg.size());
    out += arg;
    out += "\r\n";
  }
  return out;
}

// Calls on_expiry if still armed when `after` has passed. The timer's handler runs on the
// coroutine's executor (a strand), so it never races the coroutine; disarmed on destruction.
class Deadline {
 public:
  Deadline(const asio::any_io_executor& executor, std::chrono::milliseconds after,
           std::function<void()> on_expiry)
      : timer_(executor, after), state_(std::make_shared<State>()) {
    timer_.async_wait(
        [state = state_, on_expiry = std::move(on_expiry)](const boost::system::error_code& error) {
          if (error || state->disarmed) return;
          state->expired = true;
          on_expiry();
        });
  }
  ~Deadline() {
    state_->disarmed = true;
    timer_.cancel();
  }
  Deadline(const Deadline&) = delete;
  Deadline& operator=(const Deadline&) = delete;

  bool expired() const noexcept { return state_->expired; }

 private:
  struct State {
    bool disarmed = false;
    bool expired = false;
  };
  asio::steady_timer timer_;
  std::shared_ptr<State> state_;
};

struct FreeReader {
  void operator()(redisReader* reader) const noexcept { redisReaderFree(reader); }
};

}  // namespace

class AsyncPool::Connection {
 public:
  explicit Connection(const asio::any_io_executor& executor)
      : socket_(executor), reader_(redisReaderCreate()) {
    if (!reader_) throw unavailable("out of memory");
  }

  int fd() { return socket_.native_handle(); }
  bool broken() const noexcept { return broken_; }

  Awaitable<void> connect(const Endpoint& endpoint, const AsyncPoolOptions& options) {
    auto executor = co_await asio::this_coro::executor;
    tcp::resolver resolver(executor);
    Deadline deadline(executor, options.connect_timeout, [this, &resolver] {
      resolver.cancel();
      boost::system::error_code ignored;
      socket_.close(ignored);
    });
    boost::system::error_code error;
    auto endpoints =
        co_await resolver.async_resolve(endpoint.host, std::to_string(endpoint.port),
                                        asio::redirect_error(asio::use_awaitable, error));
    if (!error) {
      co_await asio::async_connect(socket_, endpoints,
                                   asio::redirect_error(asio::use_awaitable, error));
    }
    if (error || deadline.expired()) {
      broken_ = true;
      throw unavailable(fmt::format("connect to {}:{}: {}", endpoint.host, endpoint.port,
                                    deadline.expired() ? "timed out" : error.message()));
    }
    socket_.set_option(tcp::no_delay(true));
    socket_.set_option(asio::socket_base::keep_alive(true));
    if (!endpoint.password.empty()) {
      std::vector<std::string> auth{"AUTH"};
      if (!endpoint.username.empty()) auth.push_back(endpoint.username);
      auth.push_back(endpoint.password);
      expect_ok(co_await command(auth, options.command_timeout), "AUTH");
    }
    if (endpoint.database != 0) {
      std::vector<std::string> select{"SELECT", std::to_string(endpoint.database)};
      expect_ok(co_await command(select, options.command_timeout), "SELECT");
    }
  }

  Awaitable<Reply> command(const std::vector<std::string>& args,
                           std::chrono::milliseconds timeout) {
    std::vector<std::vector<std::string>> one{args};
    auto replies = co_await pipeline(one, timeout);
    co_return std::move(replies.front());
  }

  // Writes the commands at once, then reads their replies in order.
  Awaitable<std::vector<Reply>> pipeline(const std::vector<std::vector<std::string>>& commands,
                                         std::chrono::milliseconds timeout) {
    std::string request;
    for (const auto& args : commands) {
      // Redis ignores an empty command, so its reply would never come.
      if (args.empty()) throw std::invalid_argument("redis: empty command");
      request += encode(args);
    }
    auto executor = co_await asio::this_coro::executor;
    broken_ = true;  // until every reply is read whole
    Deadline deadline(executor, timeout, [this] {
      boost::system::error_code ignored;
      socket_.close(ignored);
    });
    boost::system::error_code error;
    co_await asio::async_write(socket_, asio::buffer(request),
                               asio::redirect_error(asio::use_awaitable, error));
    std::vector<Reply> replies;
    replies.reserve(commands.size());
    while (!error) {
      void* parsed = nullptr;
      if (redisReaderGetReply(reader_.get(), &parsed) != REDIS_OK) {
        throw unavailable(fmt::format("bad reply: {}", reader_->errstr));
      }
      if (parsed != nullptr) {
        auto* reply = static_cast<redisReply*>(parsed);
        replies.push_back(Reply::from_hiredis(*reply));
        freeReplyObject(reply);
        if (replies.size() < commands.size()) continue;
        broken_ = false;
        for (const auto& answer : replies) {
          if (is_unavailable(answer)) throw unavailable(answer.error_message());
        }
        co_return replies;
      }
      const std::size_t read = co_await socket_.async_read_some(
          asio::buffer(buffer_), asio::redirect_error(asio::use_awaitable, error));
      if (read > 0) redisReaderFeed(reader_.get(), buffer_.data(), read);
    }
    throw unavailable(deadline.expired() ? std::string("command timed out") : error.message());
  }

 private:
  static void expect_ok(const Reply& reply, std::string_view what) {
    if (reply.is_error()) {
      throw unavailable(fmt::format("{} failed: {}", what, reply.error_message()));
    }
  }

  tcp::socket socket_;
  std::unique_ptr<redisReader, FreeReader> reader_;
  std::array<char, 16 * 1024> buffer_{};
  bool broken_ = false;
};

AsyncPool::AsyncPool(std::string_view url, AsyncPoolOptions options)
    : endpoint_(parse_url(url)),
      options_(options),
      connections_("redis", options.size, options.checkout_timeout) {}

AsyncPool::~AsyncPool() = default;

void AsyncPool::close() noexcept {
  connections_.drop_idle();
}

Awaitable<Reply> AsyncPool::command(std::vector<std::string> args) {
  std::vector<std::vector<std::string>> one{std::move(args)};
  auto replies = co_await pipeline(std::move(one));
  co_return std::move(replies.front());
}

Awaitable<std::vector<Reply>> AsyncPool::pipeline(std::vector<std::vector<std::string>> commands) {
  auto open_one = [this] { return open(); };
  auto run = [&](Connection& connection) {
    return connection.pipeline(commands, options_.command_timeout);
  };
  co_return co_await connections_.run<std::vector<Reply>>(open_one, run);
}

Awaitable<std::unique_ptr<AsyncPool::Connection>> AsyncPool::open() {
  auto executor = co_await asio::this_coro::executor;
  auto connection = std::make_unique<Connection>(executor);
  co_await connection->connect(endpoint_, options_);
  co_return std::move(connection);
}

}  // namespace taskflow::redis

#include "taskflow/http/client.hpp"

#include <boost/beast/core.hpp>

#include "taskflow/core/errors.hpp"
#include "taskflow/http/url.hpp"

namespace taskflow::http {
namespace beast = boost::beast;

Awaitable<Response> fetch(std::string_view url, Verb method, std::string body,
                          std::chrono::milliseconds timeout, std::string_view dependency) {
  auto parsed = parse_http_url(url);
  if (!parsed) throw DependencyUnavailable(std::string(dependency), "bad URL " + std::string(url));
  auto executor = co_await asio::this_coro::executor;
  asio::ip::tcp::resolver resolver(executor);
  beast::tcp_stream stream(executor);
  boost::system::error_code ec;
  auto fail = [&](std::string_view step) {
    return DependencyUnavailable(std::string(dependency),
                                 std::string(step) + " " + std::string(url) + ": " + ec.message());
  };

  stream.expires_after(timeout);
  auto endpoints = co_await resolver.async_resolve(parsed->host, parsed->port,
                                                   asio::redirect_error(asio::use_awaitable, ec));
  if (ec) throw fail("resolving");
  co_await stream.async_connect(endpoints, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) throw fail("connecting to");

  Request request{method, parsed->target, 11};
  request.set(beast_http::field::host, parsed->host);
  request.set(beast_http::field::accept, "application/json");
  if (!body.empty()) request.set(beast_http::field::content_type, "application/json");
  request.body() = std::move(body);
  request.prepare_payload();
  co_await beast_http::async_write(stream, request, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) throw fail("writing to");

  beast::flat_buffer buffer;
  beast_http::response_parser<beast_http::string_body> parser;
  parser.body_limit(4 * 1024 * 1024);
  co_await beast_http::async_read(stream, buffer, parser,
                                  asio::redirect_error(asio::use_awaitable, ec));
  if (ec) throw fail("reading from");
  stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  co_return parser.release();
}

}  // namespace taskflow::http

#pragma once
// Boost 1.74 with g++ 12 in C++20 needs <utility> before Asio; include Asio through this header.
#include <utility>

#include <boost/asio.hpp>

namespace taskflow {
namespace asio = boost::asio;
template <class T = void>
using Awaitable = asio::awaitable<T>;
}  // namespace taskflow

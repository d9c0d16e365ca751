#include "domain/trusted_proxies.hpp"

#include <boost/system/error_code.hpp>

namespace taskflow::auth {
namespace {

namespace ip = boost::asio::ip;

std::optional<ip::address> parse_address(std::string_view text) {
  boost::system::error_code error;
  auto address = ip::make_address(std::string(text), error);
  if (error) return std::nullopt;
  // ::ffff:10.1.2.3 is an IPv4 peer on a dual-stack socket.
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return ip::make_address_v4(ip::v4_mapped, address.to_v6());
  }
  return address;
}

}  // namespace

std::optional<TrustedProxies> TrustedProxies::parse(std::string_view list) {
  TrustedProxies proxies;
  while (!list.empty()) {
    auto end = list.find_first_of(", ");
    auto entry = list.substr(0, end);
    list = end == std::string_view::npos ? std::string_view{} : list.substr(end + 1);
    if (entry.empty()) continue;
    boost::system::error_code error;
    const std::string text(entry);
    if (text.find('/') == std::string::npos) {
      auto address = parse_address(text);
      if (!address) return std::nullopt;
      if (address->is_v4()) {
        proxies.v4_.emplace_back(address->to_v4(), 32);
      } else {
        proxies.v6_.emplace_back(address->to_v6(), 128);
      }
    } else if (auto v4 = ip::make_network_v4(text, error); !error) {
      proxies.v4_.push_back(v4.canonical());
    } else if (auto v6 = ip::make_network_v6(text, error); !error) {
      proxies.v6_.push_back(v6.canonical());
    } else {
      return std::nullopt;
    }
  }
  return proxies;
}

bool TrustedProxies::trusts(std::string_view peer_address) const {
  auto address = parse_address(peer_address);
  if (!address) return false;
  if (address->is_v4()) {
    ip::network_v4 host(address->to_v4(), 32);
    for (const auto& network : v4_) {
      if (host == network || host.is_subnet_of(network)) return true;
    }
    return false;
  }
  ip::network_v6 host(address->to_v6(), 128);
  for (const auto& network : v6_) {
    if (host == network || host.is_subnet_of(network)) return true;
  }
  return false;
}

std::string client_address(const TrustedProxies& proxies, std::string_view peer_address,
                           std::string_view forwarded) {
  if (proxies.trusts(peer_address) && parse_address(forwarded)) return std::string(forwarded);
  return std::string(peer_address);
}

}  // namespace taskflow::auth

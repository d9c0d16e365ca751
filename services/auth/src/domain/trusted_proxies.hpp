#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>

// Which direct peers may tell the service the client's address (the gateway's X-Real-IP). On
// loopback that is the local gateway; in a cluster, the gateway pods' network.
namespace taskflow::auth {

class TrustedProxies {
 public:
  // Addresses or CIDR blocks, separated by commas and/or spaces ("127.0.0.1, ::1, 10.0.0.0/8").
  // nullopt if any entry is neither.
  static std::optional<TrustedProxies> parse(std::string_view list);

  bool trusts(std::string_view peer_address) const;

 private:
  std::vector<boost::asio::ip::network_v4> v4_;
  std::vector<boost::asio::ip::network_v6> v6_;
};

// The client's address for throttling: `forwarded` (X-Real-IP) when the peer is a trusted proxy
// and the header holds an address, else the peer itself, so clients cannot choose their bucket.
std::string client_address(const TrustedProxies& proxies, std::string_view peer_address,
                           std::string_view forwarded);

}  // namespace taskflow::auth

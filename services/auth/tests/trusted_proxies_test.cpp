#include "domain/trusted_proxies.hpp"

#include <gtest/gtest.h>

namespace taskflow::auth {
namespace {

TrustedProxies parsed(std::string_view list) {
  auto proxies = TrustedProxies::parse(list);
  EXPECT_TRUE(proxies.has_value()) << list;
  return proxies.value_or(TrustedProxies{});
}

TEST(TrustedProxies, TrustsListedAddressesAndBlocks) {
  const auto proxies = parsed("127.0.0.1, ::1 10.0.0.0/8,fd00::/8");
  EXPECT_TRUE(proxies.trusts("127.0.0.1"));
  EXPECT_TRUE(proxies.trusts("::1"));
  EXPECT_TRUE(proxies.trusts("10.244.3.17"));
  EXPECT_TRUE(proxies.trusts("fd12:3456::1"));
  EXPECT_TRUE(proxies.trusts("::ffff:10.1.2.3"));
  EXPECT_FALSE(proxies.trusts("127.0.0.2"));
  EXPECT_FALSE(proxies.trusts("11.0.0.1"));
  EXPECT_FALSE(proxies.trusts("fe80::1"));
  EXPECT_FALSE(proxies.trusts("not an address"));
  EXPECT_FALSE(proxies.trusts(""));
}

TEST(TrustedProxies, CanTrustNobody) {
  const auto proxies = parsed("");
  EXPECT_FALSE(proxies.trusts("127.0.0.1"));
}

TEST(TrustedProxies, RejectsWhatIsNotAnAddressOrBlock) {
  EXPECT_FALSE(TrustedProxies::parse("localhost"));
  EXPECT_FALSE(TrustedProxies::parse("10.0.0.0/33"));
  EXPECT_FALSE(TrustedProxies::parse("127.0.0.1, 10.0.0.0/x"));
  EXPECT_FALSE(TrustedProxies::parse("::1/129"));
}

TEST(ClientAddress, TakesTheForwardedAddressOnlyFromATrustedPeer) {
  const auto proxies = parsed("127.0.0.1");
  EXPECT_EQ(client_address(proxies, "127.0.0.1", "203.0.113.9"), "203.0.113.9");
  EXPECT_EQ(client_address(proxies, "198.51.100.4", "203.0.113.9"), "198.51.100.4");
  EXPECT_EQ(client_address(proxies, "127.0.0.1", ""), "127.0.0.1");
  EXPECT_EQ(client_address(proxies, "127.0.0.1", "anything; at all"), "127.0.0.1");
}

}  // namespace
}  // namespace taskflow::auth

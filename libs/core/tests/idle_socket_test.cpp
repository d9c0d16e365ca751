#include "taskflow/core/idle_socket.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

namespace taskflow {
namespace {

TEST(IdleSocket, IsOpenWhileThePeerIsAndClosedOnceItHangsUp) {
  int pair[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, pair), 0);
  EXPECT_FALSE(idle_socket_closed(pair[0]));
  ::close(pair[1]);
  EXPECT_TRUE(idle_socket_closed(pair[0]));
  ::close(pair[0]);
}

TEST(IdleSocket, CountsUnexpectedDataAndNoSocketAsClosed) {
  int pair[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, pair), 0);
  ASSERT_EQ(::write(pair[1], "x", 1), 1);
  EXPECT_TRUE(idle_socket_closed(pair[0]));
  ::close(pair[0]);
  ::close(pair[1]);
  EXPECT_TRUE(idle_socket_closed(-1));
}

}  // namespace
}  // namespace taskflow

#include <vector>

#include <gtest/gtest.h>

#include "batch_confirms.hpp"

using taskflow::amqp::BatchConfirms;

TEST(BatchConfirms, SingleAcksAndNacksSettleOneMessageEach) {
  std::vector<bool> acked(3, false);
  BatchConfirms confirms(11, acked);  // the batch went out as tags 11, 12, 13
  confirms.settle(12, false, true);
  EXPECT_EQ(acked, (std::vector<bool>{false, true, false}));
  EXPECT_EQ(confirms.unsettled(), 2u);
  confirms.settle(11, false, false);
  EXPECT_EQ(confirms.nacked(), 1u);
  confirms.settle(13, false, true);
  EXPECT_EQ(acked, (std::vector<bool>{false, true, true}));
  EXPECT_EQ(confirms.unsettled(), 0u);
}

TEST(BatchConfirms, MultipleSettlesEverythingUpToItsTagOnce) {
  std::vector<bool> acked(5, false);
  BatchConfirms confirms(1, acked);
  confirms.settle(2, false, false);  // nacked alone first
  confirms.settle(4, true, true);    // then 1..4 in one frame: 2 stays nacked
  EXPECT_EQ(acked, (std::vector<bool>{true, false, true, true, false}));
  EXPECT_EQ(confirms.nacked(), 1u);
  EXPECT_EQ(confirms.unsettled(), 1u);
  confirms.settle(5, true, false);
  EXPECT_EQ(acked, (std::vector<bool>{true, false, true, true, false}));
  EXPECT_EQ(confirms.nacked(), 2u);
  EXPECT_EQ(confirms.unsettled(), 0u);
}

TEST(BatchConfirms, IgnoresTagsOfOtherBatches) {
  std::vector<bool> acked(2, false);
  BatchConfirms confirms(10, acked);
  confirms.settle(9, false, true);
  confirms.settle(12, false, true);
  EXPECT_EQ(confirms.unsettled(), 2u);
  confirms.settle(99, true, true);  // never published on this channel: nonsense, ignored
  EXPECT_EQ(confirms.unsettled(), 2u);
  confirms.settle(11, true, true);
  EXPECT_EQ(acked, (std::vector<bool>{true, true}));
}

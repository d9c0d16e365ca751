#include "taskflow/events/message.hpp"

#include <gtest/gtest.h>

namespace taskflow::events {
namespace {

TEST(MakeMessage, BuildsTheEnvelopeEveryPublisherSends) {
  auto message = make_message(EventType::user_updated, "8b3c1f9e-2a4d-4c1b-9f1e-0d2c3b4a5e6f",
                              "2026-01-02T03:04:05.000006Z", 7, {{"id", 7}});
  EXPECT_EQ(message, nlohmann::json::parse(R"({
              "id": "8b3c1f9e-2a4d-4c1b-9f1e-0d2c3b4a5e6f", "type": "user_updated",
              "occurred_at": "2026-01-02T03:04:05.000006Z", "user_id": 7, "data": {"id": 7}})"));
}

}  // namespace
}  // namespace taskflow::events

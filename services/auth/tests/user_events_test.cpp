#include "domain/user_events.hpp"

#include <gtest/gtest.h>

namespace taskflow::auth {
namespace {

DirectoryEntry ada() {
  return {.id = 7,
          .username = "ada",
          .email = "Ada@Example.com",
          .first_name = "Ada",
          .last_name = "Lovelace"};
}

TEST(DirectoryData, CarriesTheDirectoryFieldsAndNothingElse) {
  EXPECT_EQ(directory_data(ada()), nlohmann::json::parse(R"({
              "id": 7, "username": "ada", "email": "Ada@Example.com", "first_name": "Ada",
              "last_name": "Lovelace"})"));
}

TEST(EventForProfileUpdate, IsUserUpdatedWhenAnyDirectoryFieldChanged) {
  for (auto change : {&DirectoryEntry::username, &DirectoryEntry::email,
                      &DirectoryEntry::first_name, &DirectoryEntry::last_name}) {
    auto after = ada();
    after.*change += "x";
    EXPECT_EQ(event_for_profile_update(ada(), after), events::EventType::user_updated);
  }
}

TEST(EventForProfileUpdate, IsNothingWhenTheValuesStayTheSame) {
  EXPECT_EQ(event_for_profile_update(ada(), ada()), std::nullopt);
}

}  // namespace
}  // namespace taskflow::auth

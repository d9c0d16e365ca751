#include "domain/timestamps.hpp"

#include <gtest/gtest.h>

#include <string>

namespace taskflow::tasks {
namespace {

using namespace std::chrono;
using namespace std::chrono_literals;

Timestamp utc(int y, unsigned m, unsigned d, hours h = 0h, minutes min = 0min, seconds s = 0s,
              microseconds us = 0us) {
  return Timestamp{sys_days(year(y) / month(m) / day(d))} + h + min + s + us;
}

TEST(ParseTimestamp, ReadsUtcWithZ) {
  EXPECT_EQ(parse_timestamp("2026-11-29T10:00:00Z"), utc(2026, 11, 29, 10h));
  EXPECT_EQ(parse_timestamp("2026-11-29t10:00:00z"), utc(2026, 11, 29, 10h));
  EXPECT_EQ(parse_timestamp("2026-11-29 10:00:00Z"), utc(2026, 11, 29, 10h));
}

TEST(ParseTimestamp, ReadsAPlainDateAsMidnightUtc) {
  EXPECT_EQ(parse_timestamp("2026-11-29"), utc(2026, 11, 29));
}

TEST(ParseTimestamp, TreatsNoZoneAsUtc) {
  EXPECT_EQ(parse_timestamp("2026-11-29T10:00:00"), utc(2026, 11, 29, 10h));
  EXPECT_EQ(parse_timestamp("2026-11-29T10:30"), utc(2026, 11, 29, 10h, 30min));
}

TEST(ParseTimestamp, ReadsFractionsToMicroseconds) {
  EXPECT_EQ(parse_timestamp("2026-11-29T10:00:00.5Z"), utc(2026, 11, 29, 10h, 0min, 0s, 500000us));
  EXPECT_EQ(parse_timestamp("2026-11-29T10:00:00.123Z"),
            utc(2026, 11, 29, 10h, 0min, 0s, 123000us));
  EXPECT_EQ(parse_timestamp("2026-11-29T10:00:00,123456Z"),
            utc(2026, 11, 29, 10h, 0min, 0s, 123456us));
  // Nanoseconds are truncated, not rounded.
  EXPECT_EQ(parse_timestamp("2026-11-29T10:00:00.123456999Z"),
            utc(2026, 11, 29, 10h, 0min, 0s, 123456us));
}

TEST(ParseTimestamp, ConvertsOffsetsToUtc) {
  EXPECT_EQ(parse_timestamp("2026-11-29T12:00:00+02:00"), utc(2026, 11, 29, 10h));
  EXPECT_EQ(parse_timestamp("2026-11-29T05:00:00-0500"), utc(2026, 11, 29, 10h));
  EXPECT_EQ(parse_timestamp("2026-11-29T15:30:00+05"), utc(2026, 11, 29, 10h, 30min));
  EXPECT_EQ(parse_timestamp("2026-11-29T10:00:00-00:00"), utc(2026, 11, 29, 10h));
  // Across a day, a month and a year.
  EXPECT_EQ(parse_timestamp("2027-01-01T01:00:00+02:00"), utc(2026, 12, 31, 23h));
  EXPECT_EQ(parse_timestamp("2026-02-28T23:30:00-01:00"), utc(2026, 3, 1, 0h, 30min));
}

TEST(ParseTimestamp, ReadsPostgresTimestamptzOutput) {
  // DateStyle ISO: a space, microseconds when not zero, and the session's offset in hours.
  EXPECT_EQ(parse_timestamp("2026-11-29 10:00:00.123456+00"),
            utc(2026, 11, 29, 10h, 0min, 0s, 123456us));
  EXPECT_EQ(parse_timestamp("2026-11-29 11:00:00+01"), utc(2026, 11, 29, 10h));
  EXPECT_EQ(parse_timestamp("2026-11-29 15:30:00+05:30"), utc(2026, 11, 29, 10h));
}

TEST(ParseTimestamp, KnowsLeapYears) {
  EXPECT_TRUE(parse_timestamp("2024-02-29"));
  EXPECT_TRUE(parse_timestamp("2000-02-29"));  // divisible by 400
  EXPECT_FALSE(parse_timestamp("2026-02-29"));
  EXPECT_FALSE(parse_timestamp("1900-02-29"));  // divisible by 100 only
  EXPECT_FALSE(parse_timestamp("2024-02-30"));
}

TEST(ParseTimestamp, RejectsOutOfRangeFields) {
  for (const char* text :
       {"2026-00-10", "2026-13-10", "2026-04-31", "2026-01-00", "2026-01-32",
        "2026-11-29T24:00:00Z", "2026-11-29T10:60:00Z", "2026-11-29T10:00:60Z",
        "2026-11-29T10:00:00+24:00", "2026-11-29T10:00:00+02:60", "0000-01-01"}) {
    EXPECT_FALSE(parse_timestamp(text)) << text;
  }
}

TEST(ParseTimestamp, RejectsInstantsOutsideYears1To9999InUtc) {
  EXPECT_FALSE(parse_timestamp("0001-01-01T00:30:00+01:00"));
  EXPECT_FALSE(parse_timestamp("9999-12-31T23:30:00-01:00"));
  EXPECT_EQ(parse_timestamp("0001-01-01"), utc(1, 1, 1));
  EXPECT_EQ(parse_timestamp("9999-12-31T23:59:59.999999Z"),
            utc(9999, 12, 31, 23h, 59min, 59s, 999999us));
}

TEST(ParseTimestamp, RejectsJunk) {
  for (const char* text : {"",
                           "tomorrow",
                           "2026",
                           "2026-11",
                           "2026-11-29T",
                           "2026-11-29T10",
                           "2026-11-29T10:00:",
                           "2026-11-29T10:00:00.",
                           "2026-11-29T10:00:00.1234567890Z",
                           "2026-11-29T10:00:00ZZ",
                           "2026-11-29T10:00:00+2",
                           "2026-11-29T10:00:00+02:",
                           "2026-11-29T10:00:00 +02:00",
                           " 2026-11-29",
                           "2026-11-29 ",
                           "2026-11-29\n",
                           "2026-1-29",
                           "26-11-29",
                           "+2026-11-29",
                           "2026/11/29",
                           "20261129",
                           "2026-11-29T10:00.5",
                           "2026-11-29X10:00:00",
                           "2026-11-29T10:00:00UTC",
                           "２０２６-11-29",
                           "2026-11-29T10:00:00\xC3\xA9"}) {
    EXPECT_FALSE(parse_timestamp(text)) << text;
  }
}

TEST(FormatTimestamp, WritesUtcWithZ) {
  EXPECT_EQ(format_timestamp(utc(2026, 11, 29, 10h)), "2026-11-29T10:00:00Z");
  EXPECT_EQ(format_timestamp(utc(1, 1, 1)), "0001-01-01T00:00:00Z");
}

TEST(FormatTimestamp, WritesMicrosecondsOnlyWhenNotZero) {
  EXPECT_EQ(format_timestamp(utc(2026, 11, 29, 10h, 0min, 0s, 500000us)),
            "2026-11-29T10:00:00.500000Z");
  EXPECT_EQ(format_timestamp(utc(2026, 11, 29, 23h, 59min, 59s, 1us)),
            "2026-11-29T23:59:59.000001Z");
}

TEST(FormatTimestamp, ReadsBackToTheSameInstant) {
  for (const Timestamp instant :
       {utc(2026, 11, 29, 10h), utc(2024, 2, 29, 23h, 59min, 59s, 999999us), utc(1969, 12, 31, 23h),
        utc(9999, 12, 31), utc(1, 1, 1, 0h, 0min, 0s, 1us)}) {
    EXPECT_EQ(parse_timestamp(format_timestamp(instant)), instant) << format_timestamp(instant);
  }
}

}  // namespace
}  // namespace taskflow::tasks

#include "domain/timestamps.hpp"

#include <cstdint>

namespace taskflow::tasks {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::microseconds;
using std::chrono::minutes;
using std::chrono::seconds;

// Reads the text left to right; every method consumes only on success.
class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  bool at_end() const { return text_.empty(); }

  bool take(char expected) {
    if (text_.empty() || text_.front() != expected) return false;
    text_.remove_prefix(1);
    return true;
  }

  // Exactly `count` ASCII digits.
  std::optional<int> number(std::size_t count) {
    if (text_.size() < count) return std::nullopt;
    int value = 0;
    for (std::size_t i = 0; i < count; ++i) {
      if (!is_digit(text_[i])) return std::nullopt;
      value = value * 10 + (text_[i] - '0');
    }
    text_.remove_prefix(count);
    return value;
  }

  // Between 1 and max_digits digits, read as a fraction of a second and truncated to
  // microseconds.
  std::optional<microseconds> fraction(std::size_t max_digits) {
    std::size_t digits = 0;
    std::int64_t micros = 0;
    while (digits < text_.size() && is_digit(text_[digits])) {
      if (digits < 6) micros = micros * 10 + (text_[digits] - '0');
      ++digits;
    }
    if (digits == 0 || digits > max_digits) return std::nullopt;
    for (std::size_t padding = digits; padding < 6; ++padding) micros *= 10;
    text_.remove_prefix(digits);
    return microseconds(micros);
  }

 private:
  static bool is_digit(char c) { return c >= '0' && c <= '9'; }

  std::string_view text_;
};

constexpr std::size_t kMaxFractionDigits = 9;

// Z, ±HH, ±HHMM or ±HH:MM, as an offset east of UTC; none means UTC.
std::optional<minutes> read_zone(Reader& reader) {
  if (reader.at_end() || reader.take('Z') || reader.take('z')) return minutes(0);
  int sign;
  if (reader.take('+')) {
    sign = 1;
  } else if (reader.take('-')) {
    sign = -1;
  } else {
    return std::nullopt;
  }
  const auto offset_hours = reader.number(2);
  if (!offset_hours || *offset_hours > 23) return std::nullopt;
  int offset_minutes = 0;
  if (!reader.at_end()) {
    reader.take(':');
    const auto read_minutes = reader.number(2);
    if (!read_minutes || *read_minutes > 59) return std::nullopt;
    offset_minutes = *read_minutes;
  }
  return minutes(sign * (*offset_hours * 60 + offset_minutes));
}

// hh:mm[:ss[.f…]] as time since midnight.
std::optional<microseconds> read_time_of_day(Reader& reader) {
  const auto hour = reader.number(2);
  if (!hour || *hour > 23 || !reader.take(':')) return std::nullopt;
  const auto minute = reader.number(2);
  if (!minute || *minute > 59) return std::nullopt;
  microseconds time = hours(*hour) + minutes(*minute);
  if (!reader.take(':')) return time;
  const auto second = reader.number(2);
  if (!second || *second > 59) return std::nullopt;
  time += seconds(*second);
  if (!reader.take('.') && !reader.take(',')) return time;
  const auto fraction = reader.fraction(kMaxFractionDigits);
  if (!fraction) return std::nullopt;
  return time + *fraction;
}

constexpr std::chrono::year kFirstYear{1};
constexpr std::chrono::year kLastYear{9999};

}  // namespace

std::optional<Timestamp> parse_timestamp(std::string_view text) {
  Reader reader(text);
  const auto year = reader.number(4);
  if (!year || !reader.take('-')) return std::nullopt;
  const auto month = reader.number(2);
  if (!month || !reader.take('-')) return std::nullopt;
  const auto day = reader.number(2);
  if (!day) return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year(*year),
                                         std::chrono::month(static_cast<unsigned>(*month)),
                                         std::chrono::day(static_cast<unsigned>(*day))};
  if (!date.ok() || date.year() < kFirstYear) return std::nullopt;
  const Timestamp midnight{std::chrono::sys_days(date)};
  if (reader.at_end()) return midnight;

  if (!reader.take('T') && !reader.take('t') && !reader.take(' ')) return std::nullopt;
  const auto time_of_day = read_time_of_day(reader);
  if (!time_of_day) return std::nullopt;
  const auto offset = read_zone(reader);
  if (!offset || !reader.at_end()) return std::nullopt;

  const Timestamp instant = midnight + *time_of_day - *offset;
  const Timestamp earliest{std::chrono::sys_days(kFirstYear / 1 / 1)};
  const Timestamp after_latest{std::chrono::sys_days((kLastYear + std::chrono::years(1)) / 1 / 1)};
  if (instant < earliest || instant >= after_latest) return std::nullopt;
  return instant;
}

std::string format_timestamp(Timestamp timestamp) {
  const auto day = std::chrono::floor<days>(timestamp);
  const std::chrono::year_month_day date{day};
  const auto since_midnight = timestamp - day;
  const auto whole_seconds = std::chrono::floor<seconds>(since_midnight);
  const std::int64_t total_seconds = whole_seconds.count();
  const std::int64_t micros = (since_midnight - whole_seconds).count();

  // Written digit by digit: a list page formats 60 of these, and snprintf was most of its cost.
  std::string text = "0000-00-00T00:00:00";
  auto put = [&text](std::size_t end, long long value, int width) {
    for (int i = 1; i <= width; ++i, value /= 10)
      text[end - i] = static_cast<char>('0' + value % 10);
  };
  put(4, static_cast<int>(date.year()), 4);
  put(7, static_cast<unsigned>(date.month()), 2);
  put(10, static_cast<unsigned>(date.day()), 2);
  put(13, total_seconds / 3600, 2);
  put(16, total_seconds / 60 % 60, 2);
  put(19, total_seconds % 60, 2);
  if (micros != 0) {
    text += ".000000";
    put(text.size(), micros, 6);
  }
  text += 'Z';
  return text;
}

}  // namespace taskflow::tasks

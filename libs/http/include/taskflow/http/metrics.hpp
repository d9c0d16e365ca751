#pragma once
#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

namespace taskflow::http {

// Prometheus metrics: request counts and latency histograms by route and status, plus the
// service's own counters and gauges.
class Metrics {
 public:
  static constexpr std::array<double, 12> kBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                   0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

  void observe_request(std::string_view route, std::string_view method, unsigned status,
                       double seconds);

  // A monotonically increasing counter, registered once and incremented lock-free.
  std::atomic<std::uint64_t>& counter(const std::string& name, const std::string& help);
  // A value read at scrape time.
  void gauge(const std::string& name, const std::string& help, std::function<double()> read);

  std::string render() const;

 private:
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  struct Counter {
    std::string help;
    std::unique_ptr<std::atomic<std::uint64_t>> value;
  };
  struct Gauge {
    std::string help;
    std::function<double()> read;
  };

  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, unsigned>, std::uint64_t> requests_;
  std::map<std::pair<std::string, std::string>, Histogram> latency_;
  std::map<std::string, Counter> counters_;
  std::map<std::string, Gauge> gauges_;
};

}  // namespace taskflow::http

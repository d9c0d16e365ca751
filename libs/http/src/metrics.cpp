#include "taskflow/http/metrics.hpp"

#include <fmt/format.h>

namespace taskflow::http {

void Metrics::observe_request(std::string_view route, std::string_view method, unsigned status,
                              double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{std::string(route), std::string(method), status}];
  auto& histogram = latency_[{std::string(route), std::string(method)}];
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++histogram.buckets[i];
  }
  ++histogram.count;
  histogram.sum += seconds;
}

std::atomic<std::uint64_t>& Metrics::counter(const std::string& name, const std::string& help) {
  std::lock_guard lock(mutex_);
  auto& entry = counters_[name];
  if (!entry.value) {
    entry.help = help;
    entry.value = std::make_unique<std::atomic<std::uint64_t>>(0);
  }
  return *entry.value;
}

void Metrics::gauge(const std::string& name, const std::string& help,
                    std::function<double()> read) {
  std::lock_guard lock(mutex_);
  gauges_[name] = Gauge{help, std::move(read)};
}

std::string Metrics::render() const {
  std::lock_guard lock(mutex_);
  std::string out;
  out += "# HELP http_requests_total HTTP requests by route, method and status.\n";
  out += "# TYPE http_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    const auto& [route, method, status] = key;
    out += fmt::format("http_requests_total{{route=\"{}\",method=\"{}\",status=\"{}\"}} {}\n",
                       route, method, status, count);
  }
  out += "# HELP http_request_duration_seconds Time from request read to response written.\n";
  out += "# TYPE http_request_duration_seconds histogram\n";
  for (const auto& [key, histogram] : latency_) {
    const auto& [route, method] = key;
    auto labels = fmt::format("route=\"{}\",method=\"{}\"", route, method);
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      out += fmt::format("http_request_duration_seconds_bucket{{{},le=\"{}\"}} {}\n", labels,
                         kBuckets[i], histogram.buckets[i]);
    }
    out += fmt::format("http_request_duration_seconds_bucket{{{},le=\"+Inf\"}} {}\n", labels,
                       histogram.count);
    out += fmt::format("http_request_duration_seconds_sum{{{}}} {}\n", labels, histogram.sum);
    out += fmt::format("http_request_duration_seconds_count{{{}}} {}\n", labels, histogram.count);
  }
  for (const auto& [name, counter] : counters_) {
    out += fmt::format("# HELP {} {}\n# TYPE {} counter\n{} {}\n", name, counter.help, name, name,
                       counter.value->load());
  }
  for (const auto& [name, gauge] : gauges_) {
    out += fmt::format("# HELP {} {}\n# TYPE {} gauge\n{} {}\n", name, gauge.help, name, name,
                       gauge.read());
  }
  return out;
}

}  // namespace taskflow::http

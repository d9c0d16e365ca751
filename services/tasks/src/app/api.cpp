#include "app/api.hpp"

#include "app/task_store.hpp"
#include "domain/attachments.hpp"
#include "domain/multipart.hpp"
#include "domain/path_id.hpp"
#include "domain/task_validation.hpp"
#include "domain/text.hpp"
#include "taskflow/core/log.hpp"

namespace taskflow::tasks {
namespace {

using http::Context;
using http::HttpError;
using http::Response;
using http::Status;

constexpr std::size_t kCommentsInDetail = 100;
constexpr std::size_t kMultipartOverhead = 64 * 1024;

HttpError not_found() {
  return HttpError(Status::not_found, "Not found.");
}

template <class T>
const T& valid_or_400(const Validated<T>& validated) {
  if (!validated.ok()) http::throw_validation(validated.errors());
  return validated.value();
}

Timestamp now() {
  return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
}

std::int64_t path_id(const Context& ctx, std::string_view name) {
  auto id = parse_id(ctx.param(name));
  if (!id) throw not_found();
  return *id;
}

// The absolute URL of this request's path, for the pagination links, as the client sees it
// through the gateway.
std::string base_url(const Context& ctx) {
  auto proto = ctx.request["X-Forwarded-Proto"];
  auto host = ctx.request[http::beast_http::field::host];
  return std::string(proto.empty() ? "http" : proto) + "://" + std::string(host) + ctx.target.path;
}

// As http::json_response writes bodies: invalid UTF-8 replaced, never an exception.
std::string json_text(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// DRF's page object around `results`, an array already written as JSON text.
std::string paginated(const Context& ctx, const PageRequest& page, std::int64_t count,
                      std::string_view results) {
  auto links = page_links(base_url(ctx), ctx.target.query, page, count);
  auto link = [](std::string& out, const std::optional<std::string>& url) {
    if (url) {
      text::append_json_string(out, *url);
    } else {
      out += "null";
    }
  };
  std::string body = "{\"count\":" + std::to_string(count) + ",\"next\":";
  link(body, links.next);
  body += ",\"previous\":";
  link(body, links.previous);
  body += ",\"results\":";
  body += results;
  body += '}';
  return body;
}

class TasksApi {
 public:
  explicit TasksApi(TasksDeps deps) : d_(deps) {}

  Awaitable<Response> list(Context& ctx) {
    auto user_id = ctx.user().user_id;
    const auto query = valid_or_400(parse_list_query(ctx.target.query));
    auto at = now();
    TaskPage page;
    if (!query.search_terms.empty()) {
      page = co_await d_.db.run([&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        return task_store::counted_page(tx, user_id, query);
      });
    } else {
      // Without a search, the count comes from the user's summary, usually cached.
      auto summary = co_await current_summary(user_id, at);
      page.count = summary.count(query.statuses, query.priorities);
      if (page_exists(query.page, page.count)) {
        page.tasks = co_await task_store::page(d_.io_db, user_id, query);
      }
    }
    if (!page_exists(query.page, page.count)) {
      throw HttpError(Status::not_found, "Invalid page.");
    }
    std::string results = "[";
    for (const auto& task : page.tasks) {
      if (results.size() > 1) results += ',';
      results += task_json_text(task);
    }
    results += ']';
    co_return http::json_text_response(Status::ok, paginated(ctx, query.page, page.count, results));
  }

  Awaitable<Response> create(Context& ctx) {
    auto user_id = ctx.user().user_id;
    const auto input = valid_or_400(validate_task_create(ctx.json_object()));
    auto at = now();
    auto task = co_await task_store::insert_created(d_.io_db, make_task(input, user_id, at), at);
    co_await d_.summaries.invalidate(user_id);
    d_.events_written();
    co_return http::json_text_response(Status::created, task_json_text(task));
  }

  Awaitable<Response> get(Context& ctx) {
    auto user_id = ctx.user().user_id;
    auto id = path_id(ctx, "id");
    auto detail = co_await task_store::find_detail(d_.io_db, user_id, id, kCommentsInDetail);
    if (!detail) throw not_found();
    std::string body = "{";
    append_task_members(body, detail->task);
    auto comments = nlohmann::json::array();
    for (const auto& comment : detail->comments) comments.push_back(comment_to_json(comment));
    auto attachments = nlohmann::json::array();
    for (const auto& attachment : detail->attachments) {
      attachments.push_back(attachment_to_json(attachment));
    }
    body +=
        ",\"comments\":" + json_text(comments) + ",\"attachments\":" + json_text(attachments) + "}";
    co_return http::json_text_response(Status::ok, std::move(body));
  }

  Awaitable<Response> update(Context& ctx, bool partial) {
    auto user_id = ctx.user().user_id;
    auto id = path_id(ctx, "id");
    const auto changes = valid_or_400(validate_task_update(ctx.json_object(), partial));
    auto at = now();
    auto updated = co_await d_.db.run([&](pqxx::connection& c) -> std::optional<Task> {
      pqxx::work tx(c);
      auto before = task_store::find(tx, user_id, id, true);
      if (!before) return std::nullopt;
      auto after = apply_changes(*before, changes, at);
      task_store::save(tx, after);
      if (auto event = event_for_update(*before, after)) {
        task_store::enqueue_event(tx, *event, user_id, id, task_to_json(after), at);
      }
      tx.commit();
      return after;
    });
    if (!updated) throw not_found();
    co_await d_.summaries.invalidate(user_id);
    d_.events_written();
    co_return http::json_response(Status::ok, task_to_json(*updated));
  }

  Awaitable<Response> remove(Context& ctx) {
    auto user_id = ctx.user().user_id;
    auto id = path_id(ctx, "id");
    auto at = now();
    auto files = co_await d_.db.run([&](pqxx::connection& c) {
      pqxx::work tx(c);
      auto task = task_store::find(tx, user_id, id, true);
      if (!task) return std::optional<std::vector<std::string>>();
      auto removed = task_store::remove(tx, user_id, id);
      task_store::enqueue_event(tx, EventType::task_deleted, user_id, id, task_to_json(*task), at);
      tx.commit();
      return removed;
    });
    if (!files) throw not_found();
    co_await d_.summaries.invalidate(user_id);
    d_.events_written();
    // The rows are gone for good once committed; the files follow.
    co_await d_.file_calls.run([&] { d_.files.remove(*files); });
    co_return http::empty_response(Status::no_content);
  }

  Awaitable<Response> stats(Context& ctx) {
    auto user_id = ctx.user().user_id;
    auto at = now();
    auto summary = co_await current_summary(user_id, at);
    co_return http::json_response(Status::ok, stats_json(summary));
  }

  Awaitable<Response> bulk_update(Context& ctx) {
    auto user_id = ctx.user().user_id;
    const auto bulk = valid_or_400(validate_bulk_update(ctx.json_object()));
    auto at = now();
    auto updated = co_await d_.db.run([&](pqxx::connection& c) {
      pqxx::work tx(c);
      auto tasks = task_store::find_many_for_update(tx, user_id, bulk.task_ids);
      for (const auto& before : tasks) {
        auto after = apply_changes(before, bulk.changes, at);
        task_store::save(tx, after);
        if (auto event = event_for_update(before, after)) {
          task_store::enqueue_event(tx, *event, user_id, after.id, task_to_json(after), at);
        }
      }
      tx.commit();
      return tasks.size();
    });
    if (updated == 0) throw HttpError(Status::not_found, "None of the given tasks were found.");
    co_await d_.summaries.invalidate(user_id);
    d_.events_written();
    co_return http::json_response(
        Status::ok, {{"message", "Successfully updated " + std::to_string(updated) + " tasks."},
                     {"updated_count", updated}});
  }

  Awaitable<Response> comments(Context& ctx) {
    auto user_id = ctx.user().user_id;
    auto id = path_id(ctx, "id");
    const auto page = valid_or_400(parse_page_request(ctx.target.query));
    auto found = co_await d_.db.run(
        [&](pqxx::connection& c) -> std::optional<std::pair<std::int64_t, std::vector<Comment>>> {
          pqxx::nontransaction tx(c);
          if (!task_store::find(tx, user_id, id, false)) return std::nullopt;
          return task_store::comments(tx, id, page);
        });
    if (!found) throw not_found();
    if (!page_exists(page, found->first)) throw HttpError(Status::not_found, "Invalid page.");
    auto results = nlohmann::json::array();
    for (const auto& comment : found->second) results.push_back(comment_to_json(comment));
    co_return http::json_text_response(Status::ok,
                                       paginated(ctx, page, found->first, json_text(results)));
  }

  Awaitable<Response> add_comment(Context& ctx) {
    auto user_id = ctx.user().user_id;
    auto id = path_id(ctx, "id");
    const auto input = valid_or_400(validate_comment(ctx.json_object()));
    auto at = now();
    auto comment = co_await d_.db.run([&](pqxx::connection& c) -> std::optional<Comment> {
      pqxx::work tx(c);
      auto task = task_store::find(tx, user_id, id, true);
      if (!task) return std::nullopt;
      auto stored = task_store::add_comment(tx, Comment{0, id, user_id, input.content, at, at});
      auto data = task_to_json(*task);
      data["comment"] = comment_to_json(stored);
      task_store::enqueue_event(tx, EventType::comment_added, user_id, id, std::move(data), at);
      tx.commit();
      return stored;
    });
    if (!comment) throw not_found();
    d_.events_written();
    co_return http::json_response(Status::created, comment_to_json(*comment));
  }

  Awaitable<Response> attachments(Context& ctx) {
    auto user_id = ctx.user().user_id;
    auto id = path_id(ctx, "id");
    auto found =
        co_await d_.db.run([&](pqxx::connection& c) -> std::optional<std::vector<Attachment>> {
          pqxx::nontransaction tx(c);
          if (!task_store::find(tx, user_id, id, false)) return std::nullopt;
          return task_store::attachments(tx, id);
        });
    if (!found) throw not_found();
    auto results = nlohmann::json::array();
    for (const auto& attachment : *found) results.push_back(attachment_to_json(attachment));
    co_return http::json_response(Status::ok, results);
  }

  Awaitable<Response> upload(Context& ctx) {
    auto user_id = ctx.user().user_id;
    auto id = path_id(ctx, "id");
    auto parsed =
        parse_multipart(ctx.request[http::beast_http::field::content_type], ctx.request.body(), 16);
    if (auto* error = std::get_if<MultipartError>(&parsed)) {
      throw HttpError(Status::bad_request, error->detail);
    }
    const auto upload =
        valid_or_400(validate_file_upload(std::get<std::vector<MultipartPart>>(parsed), "file"));
    if (upload.content.size() > d_.config.max_upload_bytes) {
      throw HttpError(
          Status::payload_too_large,
          "File too large (limit " + std::to_string(d_.config.max_upload_bytes) + " bytes).");
    }
    auto storage_name = co_await d_.file_calls.run([&] { return d_.files.store(upload.content); });
    auto at = now();
    std::optional<Attachment> stored;
    std::exception_ptr failure;
    try {
      stored = co_await d_.db.run([&](pqxx::connection& c) -> std::optional<Attachment> {
        pqxx::work tx(c);
        if (!task_store::find(tx, user_id, id, true)) return std::nullopt;
        auto row = task_store::add_attachment(
            tx,
            Attachment{0, id, user_id, upload.file_name, storage_name,
                       static_cast<std::int64_t>(upload.content.size()), upload.content_type, at});
        tx.commit();
        return row;
      });
    } catch (...) {
      failure = std::current_exception();
    }
    if (failure) {
      // No row points at the file: take it away again before reporting the failure.
      co_await d_.file_calls.run([&] { d_.files.remove({storage_name}); });
      std::rethrow_exception(failure);
    }
    if (!stored) {
      co_await d_.file_calls.run([&] { d_.files.remove({storage_name}); });
      throw not_found();
    }
    co_return http::json_response(Status::created, attachment_to_json(*stored));
  }

  Awaitable<Response> download(Context& ctx) {
    auto user_id = ctx.user().user_id;
    auto id = path_id(ctx, "id");
    auto attachment_id = path_id(ctx, "aid");
    auto attachment = co_await d_.db.run([&](pqxx::connection& c) {
      pqxx::nontransaction tx(c);
      return task_store::find_attachment(tx, user_id, id, attachment_id);
    });
    if (!attachment) throw not_found();
    auto bytes =
        co_await d_.file_calls.run([&] { return d_.files.read(attachment->storage_name); });
    Response response{Status::ok, 11};
    response.set(http::beast_http::field::content_type, attachment->mime_type);
    response.set(http::beast_http::field::content_disposition,
                 content_disposition_attachment(attachment->file_name));
    response.set("X-Content-Type-Options", "nosniff");
    response.body() = std::move(bytes);
    response.prepare_payload();
    co_return response;
  }

 private:
  // The user's summary: cached (looked up on the I/O thread), else computed and cached.
  Awaitable<TaskSummary> current_summary(std::int64_t user_id, Timestamp at) {
    auto cached = co_await d_.summaries.find(user_id, at);
    if (cached.summary) co_return *cached.summary;
    co_return co_await d_.db.run([&](pqxx::connection& c) {
      pqxx::nontransaction tx(c);
      auto fresh = task_store::summary(tx, user_id, at);
      if (cached.version) d_.summaries.store(user_id, *cached.version, fresh);
      return fresh;
    });
  }

  TasksDeps d_;
};

}  // namespace

void add_task_routes(http::Router& router, TasksDeps deps) {
  auto api = std::make_shared<TasksApi>(deps);
  http::RouteOptions authenticated{.authenticated = true};
  auto route = [&](http::Verb verb, std::string path, auto method, http::RouteOptions options) {
    router.add(
        verb, std::move(path), [api, method](Context& ctx) { return ((*api).*method)(ctx); },
        options);
  };
  route(http::Verb::get, "/api/tasks/", &TasksApi::list, authenticated);
  route(http::Verb::post, "/api/tasks/", &TasksApi::create, authenticated);
  route(http::Verb::get, "/api/tasks/stats/", &TasksApi::stats, authenticated);
  route(http::Verb::post, "/api/tasks/bulk-update/", &TasksApi::bulk_update, authenticated);
  route(http::Verb::get, "/api/tasks/{id}/", &TasksApi::get, authenticated);
  route(http::Verb::delete_, "/api/tasks/{id}/", &TasksApi::remove, authenticated);
  route(http::Verb::get, "/api/tasks/{id}/comments/", &TasksApi::comments, authenticated);
  route(http::Verb::post, "/api/tasks/{id}/comments/", &TasksApi::add_comment, authenticated);
  route(http::Verb::get, "/api/tasks/{id}/attachments/", &TasksApi::attachments, authenticated);
  route(http::Verb::post, "/api/tasks/{id}/attachments/", &TasksApi::upload,
        http::RouteOptions{.authenticated = true,
                           .body_limit = deps.config.max_upload_bytes + kMultipartOverhead});
  route(http::Verb::get, "/api/tasks/{id}/attachments/{aid}/", &TasksApi::download, authenticated);
  router.add(
      http::Verb::patch, "/api/tasks/{id}/", [api](Context& ctx) { return api->update(ctx, true); },
      authenticated);
  router.add(
      http::Verb::put, "/api/tasks/{id}/", [api](Context& ctx) { return api->update(ctx, false); },
      authenticated);
}

}  // namespace taskflow::tasks

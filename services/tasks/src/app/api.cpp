#include "app/api.hpp"

#include "app/handlers.hpp"
#include "app/pagination.hpp"
#include "domain/attachments.hpp"
#include "domain/task_validation.hpp"
#include "taskflow/http/multipart.hpp"

namespace taskflow::tasks {
namespace {

using http::Context;
using http::HttpError;
using http::Response;
using http::Status;

constexpr std::size_t kMultipartOverhead = 64 * 1024;
constexpr std::size_t kMaxMultipartParts = 16;
constexpr std::string_view kFileField = "file";

std::vector<http::MultipartPart> multipart_parts(const Context& ctx) {
  auto parsed = http::parse_multipart(ctx.request[http::beast_http::field::content_type],
                                      ctx.request.body(), kMaxMultipartParts);
  if (auto* error = std::get_if<http::MultipartError>(&parsed)) {
    throw HttpError(Status::bad_request, error->detail);
  }
  return std::get<std::vector<http::MultipartPart>>(std::move(parsed));
}

// The form's field of that name, if it has one; it points into `parts`.
std::optional<SubmittedFile> form_field(const std::vector<http::MultipartPart>& parts,
                                        std::string_view name) {
  const auto* part = http::find_part(parts, name);
  if (!part) return std::nullopt;
  return SubmittedFile{
      .file_name = part->file_name(), .content_type = part->content_type, .content = part->body};
}

class TasksApi {
 public:
  TasksApi(const TasksConfig& config, TaskService& tasks)
      : max_upload_bytes_(config.max_upload_bytes), tasks_(tasks) {}

  Awaitable<Response> list(Context& ctx) {
    const auto caller = caller_of(ctx);
    const auto query = http::valid_or_400(parse_list_query(ctx.target.query));
    auto page = found_or_404(co_await tasks_.list(caller, query));
    if (!page_exists(query.page, page.count)) throw invalid_page();
    co_return page_response(ctx, query.page, page.count, page.results);
  }

  Awaitable<Response> create(Context& ctx) {
    const auto caller = caller_of(ctx);
    const auto input = http::valid_or_400(validate_task_create(ctx.json_object()));
    auto task = co_await tasks_.create(caller, input);
    if (!task) throw unknown_project(*input.project_id);
    co_return http::json_text_response(Status::created, task_json_text(*task));
  }

  Awaitable<Response> get(Context& ctx) {
    const auto caller = caller_of(ctx);
    auto id = path_id(ctx, "id");
    auto detail = found_or_404(co_await tasks_.detail(caller, id));
    std::string body = "{";
    append_task_members(body, detail.task);
    body += ",\"comments\":" + json_text(json_array(detail.comments, comment_to_json)) +
            ",\"attachments\":" + json_text(json_array(detail.attachments, attachment_to_json)) +
            "}";
    co_return http::json_text_response(Status::ok, std::move(body));
  }

  Awaitable<Response> update(Context& ctx, bool partial) {
    const auto caller = caller_of(ctx);
    auto id = path_id(ctx, "id");
    const auto changes = http::valid_or_400(validate_task_update(ctx.json_object(), partial));
    auto task = found_or_404(co_await tasks_.update(caller, id, changes));
    co_return http::json_response(Status::ok, task_to_json(task));
  }

  Awaitable<Response> remove(Context& ctx) {
    const auto caller = caller_of(ctx);
    auto id = path_id(ctx, "id");
    if (!co_await tasks_.remove(caller, id)) throw not_found();
    co_return http::empty_response(Status::no_content);
  }

  Awaitable<Response> stats(Context& ctx) {
    const auto caller = caller_of(ctx);
    const auto query = http::valid_or_400(parse_stats_query(ctx.target.query));
    auto summary = found_or_404(co_await tasks_.stats(caller, query));
    co_return http::json_response(Status::ok, stats_json(summary));
  }

  Awaitable<Response> bulk_update(Context& ctx) {
    const auto caller = caller_of(ctx);
    const auto bulk = http::valid_or_400(validate_bulk_update(ctx.json_object()));
    auto updated = co_await tasks_.bulk_update(caller, bulk);
    if (updated == 0) throw HttpError(Status::not_found, "None of the given tasks were found.");
    co_return http::json_response(
        Status::ok, {{"message", "Successfully updated " + std::to_string(updated) + " tasks."},
                     {"updated_count", updated}});
  }

  Awaitable<Response> move(Context& ctx) {
    const auto caller = caller_of(ctx);
    auto id = path_id(ctx, "id");
    const auto move = http::valid_or_400(validate_board_move(ctx.json_object()));
    auto task = found_or_404(co_await tasks_.move(caller, id, move));
    co_return http::json_text_response(Status::ok, task_json_text(task));
  }

  Awaitable<Response> activity(Context& ctx) {
    const auto caller = caller_of(ctx);
    auto id = path_id(ctx, "id");
    const auto page = http::valid_or_400(parse_page_request(ctx.target.query));
    auto found = found_or_404(co_await tasks_.activity(caller, id, page));
    if (!page_exists(page, found.count)) throw invalid_page();
    co_return page_response(ctx, page, found.count,
                            json_text(json_array(found.entries, activity_to_json)));
  }

  Awaitable<Response> comments(Context& ctx) {
    const auto caller = caller_of(ctx);
    auto id = path_id(ctx, "id");
    const auto page = http::valid_or_400(parse_page_request(ctx.target.query));
    auto found = found_or_404(co_await tasks_.comments(caller, id, page));
    if (!page_exists(page, found.count)) throw invalid_page();
    co_return page_response(ctx, page, found.count,
                            json_text(json_array(found.comments, comment_to_json)));
  }

  Awaitable<Response> add_comment(Context& ctx) {
    const auto caller = caller_of(ctx);
    auto id = path_id(ctx, "id");
    const auto input = http::valid_or_400(validate_comment(ctx.json_object()));
    auto comment = found_or_404(co_await tasks_.add_comment(caller, id, input));
    co_return http::json_response(Status::created, comment_to_json(comment));
  }

  Awaitable<Response> attachments(Context& ctx) {
    const auto caller = caller_of(ctx);
    auto id = path_id(ctx, "id");
    auto found = found_or_404(co_await tasks_.attachments(caller, id));
    co_return http::json_response(Status::ok, json_array(found, attachment_to_json));
  }

  Awaitable<Response> upload(Context& ctx) {
    const auto caller = caller_of(ctx);
    auto id = path_id(ctx, "id");
    const auto parts = multipart_parts(ctx);
    const auto upload =
        http::valid_or_400(validate_file_upload(form_field(parts, kFileField), kFileField));
    if (upload.content.size() > max_upload_bytes_) {
      throw HttpError(Status::payload_too_large,
                      "File too large (limit " + std::to_string(max_upload_bytes_) + " bytes).");
    }
    auto stored = found_or_404(co_await tasks_.upload(caller, id, upload));
    co_return http::json_response(Status::created, attachment_to_json(stored));
  }

  Awaitable<Response> download(Context& ctx) {
    const auto caller = caller_of(ctx);
    auto id = path_id(ctx, "id");
    auto attachment_id = path_id(ctx, "aid");
    auto download = found_or_404(co_await tasks_.download(caller, id, attachment_id));
    Response response{Status::ok, 11};
    response.set(http::beast_http::field::content_type,
                 served_content_type(download.attachment.mime_type));
    response.set(http::beast_http::field::content_disposition,
                 content_disposition_attachment(download.attachment.file_name));
    response.set("X-Content-Type-Options", "nosniff");
    response.body() = std::move(download.bytes);
    response.prepare_payload();
    co_return response;
  }

 private:
  std::size_t max_upload_bytes_;
  TaskService& tasks_;
};

}  // namespace

void add_task_routes(http::Router& router, const TasksConfig& config, TaskService& tasks) {
  auto api = std::make_shared<TasksApi>(config, tasks);
  http::RouteOptions authenticated{.authenticated = true};
  auto route = [&](http::Verb verb, std::string path, auto method, http::RouteOptions options) {
    router.add(
        verb, std::move(path),
        [api, method](Context& ctx) { return answer_refusals(((*api).*method)(ctx)); }, options);
  };
  route(http::Verb::get, "/api/tasks/", &TasksApi::list, authenticated);
  route(http::Verb::post, "/api/tasks/", &TasksApi::create, authenticated);
  route(http::Verb::get, "/api/tasks/stats/", &TasksApi::stats, authenticated);
  route(http::Verb::post, "/api/tasks/bulk-update/", &TasksApi::bulk_update, authenticated);
  route(http::Verb::get, "/api/tasks/{id}/", &TasksApi::get, authenticated);
  route(http::Verb::delete_, "/api/tasks/{id}/", &TasksApi::remove, authenticated);
  route(http::Verb::post, "/api/tasks/{id}/move/", &TasksApi::move, authenticated);
  route(http::Verb::get, "/api/tasks/{id}/activity/", &TasksApi::activity, authenticated);
  route(http::Verb::get, "/api/tasks/{id}/comments/", &TasksApi::comments, authenticated);
  route(http::Verb::post, "/api/tasks/{id}/comments/", &TasksApi::add_comment, authenticated);
  route(http::Verb::get, "/api/tasks/{id}/attachments/", &TasksApi::attachments, authenticated);
  route(http::Verb::post, "/api/tasks/{id}/attachments/", &TasksApi::upload,
        http::RouteOptions{.authenticated = true,
                           .body_limit = config.max_upload_bytes + kMultipartOverhead});
  route(http::Verb::get, "/api/tasks/{id}/attachments/{aid}/", &TasksApi::download, authenticated);
  router.add(
      http::Verb::patch, "/api/tasks/{id}/",
      [api](Context& ctx) { return answer_refusals(api->update(ctx, true)); }, authenticated);
  router.add(
      http::Verb::put, "/api/tasks/{id}/",
      [api](Context& ctx) { return answer_refusals(api->update(ctx, false)); }, authenticated);
}

}  // namespace taskflow::tasks

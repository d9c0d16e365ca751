#include "app/project_api.hpp"

#include "app/handlers.hpp"
#include "app/project_service.hpp"
#include "domain/label.hpp"

namespace taskflow::tasks {
namespace {

using http::Context;
using http::Response;
using http::Status;

std::int64_t project_id(const Context& ctx) {
  return path_id(ctx, "id");
}

class ProjectsApi {
 public:
  ProjectsApi(TasksDeps deps, TaskService& tasks) : projects_(std::move(deps), tasks) {}

  Awaitable<Response> list(Context& ctx) {
    const auto caller = caller_of(ctx);
    auto views = co_await projects_.list(caller);
    co_return http::json_response(Status::ok, json_array(views, project_to_json));
  }

  Awaitable<Response> create(Context& ctx) {
    const auto input = http::valid_or_400(validate_project_create(ctx.json_object()));
    const auto caller = caller_of(ctx);
    auto view = co_await projects_.create(caller, input);
    co_return http::json_response(Status::created, project_to_json(view));
  }

  Awaitable<Response> get(Context& ctx) {
    const auto caller = caller_of(ctx);
    const auto id = project_id(ctx);
    auto view = found_or_404(co_await projects_.get(caller, id));
    co_return http::json_response(Status::ok, project_to_json(view));
  }

  Awaitable<Response> update(Context& ctx) {
    const auto id = project_id(ctx);
    const auto changes = http::valid_or_400(validate_project_update(ctx.json_object()));
    const auto caller = caller_of(ctx);
    auto view = found_or_404(co_await projects_.update(caller, id, changes));
    co_return http::json_response(Status::ok, project_to_json(view));
  }

  Awaitable<Response> remove(Context& ctx) {
    const auto caller = caller_of(ctx);
    const auto id = project_id(ctx);
    const bool removed = co_await projects_.remove(caller, id);
    if (!removed) throw not_found();
    co_return http::empty_response(Status::no_content);
  }

  Awaitable<Response> members(Context& ctx) {
    const auto caller = caller_of(ctx);
    const auto id = project_id(ctx);
    auto found = found_or_404(co_await projects_.members(caller, id));
    co_return http::json_response(Status::ok, json_array(found, member_to_json));
  }

  Awaitable<Response> add_member(Context& ctx) {
    const auto id = project_id(ctx);
    const auto input = http::valid_or_400(validate_new_member(ctx.json_object()));
    const auto caller = caller_of(ctx);
    auto added = found_or_404(co_await projects_.add_member(caller, id, input));
    if (const auto* member = std::get_if<Member>(&added)) {
      co_return http::json_response(Status::created, member_to_json(*member));
    }
    co_return http::json_response(Status::created, invitation_to_json(std::get<Invitation>(added)));
  }

  Awaitable<Response> change_role(Context& ctx) {
    const auto id = project_id(ctx);
    const auto user_id = path_id(ctx, "user_id");
    const auto role = http::valid_or_400(validate_member_role(ctx.json_object()));
    const auto caller = caller_of(ctx);
    auto member = found_or_404(co_await projects_.change_role(caller, id, user_id, role));
    co_return http::json_response(Status::ok, member_to_json(member));
  }

  Awaitable<Response> remove_member(Context& ctx) {
    const auto id = project_id(ctx);
    const auto user_id = path_id(ctx, "user_id");
    const auto caller = caller_of(ctx);
    const bool removed = co_await projects_.remove_member(caller, id, user_id);
    if (!removed) throw not_found();
    co_return http::empty_response(Status::no_content);
  }

  Awaitable<Response> invitations(Context& ctx) {
    const auto caller = caller_of(ctx);
    const auto id = project_id(ctx);
    auto found = found_or_404(co_await projects_.invitations(caller, id));
    co_return http::json_response(Status::ok, json_array(found, invitation_to_json));
  }

  Awaitable<Response> cancel_invitation(Context& ctx) {
    const auto id = project_id(ctx);
    const auto invitation_id = path_id(ctx, "invitation_id");
    const auto caller = caller_of(ctx);
    const bool cancelled = co_await projects_.cancel_invitation(caller, id, invitation_id);
    if (!cancelled) throw not_found();
    co_return http::empty_response(Status::no_content);
  }

  Awaitable<Response> labels(Context& ctx) {
    const auto caller = caller_of(ctx);
    const auto id = project_id(ctx);
    auto found = found_or_404(co_await projects_.labels(caller, id));
    co_return http::json_response(Status::ok, json_array(found, label_to_json));
  }

  Awaitable<Response> create_label(Context& ctx) {
    const auto id = project_id(ctx);
    const auto input = http::valid_or_400(validate_label_create(ctx.json_object()));
    const auto caller = caller_of(ctx);
    auto label = found_or_404(co_await projects_.create_label(caller, id, input));
    co_return http::json_response(Status::created, label_to_json(label));
  }

  Awaitable<Response> update_label(Context& ctx) {
    const auto id = project_id(ctx);
    const auto label_id = path_id(ctx, "label_id");
    const auto changes = http::valid_or_400(validate_label_update(ctx.json_object()));
    const auto caller = caller_of(ctx);
    auto label = found_or_404(co_await projects_.update_label(caller, id, label_id, changes));
    co_return http::json_response(Status::ok, label_to_json(label));
  }

  Awaitable<Response> remove_label(Context& ctx) {
    const auto id = project_id(ctx);
    const auto label_id = path_id(ctx, "label_id");
    const auto caller = caller_of(ctx);
    const bool removed = co_await projects_.remove_label(caller, id, label_id);
    if (!removed) throw not_found();
    co_return http::empty_response(Status::no_content);
  }

  Awaitable<Response> activity(Context& ctx) {
    const auto id = project_id(ctx);
    const auto page = http::valid_or_400(parse_page_request(ctx.target.query));
    const auto caller = caller_of(ctx);
    auto found = found_or_404(co_await projects_.activity(caller, id, page));
    if (!page_exists(page, found.count)) throw invalid_page();
    co_return page_response(ctx, page, found.count,
                            json_text(json_array(found.entries, activity_to_json)));
  }

 private:
  ProjectService projects_;
};

}  // namespace

void add_project_routes(http::Router& router, TasksDeps deps, TaskService& tasks) {
  auto api = std::make_shared<ProjectsApi>(std::move(deps), tasks);
  const http::RouteOptions authenticated{.authenticated = true};
  auto route = [&](http::Verb verb, std::string path, auto method) {
    router.add(
        verb, std::move(path),
        [api, method](Context& ctx) { return answer_refusals(((*api).*method)(ctx)); },
        authenticated);
  };
  route(http::Verb::get, "/api/projects/", &ProjectsApi::list);
  route(http::Verb::post, "/api/projects/", &ProjectsApi::create);
  route(http::Verb::get, "/api/projects/{id}/", &ProjectsApi::get);
  route(http::Verb::patch, "/api/projects/{id}/", &ProjectsApi::update);
  route(http::Verb::delete_, "/api/projects/{id}/", &ProjectsApi::remove);
  route(http::Verb::get, "/api/projects/{id}/members/", &ProjectsApi::members);
  route(http::Verb::post, "/api/projects/{id}/members/", &ProjectsApi::add_member);
  route(http::Verb::patch, "/api/projects/{id}/members/{user_id}/", &ProjectsApi::change_role);
  route(http::Verb::delete_, "/api/projects/{id}/members/{user_id}/", &ProjectsApi::remove_member);
  route(http::Verb::get, "/api/projects/{id}/invitations/", &ProjectsApi::invitations);
  route(http::Verb::get, "/api/projects/{id}/labels/", &ProjectsApi::labels);
  route(http::Verb::post, "/api/projects/{id}/labels/", &ProjectsApi::create_label);
  route(http::Verb::patch, "/api/projects/{id}/labels/{label_id}/", &ProjectsApi::update_label);
  route(http::Verb::delete_, "/api/projects/{id}/labels/{label_id}/", &ProjectsApi::remove_label);
  route(http::Verb::get, "/api/projects/{id}/activity/", &ProjectsApi::activity);
  route(http::Verb::delete_, "/api/projects/{id}/invitations/{invitation_id}/",
        &ProjectsApi::cancel_invitation);
}

}  // namespace taskflow::tasks

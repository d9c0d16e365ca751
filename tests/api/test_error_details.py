"""A failed validation's `detail` names the first problem in words a person can act on, on
every service, for clients that show only `detail` (the original's React client does): the
field, then its first message, the same as `errors` says."""

from support.http import api, expect_error, field_errors
from support.identities import registration_body
from support.tasks import TASKS_PATH


def test_registration_names_the_first_problem():
    body = registration_body(password="password", password_confirm="password")
    resp = api("POST", "/api/auth/register/", json=body)
    errors = field_errors(resp)
    detail = expect_error(resp, 400)["detail"]
    assert detail == "password: " + errors["password"][0], detail


def test_a_task_names_the_first_problem_in_field_order(user):
    resp = api("POST", TASKS_PATH, headers=user.headers,
               json={"title": "", "status": "finished"})
    errors = field_errors(resp)
    assert set(errors) == {"title", "status"}
    assert expect_error(resp, 400)["detail"] == "status: " + errors["status"][0]


def test_a_wrong_old_password_is_named(user):
    resp = api("POST", "/api/auth/change-password/", headers=user.headers,
               json={"old_password": "not it", "new_password": "Fresh-Pass-9921",
                     "new_password_confirm": "Fresh-Pass-9921"})
    assert expect_error(resp, 400)["detail"] == (
        "old_password: Your old password was entered incorrectly.")


def test_notifications_name_the_first_problem_too(user):
    resp = api("POST", "/api/notifications/mark-read/", headers=user.headers,
               json={"ids": "x"})
    errors = field_errors(resp)
    field = sorted(errors)[0]
    assert expect_error(resp, 400)["detail"] == f"{field}: {errors[field][0]}"

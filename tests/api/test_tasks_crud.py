"""Tasks CRUD through the gateway: create (defaults, every field), GET (with comments and
attachments), PATCH, PUT, DELETE (with what it takes along), every validation rule of the task
body, ids in the path, and the completed_at rules on PATCH and PUT."""

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

import pytest

from support.http import (
    api, describe, expect, expect_error, field_errors, is_utc_timestamp, parse_timestamp,
)
from support.identities import unique
from support.tasks import (
    TASKS_ATTACHMENTS_DIR, TASKS_PATH, TASK_DETAIL_FIELDS, TASK_FIELDS, create_task, get_task,
    task_path,
)

MESSAGE_REQUIRED = "This field is required."
MESSAGE_BLANK = "This field may not be blank."
MESSAGE_NULL = "This field may not be null."
MESSAGE_NOT_STRING = "Not a valid string."
MESSAGE_TITLE_TOO_LONG = "Ensure this field has no more than 200 characters."
MESSAGE_UNEXPECTED = "Unexpected field."
MESSAGE_NUL = "Null characters are not allowed."
MESSAGE_BAD_DATETIME = (
    "Datetime has wrong format. Use one of these formats instead: "
    "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."
)


def send(user, method, path, body):
    return api(method, path, json=body, headers=user.headers)


def assert_recent(value, resp, slack=timedelta(seconds=60)):
    """A timestamp of something this test just did: ISO 8601 UTC and close to now."""
    assert is_utc_timestamp(value), f"not ISO 8601 UTC: {value!r}" + describe(resp)
    at = parse_timestamp(value)
    now = datetime.now(timezone.utc)
    assert now - slack <= at <= now + slack, f"{value} is not about now ({now})" + describe(resp)


# ---------------------------------------------------------------------------------- create
def test_create_with_defaults(user):
    resp = send(user, "POST", TASKS_PATH, {"title": "Write the tests"})
    task = expect(resp, 201)
    assert set(task) == TASK_FIELDS, describe(resp)
    assert isinstance(task["id"], int) and task["id"] >= 1, describe(resp)
    assert task["title"] == "Write the tests"
    assert task["description"] == ""
    assert task["user_id"] == user.id
    assert task["priority"] == "medium"
    assert task["status"] == "todo"
    assert task["due_date"] is None
    assert task["completed_at"] is None
    assert_recent(task["created_at"], resp)
    assert_recent(task["updated_at"], resp)
    assert task["created_at"] == task["updated_at"], describe(resp)


def test_create_with_every_field(user):
    body = {
        "title": "Quarterly report",
        "description": "Numbers for Q3.\nSecond line.",
        "priority": "urgent",
        "status": "in_progress",
        "due_date": "2030-01-02T03:04:05+02:00",
    }
    resp = send(user, "POST", TASKS_PATH, body)
    task = expect(resp, 201)
    assert set(task) == TASK_FIELDS, describe(resp)
    for field in ("title", "description", "priority", "status"):
        assert task[field] == body[field], describe(resp)
    # Stored and returned in UTC.
    assert task["due_date"] == "2030-01-02T01:04:05Z", describe(resp)
    assert task["completed_at"] is None


@pytest.mark.parametrize(
    "sent, stored",
    [
        ("2030-06-01", "2030-06-01T00:00:00Z"),
        ("2030-06-01T12:30", "2030-06-01T12:30:00Z"),
        ("2030-06-01T12:30:15.250Z", "2030-06-01T12:30:15.250000Z"),
        ("2030-06-01T12:30:15-05:30", "2030-06-01T18:00:15Z"),
        ("2030-06-01T12:30:15.123456789+00:00", "2030-06-01T12:30:15.123456Z"),
    ],
)
def test_create_due_date_formats(user, sent, stored):
    task = create_task(user, due_date=sent)
    assert task["due_date"] == stored, task


def test_create_trims_strings(user):
    task = create_task(user, title="  padded title \t", description="  text  ")
    assert task["title"] == "padded title"
    assert task["description"] == "text"
    # The length limit applies to the trimmed title.
    assert create_task(user, title=" " + "t" * 200 + "\n")["title"] == "t" * 200


def test_create_title_of_200_characters(user):
    for title in ("t" * 200, "é" * 200, "\U0001f600" * 200):  # characters, not bytes or UTF-16
        task = create_task(user, title=title)
        assert task["title"] == title


def test_create_as_done_has_completed_at(user):
    resp = send(user, "POST", TASKS_PATH, {"title": "already done", "status": "done"})
    task = expect(resp, 201)
    assert task["status"] == "done"
    assert_recent(task["completed_at"], resp)
    assert parse_timestamp(task["completed_at"]) >= parse_timestamp(task["created_at"])


def test_create_ignores_read_only_fields(user):
    body = {
        "title": "read-only fields",
        "id": 123456789,
        "user_id": user.id + 1000,
        "created_at": "2001-01-01T00:00:00Z",
        "updated_at": "2001-01-01T00:00:00Z",
        "completed_at": "2001-01-01T00:00:00Z",
        "comments": [{"content": "x"}],
        "attachments": [],
    }
    resp = send(user, "POST", TASKS_PATH, body)
    task = expect(resp, 201)
    assert task["id"] != 123456789, describe(resp)
    assert task["user_id"] == user.id
    assert task["completed_at"] is None
    assert_recent(task["created_at"], resp)
    assert get_task(user, task)["comments"] == []


def test_create_then_get_returns_the_same_task(user):
    task = create_task(user, description="d", priority="low", due_date="2031-01-01T00:00:00Z")
    detail = get_task(user, task)
    assert {k: detail[k] for k in TASK_FIELDS} == task


# ------------------------------------------------------------------------------ validation
# (fields that make the body invalid, field reported, exact message or None)
INVALID_FIELDS = [
    ({"title": ""}, "title", MESSAGE_BLANK),
    ({"title": "   \t\n"}, "title", MESSAGE_BLANK),
    ({"title": None}, "title", MESSAGE_NULL),
    ({"title": 5}, "title", MESSAGE_NOT_STRING),
    ({"title": ["a"]}, "title", MESSAGE_NOT_STRING),
    ({"title": {"a": 1}}, "title", MESSAGE_NOT_STRING),
    ({"title": True}, "title", MESSAGE_NOT_STRING),
    ({"title": "t" * 201}, "title", MESSAGE_TITLE_TOO_LONG),
    ({"title": "é" * 201}, "title", MESSAGE_TITLE_TOO_LONG),
    ({"title": "a\u0000b"}, "title", MESSAGE_NUL),
    ({"description": None}, "description", MESSAGE_NULL),
    ({"description": 5}, "description", MESSAGE_NOT_STRING),
    ({"description": "d" * 10001}, "description", None),
    ({"priority": "critical"}, "priority", '"critical" is not a valid choice.'),
    ({"priority": "HIGH"}, "priority", '"HIGH" is not a valid choice.'),
    ({"priority": ""}, "priority", '"" is not a valid choice.'),
    ({"priority": None}, "priority", MESSAGE_NULL),
    ({"priority": 1}, "priority", '"1" is not a valid choice.'),
    ({"status": "finished"}, "status", '"finished" is not a valid choice.'),
    ({"status": "in progress"}, "status", '"in progress" is not a valid choice.'),
    ({"status": None}, "status", MESSAGE_NULL),
    ({"status": []}, "status", None),
    ({"due_date": "tomorrow"}, "due_date", MESSAGE_BAD_DATETIME),
    ({"due_date": "2026-02-30"}, "due_date", MESSAGE_BAD_DATETIME),
    ({"due_date": "2026-13-01T00:00:00Z"}, "due_date", MESSAGE_BAD_DATETIME),
    ({"due_date": "2026-01-01T25:00:00Z"}, "due_date", MESSAGE_BAD_DATETIME),
    ({"due_date": "01/02/2026"}, "due_date", MESSAGE_BAD_DATETIME),
    ({"due_date": ""}, "due_date", MESSAGE_BAD_DATETIME),
    ({"due_date": 1767225600}, "due_date", MESSAGE_BAD_DATETIME),
    ({"bogus": 1}, "bogus", MESSAGE_UNEXPECTED),
    ({"Title": "capitalised"}, "Title", MESSAGE_UNEXPECTED),
    ({"tags": []}, "tags", MESSAGE_UNEXPECTED),
]


def case_id(fields):
    (name, value), = fields.items()
    return f"{name}={json.dumps(value)[:24]}"


INVALID_IDS = [case_id(fields) for fields, _, _ in INVALID_FIELDS]


def assert_invalid(resp, field, message):
    errors = field_errors(resp)
    assert field in errors, f"no errors.{field}" + describe(resp)
    if message is not None:
        assert message in errors[field], describe(resp)


@pytest.mark.parametrize("fields, field, message", INVALID_FIELDS, ids=INVALID_IDS)
def test_create_invalid_field(user, fields, field, message):
    body = {"title": "valid title", **fields}
    assert_invalid(send(user, "POST", TASKS_PATH, body), field, message)


@pytest.mark.parametrize("fields, field, message", INVALID_FIELDS, ids=INVALID_IDS)
def test_patch_and_put_invalid_field(user, fields, field, message):
    task = create_task(user)
    assert_invalid(send(user, "PATCH", task_path(task), fields), field, message)
    assert_invalid(send(user, "PUT", task_path(task), {"title": "valid", **fields}), field,
                   message)
    # Nothing was changed.
    assert {k: v for k, v in get_task(user, task).items() if k in TASK_FIELDS} == task


@pytest.mark.parametrize("body", [{}, {"description": "no title"}, {"title_": "x"}])
def test_create_without_title(user, body):
    errors = field_errors(send(user, "POST", TASKS_PATH, body))
    assert errors.get("title") == [MESSAGE_REQUIRED], errors


def test_create_reports_every_problem_at_once(user):
    body = {"title": 5, "priority": None, "status": "nope", "due_date": "x", "bogus": 1}
    errors = field_errors(send(user, "POST", TASKS_PATH, body))
    assert set(errors) == {"title", "priority", "status", "due_date", "bogus"}, errors


MALFORMED = [b"{", b'{"title": }', b"not json", b'{"title": "a"}}', b"\xff\xfe{}",
             b'{"title": NaN}', b"{'title': 'single quotes'}", b'{"title": "\xc3\x28"}',
             b"[" * 5000 + b"]" * 5000, b'{"a":' * 5000 + b"1" + b"}" * 5000]
NON_OBJECTS = [[], [{"title": "in a list"}], "title", 42, None, True]


@pytest.mark.parametrize("method", ["POST", "PATCH", "PUT"])
def test_malformed_json(user, method):
    path = TASKS_PATH if method == "POST" else task_path(create_task(user))
    for payload in MALFORMED:
        resp = api(method, path, data=payload,
                   headers={**user.headers, "Content-Type": "application/json"})
        expect_error(resp, 400)


@pytest.mark.parametrize("method", ["POST", "PATCH", "PUT"])
def test_non_object_json(user, method):
    path = TASKS_PATH if method == "POST" else task_path(create_task(user))
    for payload in NON_OBJECTS:
        resp = api(method, path, data=json.dumps(payload),
                   headers={**user.headers, "Content-Type": "application/json"})
        expect_error(resp, 400)


def test_json_body_with_another_content_type_is_415(user):
    resp = api("POST", TASKS_PATH, data=json.dumps({"title": "x"}),
               headers={**user.headers, "Content-Type": "text/plain"})
    expect_error(resp, 415)


def test_invalid_create_stores_nothing(user):
    send(user, "POST", TASKS_PATH, {"title": "invalid one", "priority": "nope"})
    listing = expect(api("GET", TASKS_PATH, headers=user.headers), 200)
    assert listing["count"] == 0, listing


# ---------------------------------------------------------------------------- ids in paths
BAD_IDS = ["abc", "0", "-1", "+1", "1.5", "1e3", "0x10", "99999999999999999999",
           "9223372036854775808", "9223372036854775807", "%20"]


@pytest.mark.parametrize("bad_id", BAD_IDS)
def test_bad_or_unknown_id_is_404(user, bad_id):
    path = f"{TASKS_PATH}{bad_id}/"
    for method, body in [("GET", None), ("PATCH", {"title": "x"}), ("PUT", {"title": "x"}),
                         ("DELETE", None)]:
        resp = api(method, path, json=body, headers=user.headers)
        assert expect_error(resp, 404)["detail"] == "Not found.", describe(resp)
    for sub in ("comments/", "attachments/"):
        expect_error(api("GET", path + sub, headers=user.headers), 404)
    expect_error(api("POST", path + "comments/", json={"content": "x"}, headers=user.headers), 404)
    resp = api("POST", path + "attachments/", files={"file": ("a.txt", b"abc")},
               headers=user.headers)
    expect_error(resp, 404)
    expect_error(api("GET", path + "attachments/1/", headers=user.headers), 404)


def test_id_with_leading_zero_is_404(user):
    """One URL per task: /api/tasks/07/ is not /api/tasks/7/."""
    task = create_task(user)
    expect_error(api("GET", f"{TASKS_PATH}0{task['id']}/", headers=user.headers), 404)
    expect(api("GET", task_path(task), headers=user.headers), 200)


def test_deleted_id_is_404(user):
    task = create_task(user)
    expect(api("DELETE", task_path(task), headers=user.headers), 204)
    expect_error(api("GET", task_path(task), headers=user.headers), 404)


# ------------------------------------------------------------------------------------- get
def test_get_detail_has_comments_and_attachments(user):
    task = create_task(user, description="details")
    c1 = expect(api("POST", task_path(task, "comments"), json={"content": "first"},
                    headers=user.headers), 201)
    c2 = expect(api("POST", task_path(task, "comments"), json={"content": "second"},
                    headers=user.headers), 201)
    att = expect(api("POST", task_path(task, "attachments"), files={"file": ("n.txt", b"notes")},
                     headers=user.headers), 201)
    resp = api("GET", task_path(task), headers=user.headers)
    detail = expect(resp, 200)
    assert set(detail) == TASK_DETAIL_FIELDS, describe(resp)
    assert {k: detail[k] for k in TASK_FIELDS} == task
    assert detail["comments"] == [c1, c2], describe(resp)
    assert detail["attachments"] == [att], describe(resp)


def test_get_detail_of_a_bare_task(user):
    task = create_task(user)
    detail = get_task(user, task)
    assert detail["comments"] == [] and detail["attachments"] == [], detail


def test_get_without_trailing_slash(user):
    task = create_task(user)
    resp = api("GET", task_path(task).rstrip("/"), headers=user.headers)
    assert expect(resp, 200)["id"] == task["id"], describe(resp)


# ----------------------------------------------------------------------------------- PATCH
def test_patch_changes_only_what_is_sent(user):
    task = create_task(user, description="keep me", priority="low",
                       due_date="2030-01-01T00:00:00Z")
    resp = send(user, "PATCH", task_path(task), {"title": "renamed"})
    patched = expect(resp, 200)
    assert set(patched) == TASK_FIELDS, describe(resp)
    assert patched["title"] == "renamed"
    for field in ("id", "user_id", "description", "priority", "status", "due_date",
                  "created_at", "completed_at"):
        assert patched[field] == task[field], f"{field} changed" + describe(resp)
    assert parse_timestamp(patched["updated_at"]) > parse_timestamp(task["updated_at"])
    assert {k: v for k, v in get_task(user, task).items() if k in TASK_FIELDS} == patched


def test_patch_every_writable_field(user):
    task = create_task(user)
    body = {"title": "new title", "description": "new description", "priority": "high",
            "status": "review", "due_date": "2032-02-29T12:00:00Z"}
    patched = expect(send(user, "PATCH", task_path(task), body), 200)
    for field, value in body.items():
        assert patched[field] == value, patched


def test_patch_due_date_null_clears_it(user):
    task = create_task(user, due_date="2030-01-01T00:00:00Z")
    patched = expect(send(user, "PATCH", task_path(task), {"due_date": None}), 200)
    assert patched["due_date"] is None
    assert get_task(user, task)["due_date"] is None


def test_patch_description_blank_is_allowed(user):
    task = create_task(user, description="something")
    patched = expect(send(user, "PATCH", task_path(task), {"description": "   "}), 200)
    assert patched["description"] == ""


def test_patch_empty_body_changes_nothing_but_updated_at(user):
    task = create_task(user)
    patched = expect(send(user, "PATCH", task_path(task), {}), 200)
    assert {k: patched[k] for k in TASK_FIELDS - {"updated_at"}} == {
        k: task[k] for k in TASK_FIELDS - {"updated_at"}
    }


def test_patch_ignores_read_only_fields(user):
    """A client may send back what it got: the read-only fields are ignored."""
    task = create_task(user)
    detail = get_task(user, task)
    body = {**detail, "title": "sent back", "id": task["id"] + 1000,
            "user_id": user.id + 1000, "created_at": "2001-01-01T00:00:00Z",
            "completed_at": "2001-01-01T00:00:00Z"}
    resp = send(user, "PATCH", task_path(task), body)
    patched = expect(resp, 200)
    assert patched["id"] == task["id"] and patched["user_id"] == user.id, describe(resp)
    assert patched["created_at"] == task["created_at"], describe(resp)
    assert patched["completed_at"] is None, describe(resp)
    assert patched["title"] == "sent back"


# ------------------------------------------------------------------------------------- PUT
def test_put_requires_title(user):
    task = create_task(user)
    for body in ({}, {"description": "d", "priority": "high", "status": "done"}):
        errors = field_errors(send(user, "PUT", task_path(task), body))
        assert errors.get("title") == [MESSAGE_REQUIRED], errors
    assert get_task(user, task)["status"] == "todo"


def test_put_replaces_the_sent_fields(user):
    task = create_task(user, description="old", priority="low")
    body = {"title": "put title", "description": "put description", "priority": "urgent",
            "status": "in_progress", "due_date": "2031-05-05T05:05:05Z"}
    resp = send(user, "PUT", task_path(task), body)
    put = expect(resp, 200)
    assert set(put) == TASK_FIELDS, describe(resp)
    for field, value in body.items():
        assert put[field] == value, describe(resp)
    assert put["created_at"] == task["created_at"]
    assert parse_timestamp(put["updated_at"]) > parse_timestamp(task["updated_at"])
    assert {k: v for k, v in get_task(user, task).items() if k in TASK_FIELDS} == put


def test_put_keeps_omitted_fields(user):
    """PUT requires title only; the fields with a default keep their value when omitted."""
    task = create_task(user, description="kept", priority="high", status="review",
                       due_date="2030-03-03T00:00:00Z")
    put = expect(send(user, "PUT", task_path(task), {"title": "only the title"}), 200)
    assert put["title"] == "only the title"
    for field in ("description", "priority", "status", "due_date"):
        assert put[field] == task[field], put


# ---------------------------------------------------------------------------------- DELETE
def test_delete_takes_comments_and_attachments_along(user):
    task = create_task(user)
    expect(api("POST", task_path(task, "comments"), json={"content": "c"}, headers=user.headers),
           201)
    content = f"delete-me {unique()}".encode()
    att = expect(api("POST", task_path(task, "attachments"), files={"file": ("d.bin", content)},
                     headers=user.headers), 201)
    stored = [p for p in TASKS_ATTACHMENTS_DIR.iterdir()
              if p.stat().st_size == len(content) and p.read_bytes() == content]
    assert len(stored) == 1, f"the upload is not one file in {TASKS_ATTACHMENTS_DIR}"

    resp = api("DELETE", task_path(task), headers=user.headers)
    assert resp.status_code == 204, describe(resp)
    assert resp.content == b"", describe(resp)

    expect_error(api("GET", task_path(task), headers=user.headers), 404)
    expect_error(api("DELETE", task_path(task), headers=user.headers), 404)
    expect_error(api("PATCH", task_path(task), json={"title": "x"}, headers=user.headers), 404)
    expect_error(api("GET", task_path(task, "comments"), headers=user.headers), 404)
    expect_error(api("GET", task_path(task, "attachments"), headers=user.headers), 404)
    expect_error(api("GET", att["download_url"], headers=user.headers), 404)
    assert not stored[0].exists(), f"{stored[0]} is still on disk after DELETE"
    assert expect(api("GET", TASKS_PATH, headers=user.headers), 200)["count"] == 0


def test_delete_leaves_other_tasks_alone(user):
    keep = create_task(user)
    expect(api("POST", task_path(keep, "comments"), json={"content": "stay"},
               headers=user.headers), 201)
    gone = create_task(user)
    expect(api("DELETE", task_path(gone), headers=user.headers), 204)
    detail = get_task(user, keep)
    assert [c["content"] for c in detail["comments"]] == ["stay"]


# ---------------------------------------------------------------------------- completed_at
def test_completed_at_with_patch(user):
    task = create_task(user)
    done = expect(send(user, "PATCH", task_path(task), {"status": "done"}), 200)
    assert done["completed_at"] is not None
    assert done["completed_at"] == done["updated_at"], done
    assert parse_timestamp(done["completed_at"]) > parse_timestamp(task["created_at"])

    # Staying done (the same status again, or another field) keeps the first completion.
    again = expect(send(user, "PATCH", task_path(task), {"status": "done"}), 200)
    assert again["completed_at"] == done["completed_at"], again
    renamed = expect(send(user, "PATCH", task_path(task), {"title": "still done"}), 200)
    assert renamed["completed_at"] == done["completed_at"], renamed
    assert get_task(user, task)["completed_at"] == done["completed_at"]

    # Leaving done clears it; coming back sets a new one.
    reopened = expect(send(user, "PATCH", task_path(task), {"status": "review"}), 200)
    assert reopened["completed_at"] is None, reopened
    assert get_task(user, task)["completed_at"] is None
    redone = expect(send(user, "PATCH", task_path(task), {"status": "done"}), 200)
    assert parse_timestamp(redone["completed_at"]) > parse_timestamp(done["completed_at"])


@pytest.mark.parametrize("leave_to", ["todo", "in_progress", "review", "cancelled"])
def test_completed_at_cleared_when_leaving_done(user, leave_to):
    task = create_task(user, status="done")
    assert task["completed_at"] is not None
    left = expect(send(user, "PATCH", task_path(task), {"status": leave_to}), 200)
    assert left["completed_at"] is None, left


def test_completed_at_never_set_without_done(user):
    task = create_task(user)
    for status in ("in_progress", "review", "cancelled", "todo"):
        assert expect(send(user, "PATCH", task_path(task), {"status": status}),
                      200)["completed_at"] is None


def test_completed_at_with_put(user):
    task = create_task(user)
    done = expect(send(user, "PUT", task_path(task), {"title": "t", "status": "done"}), 200)
    assert done["completed_at"] is not None and done["completed_at"] == done["updated_at"]
    # PUT without status keeps done, and its completion.
    kept = expect(send(user, "PUT", task_path(task), {"title": "t2"}), 200)
    assert kept["status"] == "done" and kept["completed_at"] == done["completed_at"], kept
    same = expect(send(user, "PUT", task_path(task), {"title": "t3", "status": "done"}), 200)
    assert same["completed_at"] == done["completed_at"], same
    cleared = expect(send(user, "PUT", task_path(task), {"title": "t4", "status": "todo"}), 200)
    assert cleared["completed_at"] is None, cleared


def test_concurrent_completions_agree_on_completed_at(user):
    """Ten simultaneous PATCHes to done (spread over both instances): one completion."""
    task = create_task(user)
    with ThreadPoolExecutor(max_workers=10) as pool:
        responses = list(pool.map(
            lambda _: send(user, "PATCH", task_path(task), {"status": "done"}), range(10)))
    completed = {expect(resp, 200)["completed_at"] for resp in responses}
    assert len(completed) == 1 and None not in completed, completed
    assert get_task(user, task)["completed_at"] in completed


def test_created_done_keeps_completed_at_while_done(user):
    task = create_task(user, status="done")
    patched = expect(send(user, "PATCH", task_path(task), {"status": "done", "priority": "low"}),
                     200)
    assert patched["completed_at"] == task["completed_at"], patched


def test_completed_at_cannot_be_written(user):
    task = create_task(user)
    patched = expect(send(user, "PATCH", task_path(task),
                          {"completed_at": "2020-01-01T00:00:00Z"}), 200)
    assert patched["completed_at"] is None, patched

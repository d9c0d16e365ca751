"""GET / POST /api/tasks/{id}/comments/: the comment object, content rules, the paginated list
(oldest first)."""

import pytest

from support.config import GATEWAY_URL
from support.http import (
    api, describe, expect, expect_error, field_errors, is_utc_timestamp, parse_timestamp,
    request,
)
from support.tasks import COMMENT_FIELDS, PAGE_FIELDS, create_task, get_task, task_path


def add_comment(user, task, content):
    return api("POST", task_path(task, "comments"), json={"content": content},
               headers=user.headers)


def comments(user, task, **params):
    resp = api("GET", task_path(task, "comments"), params=params, headers=user.headers)
    page = expect(resp, 200)
    assert set(page) == PAGE_FIELDS, describe(resp)
    return page


def test_add_comment(user):
    task = create_task(user)
    resp = add_comment(user, task, "  Looks good to me.  ")
    comment = expect(resp, 201)
    assert set(comment) == COMMENT_FIELDS, describe(resp)
    assert isinstance(comment["id"], int) and comment["id"] >= 1
    assert comment["content"] == "Looks good to me."  # trimmed
    assert comment["user_id"] == user.id
    assert is_utc_timestamp(comment["created_at"]), describe(resp)
    assert comment["updated_at"] == comment["created_at"], describe(resp)
    assert parse_timestamp(comment["created_at"]) >= parse_timestamp(task["created_at"])


def test_comment_of_10000_characters(user):
    task = create_task(user)
    for content in ("c" * 10000, "ü" * 10000, "multi\nline\n" + "x" * 9989):
        comment = expect(add_comment(user, task, content), 201)
        assert comment["content"] == content.strip()


@pytest.mark.parametrize("body, message", [
    ({"content": ""}, "This field may not be blank."),
    ({"content": "   \n\t "}, "This field may not be blank."),
    ({}, "This field is required."),
    ({"text": "wrong name"}, "This field is required."),
    ({"content": None}, "This field may not be null."),
    ({"content": 5}, "Not a valid string."),
    ({"content": ["x"]}, "Not a valid string."),
    ({"content": "c" * 10001}, "Ensure this field has no more than 10000 characters."),
    ({"content": "ü" * 10001}, "Ensure this field has no more than 10000 characters."),
    ({"content": "a\u0000b"}, "Null characters are not allowed."),
], ids=["empty", "blank", "missing", "other-name", "null", "number", "list", "10001",
        "10001-unicode", "nul"])
def test_invalid_comment(user, body, message):
    task = create_task(user)
    resp = api("POST", task_path(task, "comments"), json=body, headers=user.headers)
    errors = field_errors(resp)
    assert message in errors.get("content", []), describe(resp)
    assert comments(user, task)["count"] == 0


def test_comment_unknown_field_is_400_read_only_fields_ignored(user):
    task = create_task(user)
    errors = field_errors(api("POST", task_path(task, "comments"),
                              json={"content": "x", "author": "me"}, headers=user.headers))
    assert errors.get("author") == ["Unexpected field."], errors
    resp = api("POST", task_path(task, "comments"),
               json={"content": "x", "id": 424242, "user_id": user.id + 1000,
                     "created_at": "2001-01-01T00:00:00Z", "updated_at": "2001-01-01T00:00:00Z"},
               headers=user.headers)
    comment = expect(resp, 201)
    assert comment["id"] != 424242 and comment["user_id"] == user.id, describe(resp)
    assert not comment["created_at"].startswith("2001"), describe(resp)


@pytest.mark.parametrize("payload", [b"{", b"[]", b'"text"', b"null", b"42"])
def test_comment_malformed_or_non_object_body(user, payload):
    task = create_task(user)
    resp = api("POST", task_path(task, "comments"), data=payload,
               headers={**user.headers, "Content-Type": "application/json"})
    expect_error(resp, 400)


def test_comments_list_oldest_first(user):
    task = create_task(user)
    added = [expect(add_comment(user, task, f"comment {i}"), 201) for i in range(3)]
    page = comments(user, task)
    assert page["count"] == 3 and page["next"] is None and page["previous"] is None, page
    assert page["results"] == added
    for c in page["results"]:
        assert set(c) == COMMENT_FIELDS
    created = [parse_timestamp(c["created_at"]) for c in page["results"]]
    assert created == sorted(created)
    # The detail view shows them the same way.
    assert get_task(user, task)["comments"] == added


def test_comments_list_empty(user):
    task = create_task(user)
    assert comments(user, task) == {"count": 0, "next": None, "previous": None, "results": []}


def test_comments_list_is_paginated(user):
    task = create_task(user)
    added = [expect(add_comment(user, task, f"c{i}"), 201)["id"] for i in range(5)]
    first = comments(user, task, page_size=2)
    assert first["count"] == 5
    assert [c["id"] for c in first["results"]] == added[:2]
    assert first["previous"] is None
    assert first["next"].startswith(GATEWAY_URL + task_path(task, "comments")), first["next"]
    second = expect(request("GET", first["next"], headers=user.headers), 200)
    assert [c["id"] for c in second["results"]] == added[2:4]
    third = expect(request("GET", second["next"], headers=user.headers), 200)
    assert [c["id"] for c in third["results"]] == added[4:]
    assert third["next"] is None
    back = expect(request("GET", third["previous"], headers=user.headers), 200)
    assert [c["id"] for c in back["results"]] == added[2:4]

    resp = api("GET", task_path(task, "comments"), params={"page": 4, "page_size": 2},
               headers=user.headers)
    assert expect_error(resp, 404)["detail"] == "Invalid page.", describe(resp)
    for params in ({"page": "0"}, {"page": "x"}, {"page_size": "0"}):
        errors = field_errors(api("GET", task_path(task, "comments"), params=params,
                                  headers=user.headers))
        assert set(errors) <= {"page", "page_size"} and errors, errors


def test_comments_of_another_task_are_separate(user):
    a, b = create_task(user), create_task(user)
    expect(add_comment(user, a, "on a"), 201)
    assert comments(user, b)["count"] == 0
    assert [c["content"] for c in comments(user, a)["results"]] == ["on a"]


def test_comments_on_a_missing_task_are_404(user):
    task = create_task(user)
    expect(api("DELETE", task_path(task), headers=user.headers), 204)
    expect_error(api("GET", task_path(task, "comments"), headers=user.headers), 404)
    expect_error(add_comment(user, task, "too late"), 404)


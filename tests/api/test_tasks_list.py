"""GET /api/tasks/: pagination (count, absolute next/previous links that work, page_size
default and clamp, pages past the end), the status and priority filters, search, ordering by
every allowed field and by several, and all of them together. Every test has a fresh user, so
the counts are exact."""

import functools
from urllib.parse import parse_qs, urlsplit

import pytest

from support.config import GATEWAY_URL
from support.http import api, describe, expect, expect_error, field_errors, parse_timestamp, request
from support.tasks import PAGE_FIELDS, TASKS_PATH, TASK_FIELDS, create_task, task_path

LIST_URL = GATEWAY_URL + TASKS_PATH
PRIORITY_RANK = {"low": 0, "medium": 1, "high": 2, "urgent": 3}
ORDER_FIELDS = ["created_at", "updated_at", "due_date", "priority", "title"]


def listing(user, **params):
    """GET the list with these query parameters; asserts 200 and the page's shape."""
    resp = api("GET", TASKS_PATH, params=params, headers=user.headers)
    page = expect(resp, 200)
    assert set(page) == PAGE_FIELDS, describe(resp)
    assert isinstance(page["count"], int) and isinstance(page["results"], list), describe(resp)
    for task in page["results"]:
        assert set(task) == TASK_FIELDS, describe(resp)
    return page


def follow(user, url):
    """GET an absolute link from a page; asserts 200."""
    assert url.startswith(LIST_URL), f"{url!r} is not an absolute URL of the list ({LIST_URL})"
    resp = request("GET", url, headers=user.headers)
    return expect(resp, 200)


def ids(page_or_tasks):
    tasks = page_or_tasks["results"] if isinstance(page_or_tasks, dict) else page_or_tasks
    return [t["id"] for t in tasks]


def make_tasks(user, count, **fields):
    return [create_task(user, title=f"task {i:03d}", **fields) for i in range(count)]


def all_pages(user, **params):
    """Every task of a listing, following next links; checks previous links on the way."""
    page = listing(user, **params)
    assert page["previous"] is None, page
    seen = ids(page)
    while page["next"]:
        page = follow(user, page["next"])
        assert page["previous"], page
        seen += ids(page)
    assert len(seen) == page["count"] == len(set(seen)), (seen, page["count"])
    return seen


# ------------------------------------------------------------------- the expected ordering
def sort_value(task, field):
    if field == "priority":
        return PRIORITY_RANK[task["priority"]]
    if field in ("created_at", "updated_at", "due_date"):
        return parse_timestamp(task[field])
    return task[field]


def expected_order(tasks, ordering):
    """The documented ordering: the terms in turn (due_date: tasks without one last in both
    directions), then id in the direction of the first term."""
    terms = [(t.lstrip("-"), t.startswith("-")) for t in ordering.split(",")]

    def compare(a, b):
        for field, descending in terms:
            va, vb = sort_value(a, field), sort_value(b, field)
            if va is None or vb is None:
                if va is None and vb is None:
                    continue
                return 1 if va is None else -1  # nulls last, either direction
            if va != vb:
                return (-1 if va < vb else 1) * (-1 if descending else 1)
        return (a["id"] - b["id"]) * (-1 if terms[0][1] else 1)

    return [t["id"] for t in sorted(tasks, key=functools.cmp_to_key(compare))]


# ----------------------------------------------------------------------------- pagination
def test_empty_list(user):
    page = listing(user)
    assert page == {"count": 0, "next": None, "previous": None, "results": []}


def test_default_order_is_newest_first(user):
    tasks = make_tasks(user, 3)
    page = listing(user)
    assert page["count"] == 3
    assert ids(page) == [t["id"] for t in reversed(tasks)]
    assert page["results"] == list(reversed(tasks))


def test_default_page_size_is_20_and_links_work(user):
    tasks = make_tasks(user, 25)
    newest_first = [t["id"] for t in reversed(tasks)]

    first = listing(user)
    assert first["count"] == 25
    assert ids(first) == newest_first[:20]
    assert first["previous"] is None
    assert first["next"] == f"{LIST_URL}?page=2", first["next"]

    second = follow(user, first["next"])
    assert second["count"] == 25
    assert ids(second) == newest_first[20:]
    assert second["next"] is None
    assert second["previous"] is not None
    # Back to page 1 (DRF leaves page=1 out of the link).
    assert parse_qs(urlsplit(second["previous"]).query).get("page", ["1"]) == ["1"]
    assert ids(follow(user, second["previous"])) == newest_first[:20]

    assert ids(listing(user, page=2)) == newest_first[20:]
    assert ids(listing(user, page=1)) == newest_first[:20]


def test_page_size_and_links_keep_the_other_parameters(user):
    tasks = make_tasks(user, 25)
    newest_first = [t["id"] for t in reversed(tasks)]
    page = listing(user, page_size=10)
    assert ids(page) == newest_first[:10]
    query = parse_qs(urlsplit(page["next"]).query)
    assert query == {"page_size": ["10"], "page": ["2"]}, page["next"]
    page2 = follow(user, page["next"])
    page3 = follow(user, page2["next"])
    assert ids(page2) == newest_first[10:20] and ids(page3) == newest_first[20:]
    assert page3["next"] is None
    assert parse_qs(urlsplit(page3["previous"]).query) == {"page_size": ["10"], "page": ["2"]}
    assert ids(follow(user, page3["previous"])) == newest_first[10:20]
    assert all_pages(user, page_size=7) == newest_first


def test_page_size_over_100_is_clamped(user):
    tasks = make_tasks(user, 101)
    newest_first = [t["id"] for t in reversed(tasks)]
    for size in ("101", "1000", "99999999999999999999"):
        page = listing(user, page_size=size)
        assert page["count"] == 101
        assert ids(page) == newest_first[:100], f"page_size={size}"
        assert page["next"] is not None
        last = follow(user, page["next"])
        assert ids(last) == newest_first[100:], f"page_size={size}"
    assert len(listing(user, page_size=100)["results"]) == 100
    assert len(listing(user)["results"]) == 20


def test_page_past_the_end_is_404(user):
    make_tasks(user, 5)
    for params in ({"page": 2}, {"page": 4, "page_size": 2}, {"page": 1000}):
        resp = api("GET", TASKS_PATH, params=params, headers=user.headers)
        assert expect_error(resp, 404)["detail"] == "Invalid page.", describe(resp)
    assert len(listing(user, page=3, page_size=2)["results"]) == 1


def test_page_2_of_an_empty_list_is_404_page_1_is_not(user):
    assert listing(user, page=1)["count"] == 0
    resp = api("GET", TASKS_PATH, params={"page": 2}, headers=user.headers)
    assert expect_error(resp, 404)["detail"] == "Invalid page.", describe(resp)


@pytest.mark.parametrize("value", ["0", "-1", "abc", "1.5", "1e2", " 2", "",
                                   "99999999999999999999"])
def test_malformed_page_is_400(user, value):
    create_task(user)
    errors = field_errors(api("GET", TASKS_PATH, params={"page": value}, headers=user.headers))
    assert "page" in errors, errors


@pytest.mark.parametrize("value", ["0", "-5", "abc", "2.0", ""])
def test_malformed_page_size_is_400(user, value):
    errors = field_errors(api("GET", TASKS_PATH, params={"page_size": value},
                              headers=user.headers))
    assert "page_size" in errors, errors


# -------------------------------------------------------------------------------- filters
@pytest.fixture
def mixed_tasks(user):
    """One task per status, priorities spread over them."""
    specs = [("todo", "low"), ("in_progress", "medium"), ("review", "high"), ("done", "urgent"),
             ("cancelled", "low"), ("todo", "urgent"), ("in_progress", "high")]
    return [create_task(user, title=f"{s} {p}", status=s, priority=p) for s, p in specs]


def matching(tasks, statuses=None, priorities=None):
    """Ids of the tasks that pass the filters, newest first (the default order)."""
    return [t["id"] for t in reversed(tasks)
            if (statuses is None or t["status"] in statuses)
            and (priorities is None or t["priority"] in priorities)]


@pytest.mark.parametrize("status", ["todo", "in_progress", "review", "done", "cancelled"])
def test_filter_by_one_status(user, mixed_tasks, status):
    page = listing(user, status=status)
    assert ids(page) == matching(mixed_tasks, statuses={status})
    assert page["count"] == len(page["results"])


@pytest.mark.parametrize("priority", ["low", "medium", "high", "urgent"])
def test_filter_by_one_priority(user, mixed_tasks, priority):
    assert ids(listing(user, priority=priority)) == matching(mixed_tasks, priorities={priority})


def test_filter_by_several_values(user, mixed_tasks):
    assert ids(listing(user, status="todo,review")) == matching(mixed_tasks,
                                                                statuses={"todo", "review"})
    assert ids(listing(user, status="done,cancelled,in_progress")) == matching(
        mixed_tasks, statuses={"done", "cancelled", "in_progress"})
    assert ids(listing(user, priority="low,urgent")) == matching(mixed_tasks,
                                                                 priorities={"low", "urgent"})
    # Repeated parameters and empty items count too.
    assert ids(listing(user, status=["todo", "done"])) == matching(mixed_tasks,
                                                                   statuses={"todo", "done"})
    assert ids(listing(user, status="todo,,review,")) == matching(mixed_tasks,
                                                                  statuses={"todo", "review"})
    assert ids(listing(user, status="todo,todo")) == matching(mixed_tasks, statuses={"todo"})


def test_filter_by_status_and_priority(user, mixed_tasks):
    page = listing(user, status="todo,in_progress", priority="high,urgent")
    assert ids(page) == matching(mixed_tasks, statuses={"todo", "in_progress"},
                                 priorities={"high", "urgent"})
    assert page["count"] == 2
    assert listing(user, status="done", priority="low")["count"] == 0


@pytest.mark.parametrize("params, name", [
    ({"status": "bogus"}, "status"),
    ({"status": "todo,bogus"}, "status"),
    ({"status": "TODO"}, "status"),
    ({"priority": "critical"}, "priority"),
    ({"priority": "high,nope"}, "priority"),
])
def test_unknown_filter_value_is_400(user, params, name):
    errors = field_errors(api("GET", TASKS_PATH, params=params, headers=user.headers))
    assert name in errors, errors


def test_unknown_query_parameters_are_ignored(user, mixed_tasks):
    assert listing(user, colour="blue", user_id=999)["count"] == len(mixed_tasks)


# --------------------------------------------------------------------------------- search
def search_titles(user, text, **params):
    page = listing(user, search=text, page_size=100, **params)
    return sorted(t["title"] for t in page["results"])


def test_search_title_and_description_case_insensitive(user):
    create_task(user, title="Quarterly REPORT", description="numbers")
    create_task(user, title="Groceries", description="milk, eggs; the report is elsewhere")
    create_task(user, title="Unrelated", description="nothing here")
    assert search_titles(user, "report") == ["Groceries", "Quarterly REPORT"]
    assert search_titles(user, "RePoRt") == ["Groceries", "Quarterly REPORT"]
    assert search_titles(user, "MILK") == ["Groceries"]
    assert search_titles(user, "terly rep") == ["Quarterly REPORT"]  # two terms, both in title
    assert search_titles(user, "absent") == []


def test_search_every_term_must_match(user):
    create_task(user, title="alpha beta", description="")
    create_task(user, title="alpha", description="gamma")
    create_task(user, title="beta", description="")
    assert search_titles(user, "alpha beta") == ["alpha beta"]
    assert search_titles(user, "beta,alpha") == ["alpha beta"]
    assert search_titles(user, "  alpha\tgamma  ") == ["alpha"]  # one in title, one in description
    assert search_titles(user, "alpha") == ["alpha", "alpha beta"]
    assert search_titles(user, "alpha delta") == []


def test_search_percent_and_underscore_are_literal(user):
    for title in ("100% done", "100 done", "1000 done", "a_b", "axb", "back\\slash", "backslash"):
        create_task(user, title=title)
    assert search_titles(user, "100%") == ["100% done"]
    assert search_titles(user, "%") == ["100% done"]
    assert search_titles(user, "a_b") == ["a_b"]
    assert search_titles(user, "_") == ["a_b"]
    assert search_titles(user, "k\\s") == ["back\\slash"]
    assert search_titles(user, "'; DROP TABLE tasks; --") == []


def test_search_unicode(user):
    create_task(user, title="Crème brûlée", description="")
    create_task(user, title="Привет мир", description="")
    create_task(user, title="plain", description="naïve café")
    create_task(user, title="emoji \U0001f680 launch", description="")
    assert search_titles(user, "CRÈME") == ["Crème brûlée"]
    assert search_titles(user, "brûlée") == ["Crème brûlée"]
    assert search_titles(user, "ПРИВЕТ") == ["Привет мир"]
    assert search_titles(user, "мир") == ["Привет мир"]
    assert search_titles(user, "CAFÉ") == ["plain"]
    assert search_titles(user, "\U0001f680") == ["emoji \U0001f680 launch"]
    assert search_titles(user, "creme") == []  # no accent folding


def test_links_keep_unicode_and_reserved_characters(user):
    for title in ("Crème a&b #1", "Crème a&b #2", "Crème a&b #3", "Crème other", "a&b plain"):
        create_task(user, title=title)
    page = listing(user, search="crème a&b", page_size=1)
    assert page["count"] == 3
    assert parse_qs(urlsplit(page["next"]).query) == {
        "search": ["crème a&b"], "page_size": ["1"], "page": ["2"]}, page["next"]
    titles = [t["title"] for t in page["results"]]
    while page["next"]:
        page = follow(user, page["next"])
        titles += [t["title"] for t in page["results"]]
    assert titles == ["Crème a&b #3", "Crème a&b #2", "Crème a&b #1"]


def test_plus_in_the_query_string_is_a_space(user):
    """As HTML forms and Django: search=c++ is the term "c"; c%2B%2B is "c++"."""
    for title in ("c++ guide", "c guide", "python"):
        create_task(user, title=title)
    raw = request("GET", f"{LIST_URL}?search=c%2B%2B", headers=user.headers)
    assert [t["title"] for t in expect(raw, 200)["results"]] == ["c++ guide"]
    raw = request("GET", f"{LIST_URL}?search=c++", headers=user.headers)
    assert sorted(t["title"] for t in expect(raw, 200)["results"]) == ["c guide", "c++ guide"]


@pytest.mark.parametrize("query", ["search=%FF", "search=%00", "search=%", "search=%zz",
                                   "ordering=%FF", "status=%FF", "page=%FF", "page_size=%00"])
def test_odd_query_strings_are_never_500(user, query):
    create_task(user)
    resp = request("GET", f"{LIST_URL}?{query}", headers=user.headers)
    assert resp.status_code in (200, 400), describe(resp)
    expect(resp, resp.status_code)


def test_empty_ordering_and_filters_are_the_defaults(user):
    tasks = make_tasks(user, 3)
    newest_first = [t["id"] for t in reversed(tasks)]
    for params in ({"ordering": ""}, {"ordering": ","}, {"status": ""}, {"priority": ","},
                   {"search": ""}):
        assert ids(listing(user, **params)) == newest_first, params


def test_blank_search_matches_everything(user):
    make_tasks(user, 3)
    assert listing(user, search="")["count"] == 3
    assert listing(user, search="  , ")["count"] == 3


def test_search_too_long_is_400(user):
    assert listing(user, search="x" * 200)["count"] == 0
    errors = field_errors(api("GET", TASKS_PATH, params={"search": "x" * 201},
                              headers=user.headers))
    assert "search" in errors, errors


# ------------------------------------------------------------------------------- ordering
@pytest.fixture
def ordered_tasks(user):
    """Five tasks whose every sortable field orders them differently (due dates: one null)."""
    specs = [
        ("delta", "high", "2030-03-01T00:00:00Z"),
        ("alpha", "low", None),
        ("echo", "urgent", "2030-01-01T00:00:00Z"),
        ("charlie", "medium", "2030-05-01T00:00:00Z"),
        ("bravo", "high", "2030-02-01T00:00:00Z"),
    ]
    tasks = [create_task(user, title=t, priority=p, due_date=d) for t, p, d in specs]
    # updated_at in yet another order.
    by_id = {t["id"]: t for t in tasks}
    for t in (tasks[2], tasks[0], tasks[4]):
        patched = expect(api("PATCH", task_path(t), json={"description": "touched"},
                             headers=user.headers), 200)
        by_id[t["id"]] = patched
    return [by_id[t["id"]] for t in tasks]


@pytest.mark.parametrize("field", ORDER_FIELDS)
@pytest.mark.parametrize("descending", [False, True], ids=["asc", "desc"])
def test_ordering_by_one_field(user, ordered_tasks, field, descending):
    ordering = ("-" if descending else "") + field
    page = listing(user, ordering=ordering)
    assert ids(page) == expected_order(ordered_tasks, ordering), (
        ordering, [(t["title"], t[field]) for t in page["results"]])


def test_ordering_by_priority_is_by_severity(user, ordered_tasks):
    up = [t["priority"] for t in listing(user, ordering="priority")["results"]]
    assert up == ["low", "medium", "high", "high", "urgent"], up
    down = [t["priority"] for t in listing(user, ordering="-priority")["results"]]
    assert down == ["urgent", "high", "high", "medium", "low"], down


def test_ordering_by_due_date_puts_nulls_last(user, ordered_tasks):
    for ordering in ("due_date", "-due_date"):
        dues = [t["due_date"] for t in listing(user, ordering=ordering)["results"]]
        assert dues[-1] is None and None not in dues[:-1], (ordering, dues)
    asc = [t["due_date"] for t in listing(user, ordering="due_date")["results"]][:-1]
    assert asc == sorted(asc)


def test_ordering_by_title(user, ordered_tasks):
    titles = [t["title"] for t in listing(user, ordering="title")["results"]]
    assert titles == ["alpha", "bravo", "charlie", "delta", "echo"]
    titles = [t["title"] for t in listing(user, ordering="-title")["results"]]
    assert titles == ["echo", "delta", "charlie", "bravo", "alpha"]


@pytest.mark.parametrize("ordering", [
    "priority,title", "priority,-title", "-priority,title", "-priority,-due_date",
    "priority,-created_at", "due_date,priority", "-updated_at,title",
    "priority,due_date,title", "-priority,updated_at",
])
def test_ordering_by_several_fields(user, ordered_tasks, ordering):
    page = listing(user, ordering=ordering)
    assert ids(page) == expected_order(ordered_tasks, ordering), (
        ordering, [(t["title"], t["priority"]) for t in page["results"]])


def test_ordering_ties_never_overlap_pages(user):
    """Equal keys: pages are still disjoint and complete (ties broken by id)."""
    tasks = make_tasks(user, 9, priority="medium")
    expected = [t["id"] for t in tasks]
    assert all_pages(user, ordering="priority", page_size=2) == expected
    assert all_pages(user, ordering="-priority", page_size=4) == list(reversed(expected))


@pytest.mark.parametrize("ordering", [
    "foo", "-foo", "title,foo", "description", "id", "user_id", "status", "--title", "+title",
    "title,title", "title,-title", "Title", "created_at desc",
])
def test_invalid_ordering_is_400_naming_the_allowed_fields(user, ordering):
    create_task(user)
    resp = api("GET", TASKS_PATH, params={"ordering": ordering}, headers=user.headers)
    errors = field_errors(resp)
    assert "ordering" in errors, describe(resp)
    if ordering not in ("title,title", "title,-title"):
        message = " ".join(errors["ordering"])
        for name in ORDER_FIELDS:
            assert name in message, f"{name} not named" + describe(resp)


# ------------------------------------------------------------------------------ combined
def test_filter_search_ordering_and_pagination_together(user):
    # Lower-case ASCII titles: their order is the same in every collation.
    specs = [
        ("report alpha", "", "todo", "high"), ("report bravo", "", "in_progress", "urgent"),
        ("report charlie", "", "done", "urgent"), ("memo delta", "", "todo", "urgent"),
        ("report echo", "", "todo", "high"), ("foxtrot", "the REPORT", "review", "high"),
        ("report golf", "", "in_progress", "medium"), ("hotel", "Report: x", "todo", "urgent"),
        ("report india", "", "in_progress", "low"), ("report juliett", "", "cancelled", "high"),
        ("report kilo", "", "todo", "medium"), ("lima", "a rePORT", "in_progress", "high"),
    ]
    tasks = [create_task(user, title=t, description=d, status=s, priority=p)
             for t, d, s, p in specs]
    params = {"status": "todo,in_progress", "priority": "high,urgent,medium",
              "search": "report", "ordering": "-priority,title"}
    selected = [t for t in tasks
                if t["status"] in ("todo", "in_progress")
                and t["priority"] in ("high", "urgent", "medium")
                and "report" in (t["title"] + " " + t["description"]).lower()]
    expected = expected_order(selected, params["ordering"])
    assert len(expected) == 7

    first = listing(user, page_size=3, **params)
    assert first["count"] == 7
    assert ids(first) == expected[:3]
    # The links keep every parameter.
    next_query = parse_qs(urlsplit(first["next"]).query)
    for name, value in params.items():
        assert next_query.get(name) == [value], (name, first["next"])
    second = follow(user, first["next"])
    assert ids(second) == expected[3:6]
    third = listing(user, page=3, page_size=3, **params)
    assert ids(third) == expected[6:] and third["next"] is None
    assert ids(follow(user, third["previous"])) == expected[3:6]
    assert all_pages(user, page_size=2, **params) == expected
    resp = api("GET", TASKS_PATH, params={**params, "page_size": 3, "page": 4},
               headers=user.headers)
    expect_error(resp, 404)

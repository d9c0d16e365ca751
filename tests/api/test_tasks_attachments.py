"""Attachments through the gateway: multipart upload (field `file`), the attachment object,
the download (exact bytes, Content-Type, Content-Disposition, nosniff), sanitized and Unicode
file names, where the files end up on disk, the upload rules, the 10 MiB limit."""

import hashlib
import os
import re
import uuid
from urllib.parse import unquote

import pytest

from support.config import TASKFLOW_HOME
from support.http import api, describe, expect, expect_error, field_errors, is_utc_timestamp
from support.identities import unique
from support.tasks import ATTACHMENT_FIELDS, TASKS_ATTACHMENTS_DIR, create_task, get_task, task_path

MIB = 1024 * 1024
MAX_UPLOAD = 10 * MIB
UUID_NAME = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def upload(user, task, name, content, content_type=None, field="file", timeout=None):
    part = (name, content) if content_type is None else (name, content, content_type)
    kwargs = {"timeout": timeout} if timeout else {}
    return api("POST", task_path(task, "attachments"), files={field: part}, headers=user.headers,
               **kwargs)


def raw_upload(user, task, body, boundary):
    """POSTs a hand-made multipart body."""
    return api("POST", task_path(task, "attachments"), data=body,
               headers={**user.headers,
                        "Content-Type": f"multipart/form-data; boundary={boundary}"})


def multipart(disposition, content, boundary, part_headers=""):
    return (f"--{boundary}\r\nContent-Disposition: {disposition}\r\n{part_headers}\r\n"
            .encode("utf-8") + content + f"\r\n--{boundary}--\r\n".encode())


def upload_with_disposition(user, task, disposition, content):
    """Uploads `content` as the one part of a hand-made body with this Content-Disposition;
    returns the response."""
    boundary = "b" + uuid.uuid4().hex
    return raw_upload(user, task, multipart(disposition, content, boundary), boundary)


def download(user, attachment):
    return api("GET", attachment["download_url"], headers=user.headers)


def stored_files_with(content):
    """The files in the attachments folder holding exactly these bytes."""
    return [p for p in TASKS_ATTACHMENTS_DIR.iterdir()
            if p.is_file() and p.stat().st_size == len(content) and p.read_bytes() == content]


def disposition_names(header):
    """(filename, decoded filename*) of an `attachment; filename="..."; filename*=UTF-8''...`."""
    assert header.startswith("attachment;"), header
    plain = re.search(r'filename="([^"]*)"', header)
    star = re.search(r"filename\*=UTF-8''([^;\s]+)", header)
    assert plain and star, header
    return plain.group(1), unquote(star.group(1), encoding="utf-8", errors="strict")


# --------------------------------------------------------------------------------- upload
def test_upload_and_download(user):
    task = create_task(user)
    content = b"Meeting notes\n- ship it\n"
    resp = upload(user, task, "notes.txt", content, "text/plain")
    att = expect(resp, 201)
    assert set(att) == ATTACHMENT_FIELDS, describe(resp)
    assert isinstance(att["id"], int) and att["id"] >= 1
    assert att["file_name"] == "notes.txt"
    assert att["file_size"] == len(content)
    assert att["mime_type"] == "text/plain"
    assert att["user_id"] == user.id
    assert is_utc_timestamp(att["created_at"]), describe(resp)
    assert att["download_url"] == f"/api/tasks/{task['id']}/attachments/{att['id']}/"

    resp = download(user, att)
    assert resp.status_code == 200, describe(resp)
    assert resp.content == content
    assert resp.headers.get("Content-Type", "").split(";")[0] == "text/plain", describe(resp)
    assert resp.headers.get("X-Content-Type-Options") == "nosniff", describe(resp)
    assert disposition_names(resp.headers.get("Content-Disposition", "")) == (
        "notes.txt", "notes.txt"), describe(resp)
    assert resp.headers.get("X-Request-ID"), describe(resp)


def test_binary_content_round_trips_exactly(user):
    task = create_task(user)
    content = bytes(range(256)) * 64 + b"\x00\x00\r\n--\r\n\x00" + os.urandom(4096)
    att = expect(upload(user, task, "blob.bin", content, "application/octet-stream"), 201)
    assert att["file_size"] == len(content)
    assert att["mime_type"] == "application/octet-stream"
    resp = download(user, att)
    assert resp.status_code == 200, describe(resp)
    assert resp.content == content, "downloaded bytes differ"
    assert resp.headers.get("Content-Type") == "application/octet-stream", describe(resp)
    assert resp.headers.get("Content-Length") in (None, str(len(content))), describe(resp)


def test_content_that_looks_like_a_boundary(user):
    """Bytes that resemble the multipart framing are content, not structure."""
    task = create_task(user)
    boundary = "XyZ" + uuid.uuid4().hex
    content = f"--{boundary}x\r\n--{boundary[:-1]}\r\n\r\n".encode() + b"\x00tail"
    resp = raw_upload(user, task, multipart('form-data; name="file"; filename="f.bin"', content,
                                            boundary), boundary)
    att = expect(resp, 201)
    assert download(user, att).content == content


@pytest.mark.parametrize("name, part_type, expected, served", [
    ("photo.png", "image/png", "image/png", "image/png"),
    ("report.pdf", "application/octet-stream", "application/pdf", "application/pdf"),
    ("report.PDF", None, "application/pdf", "application/pdf"),
    ("data.csv", "TEXT/CSV; charset=utf-8", "text/csv", "text/csv"),
    ("archive.unknownext", None, "application/octet-stream", "application/octet-stream"),
    # Types a browser could run script in are kept as the label but never served as such.
    ("page.html", "text/html", "text/html", "application/octet-stream"),
    ("icon.svg", "image/svg+xml", "image/svg+xml", "application/octet-stream"),
    ("feed.xml", "application/xhtml+xml", "application/xhtml+xml", "application/octet-stream"),
])
def test_mime_type(user, name, part_type, expected, served):
    task = create_task(user)
    resp = upload(user, task, name, b"<html><script>alert(1)</script></html>", part_type)
    att = expect(resp, 201)
    assert att["mime_type"] == expected, describe(resp)
    resp = download(user, att)
    assert resp.headers.get("Content-Type") == served, describe(resp)
    # Always as an attachment, never rendered.
    assert resp.headers.get("Content-Disposition", "").startswith("attachment;"), describe(resp)
    assert resp.headers.get("X-Content-Type-Options") == "nosniff", describe(resp)


def test_list_attachments(user):
    task = create_task(user)
    resp = api("GET", task_path(task, "attachments"), headers=user.headers)
    assert expect(resp, 200) == [], describe(resp)
    added = [expect(upload(user, task, f"file{i}.txt", f"content {i}".encode()), 201)
             for i in range(3)]
    resp = api("GET", task_path(task, "attachments"), headers=user.headers)
    listed = expect(resp, 200)
    assert listed == added, describe(resp)
    assert get_task(user, task)["attachments"] == added
    # Another task's list is its own.
    other = create_task(user)
    assert expect(api("GET", task_path(other, "attachments"), headers=user.headers), 200) == []


def test_attachment_under_another_tasks_url_is_404(user):
    a, b = create_task(user), create_task(user)
    att = expect(upload(user, a, "a.txt", b"on a"), 201)
    resp = api("GET", f"/api/tasks/{b['id']}/attachments/{att['id']}/", headers=user.headers)
    expect_error(resp, 404)
    for bad in ("0", "-1", "x", "99999999999999999999", str(att["id"] + 100000)):
        expect_error(api("GET", f"/api/tasks/{a['id']}/attachments/{bad}/", headers=user.headers),
                     404)


# ------------------------------------------------------------------------------ file names
@pytest.mark.parametrize("client_name, stored", [
    ("../../etc/passwd", "passwd"),
    ("/etc/passwd", "passwd"),
    ("..\\..\\windows\\system32\\boot.ini", "boot.ini"),
    ("C:\\Users\\me\\report.pdf", "report.pdf"),
    ("....//....//x.txt", "x.txt"),
    (".hidden", "hidden"),
    ("..", "file"),
    ("dir/", "file"),
    ("  spaced name.txt  ", "spaced name.txt"),
    ("evil\u202etxt.exe", "eviltxt.exe"),
])
def test_file_name_is_sanitized(user, client_name, stored):
    task = create_task(user)
    content = f"sanitize {unique()}".encode()
    resp = upload(user, task, client_name, content)
    att = expect(resp, 201)
    assert att["file_name"] == stored, describe(resp)
    resp = download(user, att)
    assert resp.content == content
    plain, star = disposition_names(resp.headers.get("Content-Disposition", ""))
    assert star == stored, describe(resp)
    assert plain == stored, describe(resp)


def test_path_in_the_name_escapes_nothing(user):
    """The stored file has a generated (UUID) name inside the attachments folder; the client's
    name is only metadata."""
    task = create_task(user)
    content = f"root:x:0:0:{unique()}:/root:/bin/bash\n".encode()
    names = ["../../etc/passwd", "../../../../../../../../etc/passwd", "../passwd",
             "..%2F..%2Fetc%2Fpasswd"]
    for name in names:
        expect(upload(user, task, name, content), 201)
    matches = stored_files_with(content)
    assert len(matches) == len(names), matches
    assert all(UUID_NAME.fullmatch(p.name) for p in matches), matches
    # Every file in the folder has a generated name, and nothing named passwd appeared anywhere
    # under the stack's home.
    for entry in TASKS_ATTACHMENTS_DIR.iterdir():
        assert entry.is_file() and UUID_NAME.fullmatch(entry.name), entry
    for root, _dirs, files in os.walk(TASKFLOW_HOME):
        assert "passwd" not in files, f"a file named passwd in {root}"
    assert not (TASKS_ATTACHMENTS_DIR.parent.parent / "etc").exists()
    # The real /etc/passwd is not what was uploaded.
    assert content not in open("/etc/passwd", "rb").read()


def test_control_characters_are_removed_from_the_name(user):
    task = create_task(user)
    att = expect(upload_with_disposition(
        user, task, 'form-data; name="file"; filename="tab\tand\x7fdel\x1b.txt"', b"ctl"), 201)
    assert att["file_name"] == "tabanddel.txt", att


def test_quote_in_the_name_cannot_break_the_header(user):
    task = create_task(user)
    att = expect(upload_with_disposition(
        user, task, 'form-data; name="file"; filename="a\\"b; c=%22d\\".txt"', b"quoted"), 201)
    assert att["file_name"] == 'a"b; c=%22d".txt', att
    resp = download(user, att)
    header = resp.headers.get("Content-Disposition", "")
    plain, star = disposition_names(header)
    assert '"' not in plain and "\\" not in plain, header
    assert star == att["file_name"], header


@pytest.mark.parametrize("name", ["résumé \U0001f4c4.txt", "отчёт.pdf", "数据.csv",
                                  "naïve café.md"])
def test_unicode_file_name_round_trip(user, name):
    task = create_task(user)
    att = expect(upload(user, task, name, b"unicode"), 201)  # requests: raw UTF-8 in filename=
    assert att["file_name"] == name, att
    resp = download(user, att)
    plain, star = disposition_names(resp.headers.get("Content-Disposition", ""))
    assert star == name, resp.headers
    assert plain.isascii() and "_" in plain, resp.headers  # the ASCII fallback
    assert len(plain) == len(name), resp.headers


def test_unicode_file_name_as_filename_star(user):
    """RFC 5987 filename* in the upload wins over the plain filename."""
    task = create_task(user)
    disposition = ("form-data; name=\"file\"; filename=\"fallback.txt\"; "
                   "filename*=UTF-8''%C3%BCber%20%E2%82%AC.txt")
    att = expect(upload_with_disposition(user, task, disposition, b"star"), 201)
    assert att["file_name"] == "über €.txt", att
    plain, star = disposition_names(download(user, att).headers["Content-Disposition"])
    assert star == "über €.txt" and plain == "_ber _.txt", (plain, star)


def test_long_file_name_is_cut_keeping_the_extension(user):
    task = create_task(user)
    att = expect(upload(user, task, "n" * 400 + ".pdf", b"long"), 201)
    assert att["file_name"].endswith(".pdf"), att
    assert len(att["file_name"].encode()) <= 255, att


# -------------------------------------------------------------------------- upload rules
def test_empty_file_is_400(user):
    task = create_task(user)
    errors = field_errors(upload(user, task, "empty.txt", b""))
    assert errors.get("file") == ["The submitted file is empty."], errors


@pytest.mark.parametrize("field", ["upload", "File", "files"])
def test_missing_file_field_is_400(user, field):
    task = create_task(user)
    errors = field_errors(upload(user, task, "a.txt", b"abc", field=field))
    assert errors.get("file") == ["No file was submitted."], errors


def test_form_field_without_file_name_is_400(user):
    task = create_task(user)
    resp = api("POST", task_path(task, "attachments"), files={"file": (None, "just text")},
               headers=user.headers)
    errors = field_errors(resp)
    assert "file" in errors, describe(resp)


def test_empty_file_name_is_400(user):
    task = create_task(user)
    errors = field_errors(
        upload_with_disposition(user, task, 'form-data; name="file"; filename=""', b"abc"))
    assert errors.get("file") == ["No file was submitted."], errors


@pytest.mark.parametrize("headers, data", [
    ({"Content-Type": "application/json"}, b'{"file": "aGVsbG8="}'),
    ({"Content-Type": "application/x-www-form-urlencoded"}, b"file=hello"),
    ({"Content-Type": "text/plain"}, b"hello"),
    ({"Content-Type": "application/octet-stream"}, b"hello"),
    ({"Content-Type": "multipart/form-data"}, b"--x\r\n\r\nhello\r\n--x--\r\n"),  # no boundary
    ({}, b"hello"),
])
def test_not_multipart_is_400_or_415(user, headers, data):
    task = create_task(user)
    resp = api("POST", task_path(task, "attachments"), data=data,
               headers={**user.headers, **headers})
    assert resp.status_code in (400, 415), describe(resp)
    expect_error(resp, resp.status_code)
    assert expect(api("GET", task_path(task, "attachments"), headers=user.headers), 200) == []


@pytest.mark.parametrize("body", [
    b"no boundary at all",
    b"--BOUND\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\nabc",
    b"--BOUND\r\nContent-Type: text/plain\r\n\r\nabc\r\n--BOUND--\r\n",
    b"--BOUND\r\nContent-Disposition: attachment; name=\"file\"\r\n\r\nabc\r\n--BOUND--\r\n",
    b"--BOUND\r\nno colon here\r\n\r\nabc\r\n--BOUND--\r\n",
    b"",
], ids=["no-boundary", "unclosed", "no-disposition", "not-form-data", "bad-header", "empty"])
def test_malformed_multipart_is_400(user, body):
    task = create_task(user)
    resp = raw_upload(user, task, body, "BOUND")
    expect_error(resp, 400)


# ---------------------------------------------------------------------------- size limit
def test_upload_over_10_mib_is_413_json(user):
    task = create_task(user)
    resp = upload(user, task, "big.bin", b"\x01" * (MAX_UPLOAD + 1), timeout=60)
    body = expect_error(resp, 413)
    assert isinstance(body, dict), describe(resp)
    assert resp.headers.get("X-Request-ID"), describe(resp)
    assert expect(api("GET", task_path(task, "attachments"), headers=user.headers), 200) == []


def test_upload_far_over_the_limit_is_413_json(user):
    """Bigger than the gateway lets through at all: its own 413, JSON as well."""
    task = create_task(user)
    resp = upload(user, task, "huge.bin", b"\x02" * (12 * MIB), timeout=60)
    expect_error(resp, 413)


def test_upload_of_exactly_10_mib(user):
    task = create_task(user)
    content = os.urandom(MIB) * 10
    resp = upload(user, task, "exact.bin", content, timeout=60)
    att = expect(resp, 201)
    assert att["file_size"] == MAX_UPLOAD, describe(resp)
    resp = api("GET", att["download_url"], headers=user.headers, timeout=60)
    assert resp.status_code == 200, describe(resp)
    assert len(resp.content) == MAX_UPLOAD
    assert hashlib.sha256(resp.content).digest() == hashlib.sha256(content).digest()
    # Leave no 10 MiB behind in the test stack's data folder.
    stored = stored_files_with(content)
    assert len(stored) == 1, stored
    expect(api("DELETE", task_path(task), headers=user.headers), 204)
    assert not stored[0].exists(), stored[0]

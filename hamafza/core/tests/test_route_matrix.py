"""The route × role matrix: every URL pattern of the resolver and every operation of the API's
OpenAPI document is asked by every demo role, an anonymous visitor, a coordinator of another
district, a trainer of another district and the directorate of another municipality, about the
objects of district 6 of Tehran, and each answer is checked against one policy table
(``route_policy``).

A GET is allowed (2xx, or a redirect that is not to the login), denied (401, 403, 404, 405 or a
redirect to the login) or an error (anything else: 5xx, 400, …). An unsafe request (POST, PUT,
PATCH, DELETE with an empty body) runs in a savepoint rolled back afterwards; a principal the
table denies must be denied and must not have written a row. A route or operation missing from
the table, or whose parameters ``route_world`` cannot fill, fails the test, so a new one needs a
decision before it ships.

One test per principal walks every route over the world built once for it; the failure lists
every difference."""

import json
import os
import re
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from hamafza.agreements.tests.conftest import deal  # noqa: F401 - reused fixture
from hamafza.api.api import api
from hamafza.camps.tests.conftest import camps  # noqa: F401 - reused fixture
from hamafza.core.tests import route_policy as policy
from hamafza.core.tests.route_world import API_ARGS, PAGE_ARGS, build
from hamafza.meetings.tests.conftest import committee  # noqa: F401 - reused fixture
from hamafza.sessions.tests.conftest import plan  # noqa: F401 - reused fixture
from hamafza.surveys.tests.conftest import survey_world  # noqa: F401 - reused fixture
from hamafza.trainers.tests.conftest import pool  # noqa: F401 - reused fixture

PRINCIPALS = policy.PRINCIPALS
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")
PARAM = re.compile(r"<(?:\w+:)?(\w+)>")
# the Django admin guards each of its pages with its own permissions; its index stands for it
ADMIN_SAMPLE = "admin:index"
# set to a file prefix to write what each principal got (to draft or review the table)
DRAFT = os.environ.get("ROUTE_MATRIX_DRAFT")


def page_routes() -> list[tuple[str, str]]:
    """(name, route) of every URL pattern outside the API (whose operations come from its
    OpenAPI document) and the admin (but its index)."""
    found = []

    def walk(patterns, prefix="", namespace=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = p.namespace or ""
                inner = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
                walk(p.url_patterns, prefix + str(p.pattern), inner)
            elif isinstance(p, URLPattern):
                name = f"{namespace}:{p.name}" if namespace and p.name else (p.name or "")
                found.append((name, prefix + str(p.pattern)))

    walk(get_resolver().url_patterns)
    out = []
    for name, route in found:
        if route.startswith("admin/") and name != ADMIN_SAMPLE:
            continue
        if route.startswith("api/") and name not in policy.API_PAGES:
            continue
        out.append((name, route))
    return out


def api_operations() -> list[tuple[str, str, str]]:
    """(operation id, method, path) of every operation in the OpenAPI document."""
    schema = api.get_openapi_schema()
    return [
        (op["operationId"], method.upper(), path)
        for path, ops in schema["paths"].items()
        for method, op in ops.items()
    ]


def classify(response) -> str:
    status = response.status_code
    if status in (401, 403, 404, 405):
        return "deny"
    if status in (301, 302, 303):
        return "deny" if "/login/" in urlsplit(response.get("Location", "")).path else "allow"
    if 200 <= status < 300:
        return "allow"
    return f"error {status}"


def classify_unsafe(response) -> str:
    """As ``classify``; the (empty) input refused is "refused": the operation parsed its input
    before asking who calls (the API checks the body first), which proves no refusal, so it is
    accepted for a principal the table denies only when nothing was written."""
    if response.status_code in (400, 409, 422):
        return "refused"
    return classify(response)


WRITE = re.compile(r"^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM|COPY)\s+\"?(\w+)", re.IGNORECASE)
# the session a login or a message writes, and the login throttle's own records
NOT_DATA = re.compile(r"^(django_session|axes_)")


class Writes:
    """Tables written by the statements run while it is installed (an execute wrapper), so an
    UPDATE is seen as well as an INSERT or a DELETE."""

    def __init__(self):
        self.tables: list[str] = []

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        found = WRITE.match(sql)
        # a statement that matched no row (an UPDATE of nobody's token) wrote nothing
        if found and not NOT_DATA.match(found.group(2)) and context["cursor"].rowcount != 0:
            self.tables.append(found.group(2))
        return result


def _fill(route_or_path: str, args: dict) -> str:
    return "/" + PARAM.sub(lambda m: str(args[m.group(1)]), route_or_path).lstrip("/")


def _api_path(path: str, args: dict) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str(args[m.group(1)]), path)


def _client(user) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def _ask(client, user, method, url, *, api_call) -> tuple[str, list[str]]:
    """One unsafe request in a savepoint rolled back afterwards: its class and the tables it
    wrote to."""
    cache.clear()
    writes = Writes()
    with transaction.atomic(), connection.execute_wrapper(writes):
        if api_call:
            response = getattr(client, method.lower())(
                url, data="{}", content_type="application/json"
            )
        else:
            response = getattr(client, method.lower())(url, data={})
        transaction.set_rollback(True)
    written = sorted(set(writes.tables))
    if user is not None and client.cookies.get("sessionid") is None:
        client.force_login(user)  # the request logged the client out
    elif user is not None and "_auth_user_id" not in client.session:
        client.force_login(user)
    return classify_unsafe(response), written


@pytest.fixture
def objects(world, users, pool, plan, survey_world, committee, deal, camps):  # noqa: F811
    return build(world, users, pool, plan, survey_world, committee, deal, camps)


def walk(principal, users, objects) -> tuple[list[str], dict]:
    """Every route and operation as ``principal``: the differences from the table, and what was
    seen (for drafting the table)."""
    user = None if principal == "anonymous" else users[principal]
    client = _client(user)
    problems, seen = [], {}

    def check(key, row, method, url, *, api_call):
        if method == "GET":
            cache.clear()
            response = client.get(url)
            got, written = classify(response), []
            expected = row.get
        else:
            expected = row.change
            if principal in expected and not DRAFT:
                return  # only a refusal is checked: an allowed write with no body proves little
            got, written = _ask(client, user, method, url, api_call=api_call)
        seen[f"{key} {method}"] = got
        want = "allow" if principal in expected else "deny"
        if got == "refused":
            got = want if (want == "deny" and not written) or DRAFT else "allow"
        if got != want:
            problems.append(f"{method} {url} [{key}]: expected {want}, got {got}")
        if want == "deny" and written:
            problems.append(f"{method} {url} [{key}]: denied but wrote {written}")

    for name, route in page_routes():
        row = policy.PAGES.get(name)
        if row is None:
            problems.append(f"page {name} ({route}) is not in route_policy.PAGES")
            row = policy.NOBODY_ROW
        params = PARAM.findall(route)
        if params and name not in PAGE_ARGS:
            problems.append(f"page {name} ({route}) has no arguments in route_world.PAGE_ARGS")
            continue
        url = _fill(route, PAGE_ARGS[name](objects) if params else {})
        for method in ("GET", "POST"):
            check(name, row, method, url, api_call=False)

    for op_id, method, path in api_operations():
        row = policy.API.get(op_id)
        if row is None:
            problems.append(f"API {op_id} ({method} {path}) is not in route_policy.API")
            row = policy.NOBODY_ROW
        params = re.findall(r"\{(\w+)\}", path)
        if params and op_id not in API_ARGS:
            problems.append(f"API {op_id} ({method} {path}) has no arguments in route_world")
            continue
        url = _api_path(path, API_ARGS[op_id](objects) if params else {})
        check(op_id, row, method, url, api_call=True)
    return problems, seen


@pytest.mark.parametrize("principal", PRINCIPALS)
def test_every_route_answers_each_principal_as_the_policy_says(principal, users, objects):
    problems, seen = walk(principal, users, objects)
    if DRAFT:
        with open(f"{DRAFT}.{principal}.json", "w") as out:
            json.dump(seen, out, indent=0, sort_keys=True)
    assert not problems, f"{len(problems)} differences from route_policy:\n" + "\n".join(problems)


def test_the_policy_table_has_no_row_for_a_route_that_is_gone():
    pages = {name for name, _route in page_routes()}
    operations = {op_id for op_id, _m, _p in api_operations()}
    assert not set(policy.PAGES) - pages, set(policy.PAGES) - pages
    assert not set(policy.API) - operations, set(policy.API) - operations

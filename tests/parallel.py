"""Requests that run at the same moment, each from a thread of its own, on one database."""

import threading

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.test import Client

from tests.factories import StaffRoleFactory


@pytest.fixture
def shared_db(transactional_db, tmp_path):
    """A database that several threads write to at once, as the deployed app's does.

    pytest-django keeps the SQLite test database in memory with a shared cache,
    where a second writer fails at once ("database table is locked") instead of
    waiting for the lock as on a database file. So on SQLite the test runs on a
    file copy; PostgreSQL needs nothing.
    """
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    path = tmp_path / "shared.sqlite3"
    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(path)])
    memory_settings = connections.settings[DEFAULT_DB_ALIAS]
    memory_connection = connections[DEFAULT_DB_ALIAS]
    connections.settings[DEFAULT_DB_ALIAS] = {**memory_settings, "NAME": str(path)}
    connections[DEFAULT_DB_ALIAS] = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        yield
    finally:
        connections[DEFAULT_DB_ALIAS].close()
        connections[DEFAULT_DB_ALIAS] = memory_connection
        connections.settings[DEFAULT_DB_ALIAS] = memory_settings


def post_at_once(posts: list[tuple[Client, str, dict]]) -> list:
    """Send the posts from one thread each, released together; their responses in order."""
    barrier = threading.Barrier(len(posts))
    results: list = [None] * len(posts)

    def send(index, client, url, data):
        try:
            barrier.wait(timeout=10)
            results[index] = client.post(url, data)
        except Exception as error:  # reported by the test below
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(i, *post)) for i, post in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def two_editors(committee) -> tuple[Client, Client]:
    """Two clients, each signed in as an editor of `committee` of their own."""
    clients = []
    for _ in range(2):
        client = Client()
        client.force_login(StaffRoleFactory(committee=committee, role="editor").user)
        clients.append(client)
    return clients[0], clients[1]

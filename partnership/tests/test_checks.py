"""System checks keep the page cache and the Celery queue in separate Redis databases and instances,
and production's cache out of each process's memory.

The URLs name port 6399, where nothing listens: checks only read settings, and nothing
here may ever reach a Redis in use.
"""

import pytest
from django.test import override_settings

from partnership.checks import (
    cache_and_broker_in_different_redis_databases,
    cache_and_broker_in_different_redis_instances,
    cache_shared_by_every_process,
)
from partnership.tests.test_settings import ROOT, STRONG_KEY, run_manage

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def redis_cache(url: str) -> dict:
    return {"default": {"BACKEND": "partnership.redis_cache.RedisCache", "LOCATION": url}}


def check_ids(cache_url: str | None, broker_url: str) -> list[str]:
    caches = redis_cache(cache_url) if cache_url else LOCMEM
    with override_settings(CACHES=caches, CELERY_BROKER_URL=broker_url):
        found = cache_and_broker_in_different_redis_databases() + cache_and_broker_in_different_redis_instances()
    return [message.id for message in found]


@pytest.mark.parametrize(
    ("cache_url", "broker_url"),
    [
        ("redis://127.0.0.1:6399/1", "redis://127.0.0.1:6399/1"),
        ("redis://localhost:6399", "redis://127.0.0.1:6399/0"),  # the same database, spelt differently
        ("redis://127.0.0.1:6399/0", "redis://127.0.0.1:6399?db=0"),
    ],
)
def test_cache_and_broker_in_one_redis_database_is_an_error(cache_url, broker_url):
    assert check_ids(cache_url, broker_url) == ["partnership.E001"]


def test_cache_and_broker_in_one_redis_instance_is_a_deployment_warning():
    assert check_ids("redis://127.0.0.1:6399/1", "redis://127.0.0.1:6399/0") == ["partnership.W001"]


@pytest.mark.parametrize(
    ("cache_url", "broker_url"),
    [
        ("redis://127.0.0.1:6398/0", "redis://127.0.0.1:6399/0"),  # two instances
        ("redis://cache.internal:6399/0", "redis://queue.internal:6399/0"),
        (None, "redis://127.0.0.1:6399/0"),  # local-memory cache
        ("redis://127.0.0.1:6399/0", ""),  # no broker: tasks run in-process
        ("redis://127.0.0.1:6399/0", "amqp://guest@127.0.0.1:5672//"),
    ],
)
def test_cache_and_broker_apart_pass(cache_url, broker_url):
    assert check_ids(cache_url, broker_url) == []


def test_the_example_environment_keeps_cache_and_broker_in_separate_instances():
    lines = (ROOT / "deploy" / "lsp-portal.env.example").read_text().splitlines()
    env = dict(line.split("=", 1) for line in lines if "=" in line and not line.startswith("#"))
    assert check_ids(env["CACHE_URL"], env["CELERY_BROKER_URL"]) == []


def test_manage_check_refuses_one_database_for_both():
    url = "redis://127.0.0.1:6399/1"
    result = run_manage("check", CACHE_URL=url, CELERY_BROKER_URL=url)
    assert result.returncode != 0
    assert "partnership.E001" in result.stderr


@pytest.mark.parametrize(
    ("services", "warning"),
    [
        ({"CACHE_URL": "redis://127.0.0.1:6399/1", "CELERY_BROKER_URL": "redis://127.0.0.1:6399/0"}, "W001"),
        ({}, "W002"),  # no shared cache: each process its own
    ],
)
def test_check_deploy_warns(services, warning):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_PRODUCTION="1",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="lsp.example.org",
        **services,
    )
    assert result.returncode != 0
    assert f"partnership.{warning}" in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("caches", "expected"), [(LOCMEM, ["partnership.W002"]), (redis_cache("redis://127.0.0.1:6399/1"), [])]
)
def test_a_cache_in_each_process_is_a_deployment_warning(caches, expected):
    with override_settings(CACHES=caches):
        assert [message.id for message in cache_shared_by_every_process()] == expected

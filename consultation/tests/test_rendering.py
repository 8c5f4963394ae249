"""A comment written in Python (``consultation.rendering``) links where ``reverse`` does."""

from django.urls import reverse

from consultation.rendering import pk_url


def test_comment_links_are_the_reversed_urls():
    for name in ("consultation:comment-reply", "consultation:comment-report", "consultation:moderation-comment"):
        for pk in (1, 42, 987654321):
            assert pk_url(name)(pk) == reverse(name, args=[pk])

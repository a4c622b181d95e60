"""Reference addresses a reader or a link checker could not follow, found offline
(articles/reference_urls.py)."""

import pytest

from articles.reference_urls import reference_url_problems


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.nhs.uk/conditions/back-pain/", []),
        ("https://doi.org/10.1136/bmj.m2922", []),
        ("https://medlineplus.gov/ency/article/003188.htm#causes", []),
        ("", ["There is no address."]),
        ("http://www.nhs.uk/", ["It uses http://, not https://"]),
        ("www.nhs.uk/conditions", ["It is not a full web address"]),
        ("ftp://files.nhs.uk/x.pdf", ["It is a “ftp:” address"]),
        ("https://www.nhs.uk/back pain", ["It contains spaces"]),
        ("https://user:secret@www.nhs.uk/", ["It contains a user name or password"]),
        ("https://192.168.1.10/page", ["It points to an IP address"]),
        ("https://[2001:db8::1]/page", ["It points to an IP address"]),
        ("https://localhost:8000/x", ["It points to a local or example host"]),
        ("https://intranet/x", ["It points to a local or example host"]),
        ("https://example.org/", ["It points to a local or example host"]),
        ("https://wiki.corp.internal/x", ["It points to a local or example host"]),
        ("https://www.nhs.uk:99999/", ["It is not a valid web address"]),
        ("https://[not-an-ip/", ["It is not a valid web address"]),
        ("https://bit.ly/3abcde", ["It is a short link"]),
        ("https://doi.org/bmj.m2922", ["The DOI in it is malformed"]),
        ("http://dx.doi.org/10.1136", ["It uses http://", "The DOI in it is malformed"]),
    ],
)
def test_reference_url_problems(url, expected):
    problems = reference_url_problems(url)
    assert len(problems) == len(expected), problems
    for problem, start in zip(problems, expected, strict=True):
        assert problem.startswith(start), problem

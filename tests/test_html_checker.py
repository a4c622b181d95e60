"""`make test` runs its pytest processes under tests/html_checker.py's main(), which
starts one HTML checker for all of them and stops it after."""

import sys

from tests import html_checker

SAYS_URL = "import os, sys; print(os.environ['VNU_URL']); sys.exit(3)"


def test_the_command_gets_the_checkers_address_and_its_exit_status_is_kept(capfd, monkeypatch):
    started = []
    real = html_checker.launch
    monkeypatch.setattr(html_checker, "launch", lambda: started.append(real()) or started[-1])

    assert html_checker.main([sys.executable, "-c", SAYS_URL]) == 3

    [(server, url)] = started
    assert capfd.readouterr().out.strip() == url
    assert server.poll() is not None  # stopped once the command ended


def test_without_a_command_it_says_how_to_call_it(capsys):
    assert html_checker.main([]) == 2
    assert "usage" in capsys.readouterr().err

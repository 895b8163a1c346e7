"""Working-group credentials: tokens shown once, only hashes stored, revocation, constant-time checks, CLI."""
from __future__ import annotations

import json

import pytest

from indicators.uploads import auth
from tests.test_cli import run


def test_token_is_shown_once_and_only_its_hash_is_stored(tmp_path):
    d = tmp_path / "data"
    token = auth.add_group("Kenya NSO", d)
    assert token.startswith("mpdg_") and len(token) > 40
    stored = (d / "groups.json").read_text(encoding="utf-8")
    assert token not in stored and token[9:] not in stored
    assert json.loads(stored)["groups"]["Kenya NSO"]["token_sha256"] == auth.hash_token(token)
    assert auth.authenticate(token, d) == "Kenya NSO"
    assert auth.authenticate(f"  {token} ", d) == "Kenya NSO"


def test_two_groups_have_different_tokens(tmp_path):
    a, b = auth.add_group("A team", tmp_path), auth.add_group("B team", tmp_path)
    assert a != b and auth.authenticate(a, tmp_path) == "A team" and auth.authenticate(b, tmp_path) == "B team"


@pytest.mark.parametrize("token,status", [(None, 401), ("", 401), ("   ", 401), ("mpdg_" + "x" * 43, 401),
                                          ("not-a-token", 401), ("Bearer abc", 401)])
def test_missing_or_wrong_token_is_401(tmp_path, token, status):
    auth.add_group("A team", tmp_path)
    with pytest.raises(auth.AuthError) as err:
        auth.authenticate(token, tmp_path)
    assert err.value.status == status


def test_revoked_token_is_403_and_replacement_invalidates_the_old_one(tmp_path):
    old = auth.add_group("A team", tmp_path)
    with pytest.raises(ValueError, match="exists"):
        auth.add_group("A team", tmp_path)
    new = auth.add_group("A team", tmp_path, replace=True)
    with pytest.raises(auth.AuthError) as err:
        auth.authenticate(old, tmp_path)
    assert err.value.status == 401
    auth.revoke_group("A team", tmp_path)
    with pytest.raises(auth.AuthError) as err:
        auth.authenticate(new, tmp_path)
    assert err.value.status == 403 and "revoked" in err.value.message
    with pytest.raises(ValueError):
        auth.revoke_group("A team", tmp_path)
    with pytest.raises(KeyError):
        auth.revoke_group("nobody", tmp_path)
    assert [(g.name, g.active) for g in auth.list_groups(tmp_path)] == [("A team", False)]


@pytest.mark.parametrize("name", ["", " ", "x" * 81, "bad\nname", "<script>", "bundled", "Operator"])
def test_group_names_are_checked(tmp_path, name):
    with pytest.raises(ValueError):
        auth.add_group(name, tmp_path)


def test_bearer_header_parsing():
    assert auth.bearer("Bearer abc") == "abc" and auth.bearer("bearer  abc ") == "abc"
    assert auth.bearer("Basic abc") is None and auth.bearer(None) is None and auth.bearer("Bearer") is None


def test_no_groups_file_means_nobody_can_upload(tmp_path):
    with pytest.raises(auth.AuthError):
        auth.authenticate("mpdg_" + "a" * 43, tmp_path)
    assert not (tmp_path / "groups.json").exists()


def test_cli_groups_add_list_revoke(tmp_path):
    d = tmp_path / "data"
    r = run("groups", "add", "ILO survey team", data_dir=d)
    assert r.returncode == 0, r.stderr
    token = r.stdout.strip()
    assert "cannot be shown again" in r.stderr and auth.authenticate(token, d) == "ILO survey team"
    listing = run("groups", "list", data_dir=d).stdout
    assert "ILO survey team" in listing and "active" in listing and token not in listing
    assert run("groups", "add", "ILO survey team", data_dir=d).returncode == 2
    assert run("groups", "revoke", "ILO survey team", data_dir=d).returncode == 0
    assert "revoked" in run("groups", "list", data_dir=d).stdout
